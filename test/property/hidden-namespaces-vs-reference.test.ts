/**
 * Pods of namespaces the manifests do not hold, against the brute-force references: for random clusters of
 * Cilium policies (CiliumClusterwideNetworkPolicy included) and of Calico policies (GlobalNetworkPolicy
 * included), each mixed with NetworkPolicies, every region of label space in a namespace the manifests do
 * not know (engine/regions.ts: `~ns<k>`, with representative namespace and pod labels) is evaluated by the
 * engine as its class, and by the reference (test/reference/cilium.ts, calico.ts) as a pod P with those
 * labels, in a namespace the manifests never name, added to the cluster. They agree on P toward every
 * workload and back, P to itself, and P toward outside addresses and back, at every sampled port. A
 * clusterwide allow or default-deny part selects P as it selects any pod of its namespaces (the engine once
 * copied those parts only into the namespaces the manifests define or use, so P stayed open).
 */
import fc from 'fast-check';
import type { Connectivity, ConnectionSet, Region } from '../../src/engine/index.js';
import { DEFAULT_MAX_BOXES, PROTOCOLS, buildRegions, classConn, computeConnectivity } from '../../src/engine/index.js';
import { NAMESPACE_NAME_LABEL } from '../../src/engine/model.js';
import { OTHER_VALUE } from '../../src/engine/label-partition.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { Endpoint, RefCluster, RefPod } from '../reference/evaluator.js';
import { formatRefAddress, isAllowed } from '../reference/evaluator.js';
import type { Scenario } from './arbitraries.js';
import { calicoScenarioArb } from './calico-arbitraries.js';
import { ciliumScenarioArb } from './cilium-arbitraries.js';
import { enginePoint, params, sampleAddresses, samplePorts, toYaml, workloadId } from './harness.js';

/** Cases with more regions than this are skipped (the comparison's cost grows with them; the property does not change). */
const MAX_REGIONS = 60;

/** A namespace name no generated selector names (they name ns1..ns4), standing for "any other name". */
const HIDDEN = 'hidden-ns';

/** Regions compared, over a run (a run that compares none proves nothing). */
let compared = 0;

/** The reference pod a region of the other namespaces stands for, and the cluster with it and its namespace. */
function hiddenPod(cluster: RefCluster, region: Region): { pod: RefPod; cluster: RefCluster } {
  const nsLabels = { ...(region.nsLabels ?? {}) };
  const written = nsLabels[NAMESPACE_NAME_LABEL];
  delete nsLabels[NAMESPACE_NAME_LABEL];
  // A name some selector names (and the manifests do not define) is that name; any other stands for all others.
  const namespace = written !== undefined && written !== OTHER_VALUE ? written : HIDDEN;
  const pod: RefPod = { namespace, name: 'hidden-p', labels: { ...region.podLabels }, ports: [] };
  return { pod, cluster: { ...cluster, namespaces: [...cluster.namespaces.filter((n) => n.name !== namespace), { name: namespace, labels: nsLabels }], pods: [...cluster.pods, pod] } };
}

function has(c: ConnectionSet | null | undefined, proto: (typeof PROTOCOLS)[number], port: number): boolean {
  return c?.ports(proto).has(port) ?? false;
}

/** Every disagreement on the hidden regions of `s` (empty when they agree). */
function disagreements(s: Scenario, limit = 12): string[] {
  const loaded = loadManifests([{ path: 'cluster.yaml', text: toYaml(s) }]);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return [];
  const regions = buildRegions([loaded.cluster], DEFAULT_MAX_BOXES);
  if (regions.incomplete || regions.regions.length > MAX_REGIONS) return [];
  const conn: Connectivity = computeConnectivity(loaded.cluster, regions);
  const out: string[] = [];
  const workloads = s.cluster.pods.map((_, i) => conn.index.classOf.get(workloadId(s, i))!);
  const ports = samplePorts(s.cluster, []);
  const addresses = sampleAddresses(s.cluster, { loaded, conn, rows: [] });
  for (const region of regions.regions) {
    if (region.known || out.length >= limit) continue;
    compared++;
    const cls = conn.index.regionClasses[region.index].index;
    const { pod, cluster } = hiddenPod(s.cluster, region);
    const P: Endpoint = { kind: 'pod', pod };
    const name = `${pod.namespace} ${JSON.stringify(region.nsLabels)}/${JSON.stringify(region.podLabels)}`;
    const check = (what: string, got: ConnectionSet | null | undefined, src: Endpoint, dst: Endpoint) => {
      for (const proto of PROTOCOLS) {
        for (const port of ports) {
          const want = isAllowed(cluster, src, dst, proto, port);
          if (want !== has(got, proto, port)) {
            out.push(`${what} ${proto}/${port}: reference ${want ? 'allows' : 'denies'}, engine ${want ? 'denies' : 'allows'}`);
            return;
          }
        }
      }
    };
    check(`${name} -> itself`, classConn(conn, cls, cls), P, P);
    s.cluster.pods.forEach((w, i) => {
      const W: Endpoint = { kind: 'pod', pod: w };
      check(`${name} -> ${workloadId(s, i)}`, classConn(conn, cls, workloads[i]), P, W);
      check(`${workloadId(s, i)} -> ${name}`, classConn(conn, workloads[i], cls), W, P);
    });
    for (const address of addresses) {
      const A: Endpoint = { kind: 'address', address };
      const at = (direction: 'ingress' | 'egress') => conn.external[direction][cls].find((piece) => piece.addresses.has(enginePoint(address)))?.conn;
      check(`${name} -> ${formatRefAddress(address)}`, at('egress'), P, A);
      check(`${formatRefAddress(address)} -> ${name}`, at('ingress'), A, P);
    }
  }
  return out.slice(0, limit);
}

function agrees(scenarios: fc.Arbitrary<Scenario>, runs: number): void {
  fc.assert(
    fc.property(scenarios, (s) => {
      const mismatches = disagreements(s);
      if (mismatches.length > 0) throw new Error(`${mismatches.join('\n')}\n--- manifests ---\n${toYaml(s)}`);
    }),
    params(runs),
  );
}

describe('pods of namespaces the manifests do not hold agree with the reference', () => {
  it('under Cilium policies (clusterwide allow and default deny select them)', () => {
    const before = compared;
    agrees(ciliumScenarioArb, 40);
    expect(compared - before).toBeGreaterThan(20);
  });

  it('under Calico policies (a GlobalNetworkPolicy of the default tier isolates them)', () => {
    const before = compared;
    agrees(calicoScenarioArb, 40);
    expect(compared - before).toBeGreaterThan(20);
  });
});
