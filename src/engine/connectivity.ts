/**
 * Allowed connections of a cluster. A pod-to-pod connection needs both the source's egress and the
 * destination's ingress to allow it; a direction with no policy selecting the pod allows everything.
 * Pairs where neither side is isolated are implicitly ALL and never materialised, so the work grows with
 * the rules' peer lists, not with the square of the workloads.
 */
import { ConnectionSet } from './connection-set.js';
import type { CompiledPolicies, CompiledRule } from './compile.js';
import { compilePolicies, isCaptured, isNamedPort } from './compile.js';
import type { EngineDiagnostic } from './diagnostics.js';
import { ingressControllerReach } from './ingress-controller.js';
import type { Cluster, Direction } from './model.js';
import type { ClassIndex, PodClass } from './peer-classes.js';
import { buildClassIndex } from './peer-classes.js';
import type { Contribution, Piecewise } from './piecewise.js';
import { ALL_ALLOWED, combine } from './piecewise.js';

export interface Connectivity {
  readonly cluster: Cluster;
  readonly index: ClassIndex;
  readonly compiled: CompiledPolicies;
  /** Pod-class pairs outside the all-allowed block, keyed `src * classCount + dst`; only non-empty sets. */
  readonly pairs: ReadonlyMap<number, ConnectionSet>;
  /** Per class: addresses outside the cluster that may reach it (ingress) or that it may reach (egress). */
  readonly external: Readonly<Record<Direction, readonly Piecewise[]>>;
  /** Per class: what the ingress controller may open toward it (NONE when no Ingress leads there). */
  readonly ingressController: readonly ConnectionSet[];
  readonly diagnostics: readonly EngineDiagnostic[];
}

export function computeConnectivity(cluster: Cluster): Connectivity {
  const index = buildClassIndex(cluster.namespaces, cluster.workloads);
  const compiled = compilePolicies(index, cluster.policies);
  const pairs = podPairs(index, compiled);
  const external = {
    ingress: index.classes.map((c) => externalReach(compiled, 'ingress', c)),
    egress: index.classes.map((c) => externalReach(compiled, 'egress', c)),
  };
  const diagnostics: EngineDiagnostic[] = [];
  const ingressController = ingressControllerReach(cluster, index, compiled, diagnostics);
  diagnostics.push(...namedPortDiagnostics(compiled));
  return { cluster, index, compiled, pairs, external, ingressController, diagnostics };
}

/** The connections allowed from class `src` to class `dst`. */
export function classConn(conn: Connectivity, src: number, dst: number): ConnectionSet {
  const { compiled } = conn;
  if (!isCaptured(compiled, 'egress', src) && !isCaptured(compiled, 'ingress', dst)) return ConnectionSet.ALL;
  return conn.pairs.get(src * conn.index.classes.length + dst) ?? ConnectionSet.NONE;
}

/** Per direction, what the isolating rules allow between each isolated class and its pod peers. */
function ruleTable(index: ClassIndex, compiled: CompiledPolicies, direction: Direction): Map<number, ConnectionSet> {
  const n = index.classes.length;
  const table = new Map<number, ConnectionSet>();
  for (const subject of index.classes) {
    for (const rule of compiled.rulesOf[direction][subject.index]) {
      for (const peer of rule.peerClasses) {
        const [src, dst] = direction === 'ingress' ? [peer, subject.index] : [subject.index, peer];
        const c = rule.conns(index.classes[dst]);
        if (c.isEmpty()) continue;
        const key = src * n + dst;
        const prev = table.get(key);
        table.set(key, prev ? prev.union(c) : c);
      }
    }
  }
  return table;
}

function podPairs(index: ClassIndex, compiled: CompiledPolicies): Map<number, ConnectionSet> {
  const n = index.classes.length;
  const egress = ruleTable(index, compiled, 'egress');
  const ingress = ruleTable(index, compiled, 'ingress');
  const pairs = new Map<number, ConnectionSet>();
  for (const [key, e] of egress) {
    const dst = key % n;
    const c = isCaptured(compiled, 'ingress', dst) ? e.intersect(ingress.get(key) ?? ConnectionSet.NONE) : e;
    if (!c.isEmpty()) pairs.set(key, c);
  }
  for (const [key, i] of ingress) {
    const src = Math.floor(key / n);
    if (!isCaptured(compiled, 'egress', src)) pairs.set(key, i);
  }
  return pairs;
}

const piecewiseCache = new WeakMap<CompiledPolicies, Map<string, Piecewise>>();

/** Traffic outside the cluster needs only the pod's own side: its ingress for sources, its egress for destinations. */
function externalReach(compiled: CompiledPolicies, direction: Direction, cls: PodClass): Piecewise {
  if (!isCaptured(compiled, direction, cls.index)) return ALL_ALLOWED;
  const contributions: Contribution[] = [];
  const keyParts: string[] = [];
  for (const rule of compiled.rulesOf[direction][cls.index]) {
    if (rule.peerAddresses.isEmpty()) continue;
    const conn = rule.conns(direction === 'ingress' ? cls : null);
    contributions.push({ addresses: rule.peerAddresses, conn });
    keyParts.push(`${rule.id}:${conn.key}`);
  }
  let cache = piecewiseCache.get(compiled);
  if (!cache) piecewiseCache.set(compiled, (cache = new Map()));
  const key = keyParts.join(';');
  let pieces = cache.get(key);
  if (!pieces) cache.set(key, (pieces = combine(contributions)));
  return pieces;
}

function namedPortDiagnostics(compiled: CompiledPolicies): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const seen = new Set<CompiledRule>();
  for (const lists of [compiled.rulesOf.ingress, compiled.rulesOf.egress]) {
    for (const list of lists) for (const rule of list) seen.add(rule);
  }
  for (const rule of seen) {
    if (rule.rule.ports === 'any') continue;
    const named = rule.rule.ports.filter(isNamedPort);
    if (named.length > 0 && rule.direction === 'egress' && !rule.peerAddresses.isEmpty() && rule.rule.peers !== 'any') {
      out.push({
        code: 'NAMED_PORT_TO_IPBLOCK',
        message: `${rule.policy.id}: named port "${String(named[0].port)}" can never match traffic to an ipBlock (addresses have no container ports)`,
        ref: named[0].ref,
      });
    }
    if (rule.peerClasses.length === 0) continue;
    for (const spec of named) {
      if (rule.resolvedNames.has(spec.port as string)) continue;
      out.push({
        code: 'UNKNOWN_NAMED_PORT',
        message: `${rule.policy.id}: named port "${spec.port}" (${spec.protocol}) is not defined by any destination pod of this ${rule.direction} rule, so it allows nothing`,
        ref: spec.ref,
      });
    }
  }
  return out;
}
