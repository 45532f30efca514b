/**
 * The operator catalogue: every operator a rule may use, for the compiler, docs/rules.md and
 * the UI's rule builder. `arity` is "n", "min..max" or "min+" (counted after the unary sugar
 * {"op": x} → {"op": [x]}). Arity is enforced for custom operators only; standard operators
 * accept any count, as json-logic-js does (missing operands are undefined).
 */
export interface OperatorInfo {
  name: string;
  kind: 'standard' | 'custom';
  arity: string;
  doc: string;
}

export const OPERATORS: ReadonlyArray<OperatorInfo> = Object.freeze([
  // Data access
  {
    name: 'var',
    kind: 'standard',
    arity: '0..2',
    doc: 'Reads a value by dotted path ("a.b.0"); [path, default]; "" or no path = the whole data. Inside some/all/none/map/filter/reduce/count it reads the current element.',
  },
  {
    name: 'missing',
    kind: 'standard',
    arity: '0+',
    doc: 'Array of the given keys whose value is null, "" or absent (one array argument = the list of keys).',
  },
  {
    name: 'missing_some',
    kind: 'standard',
    arity: '2',
    doc: '[need, keys]: [] when at least `need` keys are present, else the missing keys.',
  },
  // Logic
  {
    name: 'if',
    kind: 'standard',
    arity: '0+',
    doc: '[cond, then, cond2, then2, ..., else]: the value of the first branch whose condition is truthy.',
  },
  { name: '?:', kind: 'standard', arity: '0+', doc: 'Same as if.' },
  { name: '==', kind: 'standard', arity: '2', doc: 'Loose equality (JavaScript ==).' },
  { name: '===', kind: 'standard', arity: '2', doc: 'Strict equality (JavaScript ===).' },
  { name: '!=', kind: 'standard', arity: '2', doc: 'Loose inequality (JavaScript !=).' },
  { name: '!==', kind: 'standard', arity: '2', doc: 'Strict inequality (JavaScript !==).' },
  { name: '!', kind: 'standard', arity: '1', doc: 'Negated JSONLogic truthiness of the first operand.' },
  { name: '!!', kind: 'standard', arity: '1', doc: 'JSONLogic truthiness of the first operand, as a boolean.' },
  {
    name: 'or',
    kind: 'standard',
    arity: '1+',
    doc: 'The first truthy operand, or the last operand (short-circuits; returns the operand, not a boolean).',
  },
  {
    name: 'and',
    kind: 'standard',
    arity: '1+',
    doc: 'The first falsy operand, or the last operand (short-circuits; returns the operand, not a boolean).',
  },
  // Numeric comparison
  { name: '>', kind: 'standard', arity: '2', doc: 'a > b (JavaScript comparison).' },
  { name: '>=', kind: 'standard', arity: '2', doc: 'a >= b.' },
  { name: '<', kind: 'standard', arity: '2..3', doc: 'a < b; with three operands, a < b < c (exclusive between).' },
  { name: '<=', kind: 'standard', arity: '2..3', doc: 'a <= b; with three operands, a <= b <= c (inclusive between).' },
  { name: 'max', kind: 'standard', arity: '0+', doc: 'Math.max of the operands.' },
  { name: 'min', kind: 'standard', arity: '0+', doc: 'Math.min of the operands.' },
  // Arithmetic
  {
    name: '+',
    kind: 'standard',
    arity: '0+',
    doc: 'Sum of the operands parsed with parseFloat; {"+": "3.14"} casts to a number.',
  },
  { name: '-', kind: 'standard', arity: '1..2', doc: 'a - b; with one operand, its negation.' },
  {
    name: '*',
    kind: 'standard',
    arity: '1+',
    doc: 'Product of the operands parsed with parseFloat (a single operand is returned as is).',
  },
  { name: '/', kind: 'standard', arity: '2', doc: 'a / b.' },
  { name: '%', kind: 'standard', arity: '2', doc: 'a % b.' },
  // Arrays
  {
    name: 'map',
    kind: 'standard',
    arity: '2',
    doc: '[array, logic]: the logic applied to each element (the element is the data).',
  },
  { name: 'filter', kind: 'standard', arity: '2', doc: '[array, logic]: the elements for which the logic is truthy.' },
  {
    name: 'reduce',
    kind: 'standard',
    arity: '2..3',
    doc: '[array, logic, initial]: folds with data {current, accumulator}; initial defaults to null.',
  },
  {
    name: 'all',
    kind: 'standard',
    arity: '2',
    doc: '[array, logic]: true when the logic is truthy for every element; false for an empty array.',
  },
  {
    name: 'none',
    kind: 'standard',
    arity: '2',
    doc: '[array, logic]: true when the logic is truthy for no element (true for an empty array).',
  },
  {
    name: 'some',
    kind: 'standard',
    arity: '2',
    doc: '[array, logic]: true when the logic is truthy for at least one element.',
  },
  {
    name: 'merge',
    kind: 'standard',
    arity: '0+',
    doc: 'One flat array of the operands (arrays are flattened one level).',
  },
  {
    name: 'in',
    kind: 'standard',
    arity: '2',
    doc: '[a, b]: b contains a — substring when b is a string, membership (===) when b is an array.',
  },
  // Strings
  { name: 'cat', kind: 'standard', arity: '0+', doc: 'Concatenation of the operands as strings (null → "").' },
  {
    name: 'substr',
    kind: 'standard',
    arity: '2..3',
    doc: '[string, start, length]: negative start counts from the end; negative length stops that many characters before the end.',
  },
  // Miscellaneous
  {
    name: 'log',
    kind: 'standard',
    arity: '1',
    doc: "Passes its operand to the context's log callback (never the console) and returns it.",
  },
  // Custom: time (timestamps are ISO-8601 strings; units: seconds, minutes, hours, days, weeks)
  { name: 'now', kind: 'custom', arity: '0', doc: '{"now": []}: the as-of time of the evaluation, canonical ISO UTC.' },
  {
    name: 'time_ago',
    kind: 'custom',
    arity: '2',
    doc: '[n, unit]: canonical ISO timestamp n units before the as-of time.',
  },
  {
    name: 'time_since',
    kind: 'custom',
    arity: '2',
    doc: '[timestamp, unit]: units (fractional) from the timestamp to the as-of time; null when the timestamp does not parse.',
  },
  {
    name: 'before',
    kind: 'custom',
    arity: '2',
    doc: '[a, b]: timestamp a is strictly before b; false when either does not parse.',
  },
  {
    name: 'after',
    kind: 'custom',
    arity: '2',
    doc: '[a, b]: timestamp a is strictly after b; false when either does not parse.',
  },
  {
    name: 'within_last',
    kind: 'custom',
    arity: '3',
    doc: '[timestamp, n, unit]: as-of − n units ≤ timestamp ≤ as-of; false when the timestamp does not parse.',
  },
  // Custom: profile graph (always read the profile root, also inside some/all/...)
  {
    name: 'in_segment',
    kind: 'custom',
    arity: '1',
    doc: '"Segment_ApiName": true when the individual\'s segments contain it.',
  },
  {
    name: 'ci',
    kind: 'custom',
    arity: '1..2',
    doc: '"name" or ["name", default]: the calculated-insight value ci[name]; the default (or null) when absent or null.',
  },
  {
    name: 'count',
    kind: 'custom',
    arity: '1..2',
    doc: '[array] or [array, logic]: number of elements (for which the logic is truthy, with the element as data); 0 when not an array.',
  },
]);

/** Operators that take an array and a logic evaluated with each element as the data. */
export const ITERATING_OPERATORS: ReadonlySet<string> = new Set([
  'map',
  'filter',
  'reduce',
  'all',
  'some',
  'none',
  'count',
]);

/** Operators whose value is a yes/no answer: each occurrence counts as one condition. */
export const PREDICATE_OPERATORS: ReadonlySet<string> = new Set([
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'some',
  'all',
  'none',
  'missing',
  'missing_some',
  'before',
  'after',
  'within_last',
  'in_segment',
]);

const BY_NAME: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map((o) => [o.name, o]));

/** The catalogue entry of an operator name, or undefined when the name is not an operator. */
export const operatorInfo = (name: string): OperatorInfo | undefined => BY_NAME.get(name);

/** Parses an arity string into bounds (max = Infinity for "n+"). */
export function arityBounds(arity: string): { min: number; max: number } {
  const plus = /^(\d+)\+$/.exec(arity);
  if (plus) return { min: Number(plus[1]), max: Infinity };
  const range = /^(\d+)\.\.(\d+)$/.exec(arity);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  return { min: Number(arity), max: Number(arity) };
}
