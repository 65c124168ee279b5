/**
 * stableEnds' comparison of two heads (analysis/push-steps.ts `changedEndNamespaces`) gives the engine's
 * `changedNamespaces(before, after, identical)` on random base / head / next-head triples whose objects
 * are edited, added and removed (one file per object, so unchanged files give the very same objects and
 * edited ones other objects), also when a cluster's lists were grouped before (as the last push's head)
 * and when one push moves a document down a line (positions count).
 */
import fc from 'fast-check';
import { changedNamespaces, identical } from '../../src/engine/index.js';
import type { Cluster } from '../../src/engine/index.js';
import type { FileLoads, ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { changedEndNamespaces } from '../../src/analysis/push-steps.js';
import { clusterArb, editedScenario } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

const triple = clusterArb({ minPods: 2, maxPods: 6, maxPolicies: 4 }).chain((base) => editedScenario(base).chain((head) => editedScenario(head, 'n').map((next) => [base, head, next] as const)));

const sorted = (s: Set<string> | null) => (s === null ? null : [...s].sort());

describe('changed namespaces between two heads', () => {
  it('are the engine\'s, with identity and kept groupings', () => {
    fc.assert(
      fc.property(triple, fc.option(fc.nat(), { nil: undefined }), ([base, head, next], shift) => {
        const loads: FileLoads = new Map();
        const load = (files: ManifestFile[]): Cluster => loadManifests(files, new Map(loads)).cluster;
        const b = loadManifests(objectFiles(base), loads).cluster;
        const h = load(objectFiles(head));
        const nextFiles = objectFiles(next).map((f, i) => (shift !== undefined && i === shift % Math.max(1, objectFiles(next).length) ? { path: f.path, text: `# moved\n${f.text}` } : f));
        const n = load(nextFiles);
        for (const [x, y] of [[b, h], [h, n], [b, n], [n, h], [h, h], [b, h]] as const) {
          expect(sorted(changedEndNamespaces(x, y))).toEqual(sorted(changedNamespaces(x, y, identical)));
        }
      }),
      params(150),
    );
  });
});
