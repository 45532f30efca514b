// Recently opened workspace files, most recent first, kept in the app's user-data folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const RecentFile = z.object({ version: z.literal(1), workspaces: z.array(z.string().min(1)).max(100) });

/** How many recent workspaces the menu lists. */
export const MAX_RECENT = 10;

export class RecentWorkspaces {
  constructor(private readonly file: string) {}

  /** The list, dropping files that no longer exist; an unreadable or malformed store is an empty list. */
  list(): string[] {
    let parsed: z.infer<typeof RecentFile>;
    try {
      const r = RecentFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (!r.success) return [];
      parsed = r.data;
    } catch {
      return [];
    }
    return parsed.workspaces.filter((w) => existsSync(w)).slice(0, MAX_RECENT);
  }

  /** Puts a workspace first (once). */
  add(workspace: string): string[] {
    const abs = resolve(workspace);
    const next = [abs, ...this.list().filter((w) => w !== abs)].slice(0, MAX_RECENT);
    this.write(next);
    return next;
  }

  clear(): void {
    this.write([]);
  }

  /** True when the path is one of the recent workspaces (IPC only opens those by path). */
  has(workspace: string): boolean {
    return this.list().includes(resolve(workspace));
  }

  private write(workspaces: string[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ version: 1, workspaces }, null, 2) + '\n');
  }
}
