/**
 * Differential test for the tiered evaluator: random AdminNetworkPolicy / BaselineAdminNetworkPolicy /
 * ClusterNetworkPolicy mixed with NetworkPolicies; the engine and the brute-force reference
 * (test/reference/tiers.ts) agree on every pair, port and protocol, and toward outside addresses.
 */
import fc from 'fast-check';
import type { Scenario } from './arbitraries.js';
import { compare, params, runEngine, toYaml } from './harness.js';
import { relatedLabelsScenarioArb, tieredScenarioArb } from './tier-arbitraries.js';

/** Engine and reference agree on every generated scenario (the mismatches and manifests are printed otherwise). */
function agrees(scenarios: fc.Arbitrary<Scenario>): void {
  fc.assert(
    fc.property(scenarios, (s) => {
      const mismatches = compare(s, runEngine(s));
      if (mismatches.length > 0) throw new Error(`${mismatches.join('\n')}\n--- manifests ---\n${toYaml(s)}`);
    }),
    params(150),
  );
}

describe('the tiered evaluator agrees with the reference', () => {
  it('on random clusters with cluster-wide policies of every kind, tier and action', () => agrees(tieredScenarioArb));

  it('on clusters whose namespaces agree or differ on the keys sameLabels / notSameLabels compare', () => agrees(relatedLabelsScenarioArb));

  it('generates every kind, both tiers, each action and networks peers (the property is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(tieredScenarioArb, (s) => {
        for (const p of s.cluster.clusterPolicies ?? []) {
          seen.add(p.kind);
          if (p.spec.tier) seen.add(p.spec.tier);
          for (const r of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
            seen.add(r.action);
            if ((r.to ?? []).some((x) => x.networks)) seen.add('networks');
            for (const x of [...(r.from ?? []), ...(r.to ?? [])]) {
              const old = x.pods?.namespaces ?? x.namespaces;
              for (const f of ['sameLabels', 'notSameLabels'] as const) if (old && f in old && ((old as Record<string, unknown>)[f] as unknown[]).length > 0) seen.add(f);
            }
          }
        }
      }),
      { numRuns: 200, seed: 7 },
    );
    expect([...seen].sort()).toEqual(['Accept', 'Admin', 'AdminNetworkPolicy', 'Allow', 'Baseline', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy', 'Deny', 'Pass', 'networks', 'notSameLabels', 'sameLabels']);
  });
});
