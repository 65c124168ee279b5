/**
 * Named ports toward pods the manifests do not hold. A region of label space (regions.ts) stands for
 * pods whose container ports are unknown, so a rule's `port: metrics` cannot be resolved to a number
 * there: the evaluator gives such a name nothing toward a region. Rather than pass such a change in
 * silence, a diff lists every rule of a policy that changed whose named ports may apply to such pods —
 * an ingress rule of a policy selecting a region, an egress rule whose peers hold a region — so the
 * report can say what it could not resolve (OUTPUT-CONTRACT "Abstract peers": port names that could
 * not be resolved).
 */
import type { Connectivity } from './connectivity.js';
import { isNamedPort } from './compile.js';
import type { Direction, SourceRef } from './model.js';
import { same } from './touched.js';

export interface UnresolvedNamedPorts {
  readonly side: 'base' | 'head';
  /** `namespace/name` of the NetworkPolicy. */
  readonly policy: string;
  readonly direction: Direction;
  /** Rule position in its direction's list, from 0. */
  readonly rule: number;
  /** `TCP/metrics`: protocol and name, sorted. */
  readonly ports: readonly string[];
  readonly ref: SourceRef;
}

/**
 * Rules of policies that differ between `base` and `head` (both computed over the same regions) naming
 * ports that may apply to a region's pods. `represented`: regions a workload of the manifests stands
 * for (its container ports are known; abstract-pairs.ts), left out.
 */
export function unresolvedNamedPorts(base: Connectivity, head: Connectivity, represented: ReadonlySet<number> = new Set()): UnresolvedNamedPorts[] {
  const before = new Map(base.cluster.policies.map((p) => [p.id, p]));
  const after = new Map(head.cluster.policies.map((p) => [p.id, p]));
  const changed = (id: string) => !same(before.get(id), after.get(id));
  const out = new Map<string, UnresolvedNamedPorts>();
  for (const [name, side] of [['base', base], ['head', head]] as const) {
    const isRegion = (cls: number) => {
      const region = side.index.classes[cls]?.region;
      return region !== undefined && !represented.has(region.index);
    };
    for (const rule of side.compiled.rules) {
      if (!rule.hasNamedPorts || rule.rule.ports === 'any' || !changed(rule.policy.id)) continue;
      // Whose container ports the name is looked up on: the subject for ingress, the peers for egress.
      const destinations = rule.direction === 'ingress' ? (side.compiled.subjectsOf.get(rule.policy.id) ?? []) : rule.peerClasses;
      if (!destinations.some(isRegion)) continue;
      const ports = [...new Set(rule.rule.ports.filter(isNamedPort).map((p) => `${p.protocol}/${p.port}`))].sort();
      const key = `${rule.policy.id}\u0000${rule.direction}\u0000${rule.index}\u0000${ports.join(',')}`;
      // A rule the same on both sides is listed once, as head has it.
      if (!out.has(key) || name === 'head') out.set(key, { side: name, policy: rule.policy.id, direction: rule.direction, rule: rule.index, ports, ref: rule.rule.ref });
    }
  }
  return [...out.values()].sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : a.direction < b.direction ? -1 : a.direction > b.direction ? 1 : a.rule - b.rule));
}
