// The workspace named on Electron's command line: `--workspace <file>`, `--workspace=<file>`, or the
// first argument after the main script that ends in .sqlite/.db.

/** The workspace file of the command line, or undefined. */
export function workspaceArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--workspace') return argv[i + 1];
    if (a.startsWith('--workspace=')) return a.slice('--workspace='.length);
  }
  return argv.slice(1).find((a) => !a.startsWith('-') && /\.(sqlite|db)$/i.test(a));
}
