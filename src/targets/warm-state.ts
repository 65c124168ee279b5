/**
 * Everything a warm process keeps between analyses (the App's next push): base sides and their last
 * reports, each side's targets, parsed and loaded files, region names. Benchmarks and tests forget it
 * all to measure or compare a cold run.
 */
import { clearBaseSides } from '../analysis/base-side.js';
import { forgetKeptDiffs } from '../engine/diff-universe.js';
import { clearRegionNames } from '../engine/region-names.js';
import { clearLoadedFiles } from '../manifests/load.js';
import { clearParseCache } from '../manifests/yaml-documents.js';
import { clearKeptSides } from './side-reuse.js';
import { clearTextFacts } from './text-facts.js';

export function clearWarmState(): void {
  clearKeptSides();
  clearBaseSides();
  clearParseCache();
  clearLoadedFiles();
  clearRegionNames();
  clearTextFacts();
  forgetKeptDiffs();
}
