/**
 * The diff of base and a head computed after base, reusing what base computed (head's class index extends
 * base's over the diff's regions when head adds workloads: peer-classes.ts `withWorkloads`; head shares
 * base's compiled policies and rows where its change does not reach: compile.ts, direction-rows.ts), equals
 * the diff of the two sides computed from scratch (copies of every object: nothing computed before knows
 * them), on random base/head pairs: head keeps every base file, adds another cluster's objects (workloads
 * among them) and takes some of its policies in place of base's, over regions of label space.
 */
import fc from 'fast-check';
import type { PairDiff, PeerRef } from '../../src/engine/index.js';
import { buildRegions, computeConnectivity, diffConnectivity } from '../../src/engine/index.js';
import { addedParts } from '../../src/engine/peer-classes.js';
import type { FileLoads, ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';
import { smallTieredScenarioArb } from './tier-arbitraries.js';
import { copiedCluster } from '../helpers/copied-cluster.js';

const pairArb = fc.record({
  base: smallTieredScenarioArb,
  other: smallTieredScenarioArb,
  // Per path of the other cluster (cycling): head takes its version (an added object, or a policy in place of base's).
  take: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
});

/** Base's files, with the other's objects base lacks and its policies where `take` says so (base's workloads stay base's). */
function headFiles(baseFiles: readonly ManifestFile[], otherFiles: readonly ManifestFile[], take: readonly boolean[]): ManifestFile[] {
  const out = new Map(baseFiles.map((f) => [f.path, f]));
  otherFiles.forEach((f, i) => {
    if (!take[i % take.length]) return;
    if (!out.has(f.path) || /Policy\//.test(f.path)) out.set(f.path, f);
  });
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const end = (p: PeerRef): string => {
  if (p.type === 'workload') return p.workload.id;
  if (p.type === 'pods') return `region ${String(p.region)}`;
  if (p.type === 'external') return `external ${p.addresses.intervals.map((iv) => iv.join('-')).join(',')}`;
  if (p.type === 'domain') return `domain ${p.names.join(',')}`;
  return p.type;
};

const shape = (p: PairDiff) => ({
  src: end(p.src),
  dst: end(p.dst),
  base: p.base?.key ?? null,
  head: p.head?.key ?? null,
  opened: p.opened?.key ?? null,
  closed: p.closed?.key ?? null,
  peerChanges: p.peerChanges,
  namedPorts: p.namedPorts ?? null,
});

describe("head's side computed after base's", () => {
  it('gives the diff computed from scratch', () => {
    let extended = 0;
    fc.assert(
      fc.property(pairArb, ({ base, other, take }) => {
        const baseFiles = objectFiles(base);
        const loads: FileLoads = new Map();
        const b = loadManifests(baseFiles, loads).cluster;
        const h = loadManifests(headFiles(baseFiles, objectFiles(other), take), new Map(loads)).cluster;
        const regions = buildRegions([b, h]);
        const baseConn = computeConnectivity(b, regions);
        const headConn = computeConnectivity(h, regions);
        if (addedParts(headConn.index)?.plain === baseConn.index) extended++;
        const reused = diffConnectivity(baseConn, headConn, { regions });
        const scratch = diffConnectivity(computeConnectivity(copiedCluster(b), regions), computeConnectivity(copiedCluster(h), regions), { regions });
        expect(reused.pairs.map(shape)).toEqual(scratch.pairs.map(shape));
        expect(reused.added.map((w) => w.id)).toEqual(scratch.added.map((w) => w.id));
        expect(reused.removed.map((w) => w.id)).toEqual(scratch.removed.map((w) => w.id));
        expect(reused.regionPairsCut).toEqual(scratch.regionPairsCut);
      }),
      params(100),
    );
    // The property must not pass by never extending base's index.
    expect(extended).toBeGreaterThan(10);
  });
});
