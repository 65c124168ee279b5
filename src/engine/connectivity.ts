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
import type { Cluster, Direction, IngressBackend } from './model.js';
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
  /** Per class: the Ingress backends whose Service selects it (what `ingressController` follows). */
  readonly ingressBackends: readonly (readonly IngressBackend[])[];
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
  const ingress = ingressControllerReach(cluster, index, compiled, diagnostics);
  diagnostics.push(...namedPortDiagnostics(compiled));
  return { cluster, index, compiled, pairs, external, ingressController: ingress.reach, ingressBackends: ingress.backends, diagnostics };
}

/** The connections allowed from class `src` to class `dst`. */
export function classConn(conn: Connectivity, src: number, dst: number): ConnectionSet {
  const { compiled } = conn;
  if (!isCaptured(compiled, 'egress', src) && !isCaptured(compiled, 'ingress', dst)) return ConnectionSet.ALL;
  return conn.pairs.get(src * conn.index.classes.length + dst) ?? ConnectionSet.NONE;
}

/**
 * One isolated class's allowed peers in one direction: the classes some rule picks, each with the union
 * of what those rules allow (empty sets left out). Peers are in first-seen order.
 */
interface Row {
  readonly peers: number[];
  readonly conns: ConnectionSet[];
}

/**
 * Per direction and isolated class, what its rules allow toward each pod peer. One dense scratch array
 * (stamped by subject) replaces a map keyed by pair, so the cost is one array write per (rule, peer).
 */
function ruleRows(index: ClassIndex, compiled: CompiledPolicies, direction: Direction): (Row | undefined)[] {
  const { classes } = index;
  const n = classes.length;
  const stamp = new Int32Array(n).fill(-1);
  const acc = new Array<ConnectionSet>(n);
  const rows = new Array<Row | undefined>(n);
  const lists = compiled.rulesOf[direction];
  for (let s = 0; s < n; s++) {
    const rules = lists[s];
    if (rules.length === 0) continue;
    const peers: number[] = [];
    for (const rule of rules) {
      const pcs = rule.peerClasses;
      if (pcs.length === 0) continue;
      // Ingress: the destination is the subject itself; egress without named ports: one set for every peer.
      const fixed = direction === 'ingress' ? rule.conns(classes[s]) : rule.hasNamedPorts ? null : rule.conns(null);
      if (fixed !== null && fixed.isEmpty()) continue;
      for (let k = 0; k < pcs.length; k++) {
        const p = pcs[k];
        const c = fixed ?? rule.conns(classes[p]);
        if (fixed === null && c.isEmpty()) continue;
        if (stamp[p] !== s) {
          stamp[p] = s;
          acc[p] = c;
          peers.push(p);
        } else if (acc[p] !== c) {
          acc[p] = acc[p].union(c);
        }
      }
    }
    if (peers.length > 0) rows[s] = { peers, conns: peers.map((p) => acc[p]) };
  }
  return rows;
}

function podPairs(index: ClassIndex, compiled: CompiledPolicies): Map<number, ConnectionSet> {
  const n = index.classes.length;
  const egress = ruleRows(index, compiled, 'egress');
  const ingress = ruleRows(index, compiled, 'ingress');
  const egressCaptured = new Uint8Array(n);
  const ingressCaptured = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    egressCaptured[c] = isCaptured(compiled, 'egress', c) ? 1 : 0;
    ingressCaptured[c] = isCaptured(compiled, 'ingress', c) ? 1 : 0;
  }
  // Ingress rows are per destination; transpose them to per source (counting sort into flat arrays).
  const start = new Int32Array(n + 1);
  for (let d = 0; d < n; d++) for (const s of ingress[d]?.peers ?? []) start[s + 1]++;
  for (let s = 0; s < n; s++) start[s + 1] += start[s];
  const fill = start.slice(0, n);
  const inDst = new Int32Array(start[n]);
  const inConn = new Array<ConnectionSet>(start[n]);
  for (let d = 0; d < n; d++) {
    const row = ingress[d];
    if (!row) continue;
    for (let k = 0; k < row.peers.length; k++) {
      const at = fill[row.peers[k]]++;
      inDst[at] = d;
      inConn[at] = row.conns[k];
    }
  }
  const stamp = new Int32Array(n).fill(-1);
  const allowedIn = new Array<ConnectionSet>(n);
  const pairs = new Map<number, ConnectionSet>();
  for (let s = 0; s < n; s++) {
    if (egressCaptured[s]) {
      // Both ends may be isolated: the source's egress, intersected with the destination's ingress.
      const row = egress[s];
      if (!row) continue;
      for (let k = start[s]; k < start[s + 1]; k++) {
        stamp[inDst[k]] = s;
        allowedIn[inDst[k]] = inConn[k];
      }
      for (let k = 0; k < row.peers.length; k++) {
        const d = row.peers[k];
        const e = row.conns[k];
        const c = ingressCaptured[d] ? (stamp[d] === s ? e.intersect(allowedIn[d]) : ConnectionSet.NONE) : e;
        if (!c.isEmpty()) pairs.set(s * n + d, c);
      }
    } else {
      // A source free to send: only the destination's ingress decides.
      for (let k = start[s]; k < start[s + 1]; k++) pairs.set(s * n + inDst[k], inConn[k]);
    }
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
    // Named ports resolve on the destination: the peers for egress, the selected pods themselves for ingress
    // (also toward ipBlock sources). A rule that picks no peer at all has nothing to resolve against.
    const resolvedSomewhere = rule.peerClasses.length > 0 || (rule.direction === 'ingress' && !rule.peerAddresses.isEmpty());
    if (!resolvedSomewhere) continue;
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
