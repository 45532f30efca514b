import type { Io } from './output.ts';

/** Parses whole-number options; prints a message naming the option and returns undefined on bad input. */
export function intOption<K extends string>(
  io: Io,
  values: Record<K, string | undefined>,
): Partial<Record<K, number>> | undefined {
  const out: Partial<Record<K, number>> = {};
  for (const [k, v] of Object.entries(values) as [K, string | undefined][]) {
    if (v === undefined) continue;
    if (!/^-?\d+$/.test(v)) {
      io.err(`workbench: InvalidInput: --${k} must be a whole number (got "${v}")\n`);
      return undefined;
    }
    out[k] = Number(v);
  }
  return out;
}

/** Parses a JSON option (e.g. --context); prints a message naming the option on bad input. */
export function jsonOption(
  io: Io,
  name: string,
  text: string | undefined,
): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    io.err(`workbench: InvalidInput: --${name} is not valid JSON: ${(e as Error).message}\n`);
    return { ok: false };
  }
}
