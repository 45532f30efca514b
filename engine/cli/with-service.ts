import { openService, type Service } from '../service/service.ts';
import { printFault, type Io } from './output.ts';

/** Opens the workspace, runs the command against its service, closes it; returns the exit code. */
export async function withService(
  io: Io,
  file: string,
  json: boolean,
  fn: (service: Service) => Promise<number>,
): Promise<number> {
  const opened = openService(file);
  if (!opened.ok) return printFault(io, opened.error, json);
  try {
    return await fn(opened.data);
  } finally {
    opened.data.close();
  }
}
