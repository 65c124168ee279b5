/**
 * A warm process reuses the last report only when the next analysis's options equal the last one's: the
 * repository's head files (`repositoryHead`, read by the rollback) are compared by path and text beside the
 * JSON of the other options, not serialised into it.
 */
import type { BaseSide } from '../../src/analysis/base-side.js';
import { keepReport, keptReport, optionsKey } from '../../src/analysis/report-reuse.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { DiffOptions } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const side = {} as BaseSide;
const report = {} as DiffReport;
const head: ManifestFile[] = [{ path: 'a.yaml', text: 'kind: ConfigMap\n' }];
const repo = (text: string) => [{ path: 'a.yaml', text: 'kind: ConfigMap\n' }, { path: 'k/kustomization.yaml', text }];

describe('report reuse keyed by options', () => {
  it('leaves the repository head files out of the JSON key', () => {
    const key = optionsKey<DiffOptions>({ repositoryHead: repo('resources: [a.yaml]\n'), maxRegionPairs: 5 })!;
    expect(key.json).not.toContain('kustomization');
    expect(key.json).toContain('maxRegionPairs');
  });

  it('reuses the report for equal repository head files, not for others', () => {
    keepReport(side, head, optionsKey<DiffOptions>({ repositoryHead: repo('resources: [a.yaml]\n') })!, report);
    expect(keptReport(side, head, optionsKey<DiffOptions>({ repositoryHead: repo('resources: [a.yaml]\n') })!)).toBe(report);
    expect(keptReport(side, head, optionsKey<DiffOptions>({ repositoryHead: repo('resources: []\n') })!)).toBeUndefined();
    // A report that did not match is forgotten.
    expect(keptReport(side, head, optionsKey<DiffOptions>({ repositoryHead: repo('resources: [a.yaml]\n') })!)).toBeUndefined();
  });

  it('tells absent repository head files from present ones, and other options apart', () => {
    keepReport(side, head, optionsKey<DiffOptions>({ maxRegionPairs: 5 })!, report);
    expect(keptReport(side, head, optionsKey<DiffOptions>({ maxRegionPairs: 5, repositoryHead: repo('') })!)).toBeUndefined();
    keepReport(side, head, optionsKey<DiffOptions>({ maxRegionPairs: 5 })!, report);
    expect(keptReport(side, head, optionsKey<DiffOptions>({ maxRegionPairs: 6 })!)).toBeUndefined();
    keepReport(side, head, optionsKey<DiffOptions>({ maxRegionPairs: 5 })!, report);
    expect(keptReport(side, [{ path: 'a.yaml', text: 'kind: Secret\n' }], optionsKey<DiffOptions>({ maxRegionPairs: 5 })!)).toBeUndefined();
  });
});
