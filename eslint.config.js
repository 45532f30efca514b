// Lint: typescript-eslint's recommended rules, plus the layering of DESIGN.md §1 as rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

// The floors above the core, top to bottom (DESIGN.md §1; the CLI and the HTTP server sit on top):
// each imports only the floors below it.
const FLOORS = ['service', 'batch', 'runtime', 'config', 'store'];
/** One block per floor: no import, value or type, from a floor above it. */
const floorRules = FLOORS.slice(1).map((floor, i) => ({
  files: [`engine/${floor}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: ['cli', 'server', ...FLOORS.slice(0, i + 1)].map((above) => ({
          group: [`**/${above}/**`],
          message: `engine/${floor} is below engine/${above}: imports point down only (server → service → batch → runtime → config → store); move what both need to the lower floor`,
        })),
      },
    ],
  },
}));

const CORE = [
  'engine/model/**',
  'engine/rules/**',
  'engine/experiments/**',
  'engine/pipeline/**',
  'engine/recommenders/**',
  'engine/profiles/**',
  'engine/sample/**',
  'engine/identity/**',
];

export default tseslint.config(
  { ignores: ['.tmp*', 'node_modules/**', 'dist/**', 'docs/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        structuredClone: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...floorRules,
  {
    // The decision core is pure: no Node, SQLite, Electron or React; no clock or randomness.
    files: CORE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process'],
              message: 'the decision core imports no Node modules; take data through an interface',
            },
            {
              group: [
                'better-sqlite3',
                '**/store/**',
                '**/config/**',
                '**/runtime/**',
                '**/batch/**',
                '**/service/**',
                '**/server/**',
                '**/cli/**',
              ],
              message:
                'the decision core sits below every floor: it does not touch the store, the runtime or the service; take data through an interface',
            },
            { group: ['electron', 'react', 'react-dom', '**/renderer/**'], message: 'the decision core imports no UI' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'the as-of time comes in through the context' },
        { object: 'Math', property: 'random', message: 'randomness comes from a seed in the context' },
        { object: 'performance', property: 'now', message: 'timings come from an injected clock' },
      ],
    },
  },
  {
    // React's rules of hooks, and dependency lists that say what an effect reads.
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The UI reaches the engine only through the typed client; engine types may be imported as types.
    files: ['renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/**', 'better-sqlite3', 'node:*'],
              message:
                'the renderer talks to the service through the typed client; import engine types with `import type`',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  // Formatting is prettier's (`npm run format`); no lint rule argues with it.
  prettier,
);
