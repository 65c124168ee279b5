/**
 * The rollback's candidate clusters, patched from head's merged documents, equal merging the reverted
 * list from scratch (head's documents but the reverted ones, then their base versions): the same
 * objects in the same order, duplicated objects (shadowed copies, a workload defined twice) included.
 */
import fc from 'fast-check';
import { documentChanges, documentKeys } from '../../src/analysis/document-changes.js';
import { revertedClusters } from '../../src/analysis/rollback-clusters.js';
import type { ManifestDocument, ManifestFile } from '../../src/manifests/load.js';
import { loadManifests, mergeDocuments } from '../../src/manifests/load.js';
import { basePlusHead } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

function fromScratch(head: ReadonlyMap<string, ManifestDocument>, base: ReadonlyMap<string, ManifestDocument>, revert: readonly string[]) {
  const set = new Set(revert);
  const docs = [...head].filter(([k]) => !set.has(k)).map(([, d]) => d);
  for (const k of revert) {
    const b = base.get(k);
    if (b) docs.push(b);
  }
  return { ...mergeDocuments(docs), podNetwork: undefined };
}

/** Some of the files again under another path (a copy that shadows, or is shadowed by, the original). */
function withCopies(files: ManifestFile[], copies: readonly number[]): ManifestFile[] {
  return [...files, ...copies.filter((i) => i < files.length).map((i) => ({ path: `${i % 2 ? 'a' : 'z'}-copy/${files[i].path}`, text: files[i].text }))];
}

describe('rollback candidate clusters', () => {
  it('patched from head equal the reverted documents merged from scratch', () => {
    fc.assert(
      fc.property(basePlusHead, fc.array(fc.nat(12), { maxLength: 2 }), fc.array(fc.nat(12), { maxLength: 2 }), fc.array(fc.nat(), { maxLength: 4 }), ([b, h], baseCopies, headCopies, picks) => {
        const base = loadManifests(withCopies(objectFiles(b), baseCopies));
        const head = loadManifests(withCopies(objectFiles(h), headCopies));
        const baseDocs = documentKeys(base.documents);
        const headDocs = documentKeys(head.documents);
        const keys = documentChanges(base.documents, head.documents).map((c) => c.key);
        const clusters = revertedClusters(headDocs, baseDocs, undefined);
        expect(clusters.after([])).toEqual(fromScratch(headDocs, baseDocs, []));
        // Started from the loader's own cluster of head (a plain load: its documents merged in order).
        const fromLoad = revertedClusters(headDocs, baseDocs, undefined, head.cluster);
        expect(fromLoad.after([]).workloads).toBe(head.cluster.workloads);
        expect(fromLoad.after([])).toEqual(fromScratch(headDocs, baseDocs, []));
        if (keys.length === 0) return;
        const revert = [...new Set(picks.map((i) => keys[i % keys.length]))];
        // Three rounds: the first patches scan head for their identities, later ones use one index of every identity.
        for (let round = 0; round < 3; round++) {
          for (const c of [clusters, fromLoad]) {
            expect(c.after(revert)).toEqual(fromScratch(headDocs, baseDocs, revert));
            expect(c.after(keys)).toEqual(fromScratch(headDocs, baseDocs, keys));
          }
        }
      }),
      params(200),
    );
  });
});
