/**
 * A region's name less its exceptions (`RegionSet.nameOf`, `exceptOf`) holds exactly the region's pods:
 * a pair end names its region so, and every claim the report makes of the pods it names rests on it
 * (diff-claims-hold checks those claims one pod at a time; this checks the names themselves). On random
 * base/head pairs cut as a diff cuts them (region-focus.ts), for every region of a namespace the manifests
 * know, at one pod of every combination of the labels selectors read (each key absent, at each value
 * they name, or another value): the name less its exceptions holds the pod exactly when `locate` puts it
 * in that region (a name wider than its region claims the region's change of pods whose change differs; a
 * narrower one leaves pods that get the change unnamed).
 * Not checked: regions of a cut the bound stopped short (their names say every selector holding them, no
 * more: region-names.ts prefixRegionName), whose diff says it is incomplete.
 */
import fc from 'fast-check';
import type { Labels } from '../../src/engine/index.js';
import { buildRegions, regionFocus } from '../../src/engine/index.js';
import { matches } from '../../src/engine/selectors.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { Scenario } from '../property/arbitraries.js';
import { basePlusHead, editedScenario, policyArb, scenarioArb } from '../property/arbitraries.js';
import { params } from '../property/harness.js';
import { objectFiles } from '../property/object-files.js';

// The keys and values the arbitraries' pod selectors use (kubernetes.io/metadata.name only by Exists / DoesNotExist).
const KEYS: Record<string, readonly string[]> = { app: ['a', 'b', 'c', 'zz'], env: ['a', 'b', 'c', 'zz'], tier: ['a', 'b', 'c', 'zz'], 'kubernetes.io/metadata.name': ['ns1'] };
const GRID: readonly Labels[] = Object.entries(KEYS).reduce<Labels[]>((sets, [key, values]) => sets.flatMap((l) => [l, ...values.map((v) => ({ ...l, [key]: v }))]), [{}]);

/** What the names of the regions of `base` and `head`, cut as their diff cuts them, say wrongly. */
function wrongNames(base: Scenario, head: Scenario): string[] {
  const [b, h] = [base, head].map((s) => loadManifests(objectFiles(s)).cluster);
  const focus = regionFocus(b, h);
  const regions = buildRegions([b, h], undefined, focus.namespaces, focus.subjects);
  if (regions.incomplete) return [];
  const problems: string[] = [];
  for (const r of regions.regions) {
    if (!r.known) continue;
    const name = regions.nameOf(r.index);
    const except = regions.exceptOf(r.index);
    if (name.namespace !== r.namespace || except.some((e) => e.namespace !== r.namespace)) {
      problems.push(`region ${r.index} of ${r.namespace} named ${name.id} (except ${except.map((e) => e.id).join(', ')}): not by its namespace`);
      continue;
    }
    for (const labels of GRID) {
      const held = matches(name.podSelector, labels) && !except.some((e) => matches(e.podSelector, labels));
      const inRegion = regions.locate(r.namespace, labels) === r.index;
      if (held !== inRegion) {
        problems.push(`${name.id}${except.length ? ` (except ${except.map((e) => e.id).join(', ')})` : ''} ${held ? 'holds' : 'lacks'} ${r.namespace}/${JSON.stringify(labels)}, ${inRegion ? 'in' : 'not in'} its region`);
        break;
      }
    }
  }
  return problems;
}

// Several policies of one namespace moved onto other pods at once (as diff-claims-hold's "several policies moved at once").
const moved: fc.Arbitrary<[Scenario, Scenario]> = fc
  .tuple(scenarioArb, fc.array(policyArb(['ns1'], 'm'), { minLength: 2, maxLength: 3 }), fc.array(fc.option(policyArb(['ns1'], 's'), { nil: undefined, freq: 5 }), { minLength: 3, maxLength: 3 }))
  .map(([s, extra, to]) => {
    const movers = extra.map((p, i) => ({ ...p, name: `m${i}` }));
    const withPolicies = (policies: typeof movers): Scenario => ({ ...s, cluster: { ...s.cluster, policies: [...s.cluster.policies, ...policies] } });
    return [withPolicies(movers), withPolicies(movers.flatMap((p, i) => (to[i] === undefined ? [] : [{ ...p, spec: { ...p.spec, podSelector: to[i]!.spec.podSelector } }])))];
  });

describe('region names less their exceptions hold exactly their regions', () => {
  it.each([
    ['policies added and removed', basePlusHead],
    ['policies edited in place', scenarioArb.chain((base) => editedScenario(base).map((head) => [base, head] as [Scenario, Scenario]))],
    ['several policies moved at once', moved],
  ] as const)('%s', (_what, pairs) => {
    fc.assert(
      fc.property(pairs, ([base, head]) => {
        expect(wrongNames(base, head)).toEqual([]);
      }),
      // Wrong names are rare among random cases: CI's fixed sample finds one of each kind in 300 (before the fix).
      params(300),
    );
  }, 600_000);
});
