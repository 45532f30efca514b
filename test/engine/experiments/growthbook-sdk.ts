/**
 * The GrowthBook SDK's internal bucketing helpers (not in its public exports), loaded from the
 * installed package so tests can compare against the real code rather than a transcription.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export interface GrowthBookUtil {
  hash(seed: string, value: string, version: number): number | null;
  getBucketRanges(numVariations: number, coverage: number | undefined, weights?: number[]): [number, number][];
  chooseVariation(n: number, ranges: [number, number][]): number;
}

const require = createRequire(import.meta.url);
const entry = require.resolve('@growthbook/growthbook'); // dist/cjs/index.js
export const gbUtil = require(path.join(path.dirname(entry), 'util.js')) as GrowthBookUtil;
