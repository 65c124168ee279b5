/**
 * Whether a workload's container port names may decide the port numbers of a pair toward it. A rule's port
 * name (`port: http`) reaches the number the destination pod's container port of that name has, and a
 * Service's `targetPort: http` routes the ingress controller there the same way: the numbers of the
 * workload's pair (`TCP 1` for its `http`) are then the workload's own, not those of the other pods of a
 * region wider than it, which may number that name otherwise or lack it. abstract-pairs.ts
 * `widerRegionPairs` keeps such a destination as the workload.
 */
import type { Connectivity, PeerRef, PortSpec, Workload } from '../engine/index.js';
import type { CompiledRule } from '../engine/compile.js';
import { DIRECTIONS, isNamedPort } from '../engine/index.js';

/**
 * `(src, dst)`: on either side, does `dst`'s class define a container port, by name and protocol, that a rule
 * the pair meets names: an ingress rule of a NetworkPolicy that selects `dst`, an egress rule of one that
 * selects the source (a workload, or a region of pods the manifests do not hold; any policy's of the source's
 * namespace, or of every namespace, for other pods), or, from the ingress controller, a Service's `targetPort`
 * in `dst`'s namespace? Only rules whose peers hold the other end count, where it is a class of that side (a
source workload a side lacks meets nothing there). Compiled rules are those of a direction the policy's policyTypes isolate (Kubernetes
 * ignores the others). A cluster-wide rule's `namedPort` anywhere counts for every pair.
 */
export function namedPortsDecide(sides: readonly Connectivity[]): (src: PeerRef, dst: Workload) => boolean {
  const named = (ports: 'any' | readonly PortSpec[]) => (ports === 'any' ? [] : ports.filter(isNamedPort).map((s) => `${s.protocol}/${s.port}`));
  const tierNames = new Set(sides.flatMap((c) => (c.cluster.clusterPolicies ?? []).flatMap((p) => DIRECTIONS.flatMap((d) => p[d].flatMap((r) => (r.ports === 'any' ? [] : r.ports.filter((s) => typeof s.port === 'string').map((s) => `${s.protocol}/${s.port}`)))))));
  return (src, dst) =>
    sides.some((side) => {
      const at = side.index.classOf.get(dst.id);
      if (at === undefined) return false;
      const ports = side.index.classes[at].namedPorts;
      if (ports.length === 0) return false;
      const keys = new Set(tierNames);
      const from = classOf(side, src);
      // A source workload this side lacks has no traffic here for names to decide.
      if (src.type === 'workload' && from === undefined) return false;
      // Rules whose peers hold the other end (any rule, where that end is not a class of this side).
      const meets = (r: CompiledRule, cls: number | undefined) => cls === undefined || r.peerClasses.includes(cls);
      for (const r of side.compiled.rulesOf.ingress[at]) if (meets(r, from)) for (const k of named(r.rule.ports)) keys.add(k);
      if (from !== undefined) for (const r of side.compiled.rulesOf.egress[from]) if (meets(r, at)) for (const k of named(r.rule.ports)) keys.add(k);
      else if (src.type === 'pods') for (const rule of namespaceEgress(side, src.peer.namespace)) for (const k of named(rule.ports)) keys.add(k);
      if (src.type === 'ingress-controller') for (const s of side.cluster.services) if (s.namespace === dst.namespace) for (const sp of s.ports) if (typeof sp.targetPort === 'string') keys.add(`${sp.protocol}/${sp.targetPort}`);
      return ports.some((np) => keys.has(`${np.protocol}/${np.name}`) || keys.has(`any/${np.name}`));
    });
}

/** The class of a workload or a region of pods the manifests do not hold on `side`; undefined for other ends. */
function classOf(side: Connectivity, end: PeerRef): number | undefined {
  if (end.type === 'workload') return side.index.classOf.get(end.workload.id);
  return end.type === 'pods' && end.region !== undefined ? side.index.regionClasses[end.region]?.index : undefined;
}

/** Egress rules of every policy of `namespace` (of every namespace when undefined) that isolates egress. */
function namespaceEgress(side: Connectivity, namespace: string | undefined) {
  return side.cluster.policies.filter((p) => p.affects.egress && (namespace === undefined || p.namespace === namespace)).flatMap((p) => p.egress);
}
