/**
 * Differential test for Calico policies: random Calico NetworkPolicies, GlobalNetworkPolicies and Tiers
 * mixed with NetworkPolicies; the engine and the brute-force reference (test/reference/calico.ts, written
 * from Calico's documentation) agree on every pair, port and protocol, and toward outside addresses.
 * Every action in every tier is drawn, the default tier's after the Kubernetes NetworkPolicies included.
 */
import fc from 'fast-check';
import { calicoScenarioArb } from './calico-arbitraries.js';
import { compare, params, runEngine, toYaml } from './harness.js';

describe('Calico policies agree with the reference', () => {
  it('mixed with NetworkPolicies, in tiers before and after the default tier', () => {
    fc.assert(
      fc.property(calicoScenarioArb, (s) => {
        const mismatches = compare(s, runEngine(s));
        if (mismatches.length > 0) throw new Error(`${mismatches.join('\n')}\n--- manifests ---\n${toYaml(s)}`);
      }),
      params(150),
    );
  });
});

describe('the Calico generator', () => {
  it('draws both kinds, every action (after order 1000 in the default tier too), tiers of both default actions, each kind of peer and ports (the property is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(calicoScenarioArb, (s) => {
        for (const t of s.cluster.calicoTiers ?? []) seen.add(`tier:${t.defaultAction ?? 'Deny'}`);
        for (const p of s.cluster.calicoPolicies ?? []) {
          seen.add(p.kind);
          // The default tier after the Kubernetes NetworkPolicies (order ≥ 1000, or none).
          const late = (p.spec.tier ?? 'default') === 'default' && (p.spec.order ?? Infinity) >= 1000;
          for (const r of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
            seen.add(r.action);
            if (late) seen.add(`late:${r.action}`);
            for (const e of [r.source, r.destination]) for (const k of Object.keys(e ?? {})) seen.add(k);
          }
        }
      }),
      { numRuns: 300, seed: 1 },
    );
    for (const x of ['NetworkPolicy', 'GlobalNetworkPolicy', 'Allow', 'Deny', 'Pass', 'Log', 'late:Allow', 'late:Deny', 'late:Pass', 'tier:Deny', 'tier:Pass', 'selector', 'notSelector', 'namespaceSelector', 'nets', 'notNets', 'ports', 'notPorts']) expect(seen).toContain(x);
  });
});
