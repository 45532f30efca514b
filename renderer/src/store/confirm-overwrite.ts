import type { Fault } from '../api/client.ts';

/**
 * Whether to retry an export or a run with `overwrite`: the service refused because the file exists
 * (Conflict on the `overwrite` field), and the person confirmed replacing it.
 */
export function confirmOverwrite(fault: Fault): boolean {
  if (fault.code !== 'Conflict' || fault.field !== 'overwrite') return false;
  const ask = (globalThis as { confirm?: (message: string) => boolean }).confirm;
  return ask !== undefined && ask(`${fault.message}\n\nReplace the existing file?`);
}
