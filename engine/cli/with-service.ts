import { openService, type Service } from '../service/service.ts';
import { printFault, type Io } from './output.ts';

/**
 * Opens the workspace, runs the command against its service, closes it; returns the exit code.
 * Commands that only read open it read-only (`{ readonly: true }`): nothing is written, so a full
 * disk or a read-only file can still be inspected.
 */
export async function withService(
  io: Io,
  file: string,
  json: boolean,
  fn: (service: Service) => Promise<number>,
  opts: { readonly?: boolean } = {},
): Promise<number> {
  const opened = openService(file, { readonly: opts.readonly === true });
  if (!opened.ok) return printFault(io, opened.error, json);
  try {
    return await fn(opened.data);
  } finally {
    opened.data.close();
  }
}
