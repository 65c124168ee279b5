/**
 * A region of the namespaces the manifests do not know is named in two parts: its pods and its namespaces.
 * The namespace part depends only on the part's cut (one object per part, shared by its regions) and the
 * holder's namespace selector, so it is worked out once per pair of them (region-names.ts `namespaceParts`).
 * Property: for random namespace selectors, known namespaces and holders (each also as an equal copy), every
 * region of every part named through the shared cut objects gets the name it gets from scratch (fresh cut
 * objects, no kept names).
 */
import fc from 'fast-check';
import { abstractPeer } from '../../src/engine/index.js';
import { partitionLabels } from '../../src/engine/label-partition.js';
import type { RegionCut } from '../../src/engine/region-names.js';
import { clearRegionNames, exactRegionName } from '../../src/engine/region-names.js';
import type { LabelSelector, Labels, Requirement } from '../../src/engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../../src/engine/model.js';

const KEYS = ['team', 'env', NAMESPACE_NAME_LABEL] as const;
const VALUES = ['a', 'b', 'c'] as const;
const MAX_BOXES = 4096;

const requirement: fc.Arbitrary<Requirement> = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), op: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom(...KEYS), op: fc.constantFrom('Exists' as const, 'DoesNotExist' as const), values: fc.constant([] as string[]) }),
);
const selector: fc.Arbitrary<LabelSelector> = fc.record({
  matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }),
  expressions: fc.array(requirement, { maxLength: 2 }),
});
const labels: fc.Arbitrary<Labels> = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });

/** Namespace cuts as regions.ts makes them for the namespaces the manifests do not know: one object per part. */
function namespaceCuts(selectors: readonly LabelSelector[], knownNames: readonly string[], knownLabels: readonly Labels[]): RegionCut[] {
  const known = new Map(knownNames.map((n, i) => [n, [{ ...knownLabels[i % Math.max(1, knownLabels.length)], [NAMESPACE_NAME_LABEL]: n }]] as const));
  const start = new Map([[NAMESPACE_NAME_LABEL, { values: [...VALUES].filter((v) => !known.has(v)), other: true }]]);
  const spaces = partitionLabels(selectors, MAX_BOXES, start);
  return spaces.parts.map((space) => ({ selectors, matched: space.matched, labels: space.labels, start, known }));
}

const copyCut = (cut: RegionCut): RegionCut => ({ ...cut, selectors: [...cut.selectors], matched: [...cut.matched], ...(cut.known ? { known: new Map(cut.known) } : {}), ...(cut.start ? { start: new Map(cut.start) } : {}) });

describe('the namespace part of a region name, worked out once per part and holder', () => {
  it('names every region as from scratch, whichever holders share a part', () => {
    fc.assert(
      fc.property(
        fc.array(selector, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(fc.constantFrom(...VALUES), { maxLength: 2 }),
        fc.array(labels, { maxLength: 2 }),
        fc.array(selector, { minLength: 1, maxLength: 3 }),
        fc.array(selector, { minLength: 1, maxLength: 3 }),
        (nsSelectors, knownNames, knownLabels, holders, podSelectors) => {
          const cuts = namespaceCuts(nsSelectors, knownNames, knownLabels);
          const pods = partitionLabels(podSelectors, MAX_BOXES).parts.map((part): RegionCut => ({ selectors: podSelectors, matched: part.matched, labels: part.labels }));
          // Each holder, as a selector object of its own and as a copy: equal content, another object.
          const holderPeers = holders.flatMap((h) => [abstractPeer(h, podSelectors[0]), abstractPeer({ ...h }, podSelectors[0])]);
          clearRegionNames();
          const shared: string[] = [];
          for (const ns of cuts) for (const p of pods) for (const holder of holderPeers) shared.push(exactRegionName(holder, p, ns, MAX_BOXES).id);
          const fresh: string[] = [];
          for (const ns of cuts) for (const p of pods) for (const holder of holderPeers) {
            clearRegionNames();
            fresh.push(exactRegionName(holder, copyCut(p), copyCut(ns), MAX_BOXES).id);
          }
          expect(shared).toEqual(fresh);
        },
      ),
      { numRuns: 150, seed: 50 },
    );
  });
});

