/**
 * A diff computed unsorted (`sorted: false`, engine/diff.ts) holds the sorted diff's pairs, and any of its
 * pairs sorted with `sortByPeers` come in the order they have in the sorted diff (the analysis sorts only
 * the pairs it keeps, so that regions of dropped pairs are never named). Random base / head clusters with
 * NetworkPolicies, cluster-wide tier policies and abstract peers; a random part of the pairs is kept.
 */
import fc from 'fast-check';
import type { PairDiff, PeerRef } from '../../src/engine/index.js';
import { buildRegions, computeConnectivity, diffConnectivity, peerId, sortByPeers } from '../../src/engine/index.js';
import type { FileLoads } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { params } from './harness.js';
import { mix, objectFiles } from './object-files.js';
import { tieredScenarioArb } from './tier-arbitraries.js';

const input = fc.record({
  base: tieredScenarioArb,
  other: tieredScenarioArb,
  change: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  abstract: fc.boolean(),
  // Which pairs are kept: by a hash of the pair's text.
  salt: fc.integer({ min: 0, max: 1000 }),
});

// A region end by its index too: two regions of one name sort alike, and their order must hold as well.
const end = (p: PeerRef) => (p.type === 'pods' && p.region !== undefined ? `${peerId(p)}#${p.region}` : peerId(p));
const shape = (p: PairDiff) => `${end(p.src)} → ${end(p.dst)}: ${p.opened?.key ?? '-'} / ${p.closed?.key ?? '-'}`;

function hash(s: string, salt: number): number {
  let h = salt;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

describe('unsorted diff', () => {
  it('sorted afterwards, any part of its pairs is in the sorted diff’s order', () => {
    fc.assert(
      fc.property(input, ({ base, other, change, abstract, salt }) => {
        const baseFiles = objectFiles(base);
        const headFiles = mix(baseFiles, objectFiles(other), change);
        const loads: FileLoads = new Map();
        const b = loadManifests(baseFiles, loads).cluster;
        const h = loadManifests(headFiles, new Map(loads)).cluster;
        const regions = abstract ? buildRegions([b, h]) : undefined;
        const [bc, hc] = [b, h].map((c) => computeConnectivity(c, regions));
        const sorted = diffConnectivity(bc, hc, { regions }).pairs;
        const unsorted = diffConnectivity(bc, hc, { regions, sorted: false }).pairs;
        expect(unsorted.map(shape).sort()).toEqual(sorted.map(shape).sort());
        const keep = (p: PairDiff) => hash(shape(p), salt) % 3 !== 0;
        const part = unsorted.filter(keep);
        sortByPeers(part);
        expect(part.map(shape)).toEqual(sorted.filter(keep).map(shape));
      }),
      params(60),
    );
  });
});
