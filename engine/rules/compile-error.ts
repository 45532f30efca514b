/** Thrown by compile() for a rule that cannot run: unknown operator, malformed node, wrong arity. */
export class RuleCompileError extends Error {
  /** JSON path of the offending node inside the rule, e.g. $.and[1].in[0]. */
  readonly path: string;

  constructor(message: string, path: string) {
    super(`${message} at ${path}`);
    this.name = 'RuleCompileError';
    this.path = path;
  }
}
