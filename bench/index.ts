export {};
/**
 * `npm run bench [section...]` — prints figures and ratios against peers, side by side in one run.
 * Sections register themselves in SECTIONS; with no argument every section runs.
 */
type Section = () => Promise<void>;

const SECTIONS: Record<string, () => Promise<{ run: Section }>> = {
  rules: () => import('./rules.bench.ts'),
  experiments: () => import('./experiments.bench.ts'),
  ui: () => import('./ui.bench.ts'),
  refresh: () => import('./refresh.bench.ts'),
  batch: () => import('./batch.bench.ts'),
  'recommenders-rules': () => import('./recommenders-rules.bench.ts'),
  'recommenders-objective': () => import('./recommenders-objective.bench.ts'),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
console.log(`# workbench bench — node ${process.version}, ${new Date().toISOString()}`);
for (const name of names) {
  const load = SECTIONS[name];
  if (!load) {
    console.error(`unknown bench section "${name}"; known: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  const section = await load();
  await section.run();
}
