import { printFault, type Io } from './output.ts';

/** Parses whole-number options; prints a fault naming the option (JSON with --json) and returns undefined on bad input. */
export function intOption<K extends string>(
  io: Io,
  values: Record<K, string | undefined>,
  json = false,
): Partial<Record<K, number>> | undefined {
  const out: Partial<Record<K, number>> = {};
  for (const [k, v] of Object.entries(values) as [K, string | undefined][]) {
    if (v === undefined) continue;
    if (!/^-?\d+$/.test(v)) {
      printFault(io, { code: 'InvalidInput', message: `--${k} must be a whole number (got "${v}")`, field: k }, json);
      return undefined;
    }
    out[k] = Number(v);
  }
  return out;
}

/** Parses a JSON option (e.g. --context); prints a fault naming the option (JSON with --json) on bad input. */
export function jsonOption(
  io: Io,
  name: string,
  text: string | undefined,
  json = false,
): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    printFault(
      io,
      { code: 'InvalidInput', message: `--${name} is not valid JSON: ${(e as Error).message}`, field: name },
      json,
    );
    return { ok: false };
  }
}
