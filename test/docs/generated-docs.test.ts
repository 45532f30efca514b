import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { configJsonSchema, configReference } from '../../scripts/generate-schema.ts';

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('generated docs', () => {
  it('docs/workspace-config.schema.json is generated from the zod schemas (run npm run gen:schema)', () => {
    expect(doc('workspace-config.schema.json')).toBe(JSON.stringify(configJsonSchema(), null, 2) + '\n');
  });
  it('docs/config-reference.md is generated from the zod schemas (run npm run gen:schema)', () => {
    expect(doc('config-reference.md')).toBe(configReference(configJsonSchema()));
  });
});
