/**
 * The region names kept between analyses (region-names.ts) are bounded by an estimate of their bytes,
 * not by their count: a long-lived process (the App, a property run of thousands of cases) keeps at most
 * that much, oldest names dropped first, and a name is the same whether it was kept or worked out again.
 */
import fc from 'fast-check';
import { buildRegions } from '../../src/engine/index.js';
import { clearRegionNames, keptNameBytes, keptNamesSize, limitRegionNames } from '../../src/engine/region-names.js';
import { loadManifests } from '../../src/manifests/load.js';
import { scenarioArb } from '../property/arbitraries.js';
import { objectFiles } from '../property/object-files.js';

const namesOf = (text: string[]) => {
  const regions = buildRegions(text.map((t) => loadManifests([{ path: 'c.yaml', text: t }]).cluster));
  return regions.regions.map((r) => regions.nameOf(r.index).id);
};
const toText = (files: { text: string }[]) => files.map((f) => f.text).join('---\n');

afterAll(() => limitRegionNames());

describe('kept region names', () => {
  it('cost more with a longer key and a larger name', () => {
    const peer = { namespace: 'prod', podSelector: { matchLabels: { app: 'api' }, expressions: [] }, id: 'prod/[pod with {app=api}]' };
    const wider = { ...peer, podSelector: { matchLabels: { app: 'api', tier: 'web', env: 'prod' }, expressions: [] }, id: 'prod/[pod with {app=api,env=prod,tier=web}]' };
    expect(keptNameBytes('k'.repeat(200), null)).toBeGreaterThan(keptNameBytes('k', null));
    expect(keptNameBytes('k', wider)).toBeGreaterThan(keptNameBytes('k', peer));
    expect(keptNameBytes('k', peer)).toBeGreaterThan(keptNameBytes('k', null));
  });

  it('stay within their byte budget over many analyses, and name regions as a cold cache does', () => {
    const budget = 40_000;
    limitRegionNames(budget);
    const scenarios = fc.sample(scenarioArb, { numRuns: 80, seed: 7 }).map((s) => toText(objectFiles(s)));
    let most = 0;
    const warm = scenarios.map((t) => {
      const names = namesOf([t]);
      most = Math.max(most, keptNamesSize().bytes);
      return names;
    });
    expect(most).toBeLessThanOrEqual(budget);
    // The budget was reached (older names were dropped), and names are still kept.
    expect(most).toBeGreaterThan(budget / 2);
    expect(keptNamesSize().count).toBeGreaterThan(0);
    const cold = scenarios.map((t) => {
      clearRegionNames();
      return namesOf([t]);
    });
    expect(warm).toEqual(cold);
  }, 120_000);
});
