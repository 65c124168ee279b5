/**
 * Differential test for Cilium policies: random CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy mixed with
 * NetworkPolicies (and, in a second property, with cluster-wide policies); the engine and the brute-force
 * reference (test/reference/cilium.ts, written from Cilium's documentation) agree on every pair, port and
 * protocol, and toward outside addresses.
 */
import fc from 'fast-check';
import type { Scenario } from './arbitraries.js';
import { ciliumScenarioArb } from './cilium-arbitraries.js';
import { compare, params, runEngine, toYaml } from './harness.js';
import { tieredScenarioArb } from './tier-arbitraries.js';

function agrees(scenarios: fc.Arbitrary<Scenario>, runs: number): void {
  fc.assert(
    fc.property(scenarios, (s) => {
      const mismatches = compare(s, runEngine(s));
      if (mismatches.length > 0) throw new Error(`${mismatches.join('\n')}\n--- manifests ---\n${toYaml(s)}`);
    }),
    params(runs),
  );
}

describe('Cilium policies agree with the reference', () => {
  it('mixed with NetworkPolicies', () => agrees(ciliumScenarioArb, 150));

  it('mixed with NetworkPolicies and cluster-wide policies (Cilium denies first)', () =>
    agrees(fc.tuple(ciliumScenarioArb, tieredScenarioArb).map(([c, t]) => ({ ...c, cluster: { ...c.cluster, clusterPolicies: t.cluster.clusterPolicies } })), 60));
});

describe('the Cilium generator', () => {
  it('draws both kinds, allow and deny rules, each kind of peer, named ports and enableDefaultDeny (the property is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(ciliumScenarioArb, (s) => {
        for (const p of s.cluster.ciliumPolicies ?? []) {
          seen.add(p.kind);
          if (p.spec.enableDefaultDeny) seen.add('enableDefaultDeny');
          for (const f of ['ingress', 'egress', 'ingressDeny', 'egressDeny'] as const) {
            for (const r of p.spec[f] ?? []) {
              seen.add(f);
              for (const k of Object.keys(r)) seen.add(k.replace(/^(from|to)(?!Ports)/, ''));
              if (Object.keys(r).every((k) => k === 'toPorts')) seen.add('no L3');
              for (const pr of r.toPorts ?? []) for (const e of pr.ports ?? []) if (!/^\d+$/.test(e.port ?? '0')) seen.add('named port');
            }
          }
          if (JSON.stringify(p.spec.endpointSelector).includes('io.cilium.k8s.namespace.labels.')) seen.add('namespace labels');
        }
      }),
      params(150),
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['CiliumClusterwideNetworkPolicy', 'CiliumNetworkPolicy', 'CIDR', 'CIDRSet', 'Endpoints', 'Entities', 'egress', 'egressDeny', 'enableDefaultDeny', 'ingress', 'ingressDeny', 'named port', 'namespace labels', 'no L3', 'toPorts']),
    );
  });
});
