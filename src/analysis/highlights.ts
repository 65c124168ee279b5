/**
 * What matters in a diff, most severe first, as data for the plain-words headline ("Opens payments
 * (PCI) to every namespace on TCP 9090 (1 rule, policies/shop.yaml:100); closes cart → redis 6379").
 * Opened paths are grouped by destination and the head rules that allow them; closed ones by pair.
 * How wide an opening is comes from the allowing rules themselves (an entry selecting every namespace
 * opens to every namespace, whatever workloads the manifests happen to hold).
 */
import type { Cluster, ConnectionSet, PeerRef, Reason, SourceRef, Workload } from '../engine/index.js';
import { AddressSet, peerId } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

/** How far the allowing rules reach, widest first. */
export type Reach = 'everything' | 'every namespace' | 'the internet' | 'other namespaces' | 'its namespace';

export interface Highlight {
  readonly change: 'opened' | 'closed';
  readonly srcs: readonly PeerRef[];
  /** Opened: every destination the same rules open on the same ports; closed: the one destination. */
  readonly dsts: readonly PeerRef[];
  readonly conn: ConnectionSet;
  /** For opened paths: the widest reach of the head rules that allow them. */
  readonly reach?: Reach;
  /** The head lines responsible (allowing rules for opened; the rules edited or policies that now isolate, for closed). */
  readonly refs: readonly SourceRef[];
  /** Sensitivity tags of the destination's pods (`pci: "true"` → `PCI`; `data-classification: x` → `x`). */
  readonly tags: readonly string[];
}

const REACH_RANK: Record<Reach, number> = { everything: 0, 'the internet': 1, 'every namespace': 2, 'other namespaces': 3, 'its namespace': 4 };
/** Pod label keys that mark sensitive data when `true`/`yes`; documented in the README. */
export const SENSITIVE_LABELS = ['pci', 'pii', 'phi', 'hipaa', 'gdpr', 'sox', 'sensitive', 'confidential'];
const CLASSIFICATION_LABELS = ['data-classification', 'classification'];

export function highlights(pairs: readonly ExplainedPair[], head: Cluster): Highlight[] {
  interface Group { srcs: PeerRef[]; dsts: PeerRef[]; conn: ConnectionSet; refs: SourceRef[]; reasons: Reason[] }
  const groups = { opened: new Map<string, Group>(), closed: new Map<string, Group>() };
  const add = (change: 'opened' | 'closed', key: string, p: ExplainedPair, conn: ConnectionSet, reasons: Reason[]) => {
    const g = groups[change].get(key) ?? { srcs: [], dsts: [], conn, refs: uniqueRefs(reasons), reasons };
    if (!g.srcs.some((x) => peerId(x) === peerId(p.src))) g.srcs.push(p.src);
    if (!g.dsts.some((x) => peerId(x) === peerId(p.dst))) g.dsts.push(p.dst);
    groups[change].set(key, g);
  };
  for (const p of pairs) {
    if (p.opened) {
      // Opened: one group per (head rules that allow, ports): "opens A, B and C to every namespace on TCP 8080".
      const rules = p.whyOpened.filter((r) => (r.kind === 'allowed-by-rule' || r.kind === 'tier-rule' || r.kind === 'not-isolated') && r.side === 'head');
      add('opened', `${p.opened.key}|${rules.map((r) => JSON.stringify(r)).sort().join(';')}`, p, p.opened, rules);
    }
    if (p.closed) {
      const why = p.whyClosed.filter((r) => !('side' in r) || r.side === 'head');
      add('closed', `${peerId(p.dst)}|${p.closed.key}|${why.map((r) => JSON.stringify(r)).sort().join(';')}`, p, p.closed, why);
    }
  }
  const tags = (g: Group) => [...new Set(g.dsts.flatMap(tagsOf))];
  const open: Highlight[] = [...groups.opened.values()].map((g) => ({ change: 'opened', srcs: g.srcs, dsts: g.dsts, conn: g.conn, reach: reachOf(g.reasons, g.srcs, g.dsts, head), refs: g.refs, tags: tags(g) }));
  open.sort((a, b) => REACH_RANK[a.reach!] - REACH_RANK[b.reach!] || b.tags.length - a.tags.length || b.srcs.length * b.dsts.length - a.srcs.length * a.dsts.length);
  const closed: Highlight[] = [...groups.closed.values()].map((g) => ({ change: 'closed', srcs: g.srcs, dsts: g.dsts, conn: g.conn, refs: g.refs, tags: tags(g) }));
  closed.sort((a, b) => b.tags.length - a.tags.length || b.srcs.length - a.srcs.length);
  return [...open, ...closed];
}

function uniqueRefs(reasons: readonly Reason[]): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const r of reasons) if ('ref' in r) seen.set(`${r.ref.file}:${r.ref.line}`, r.ref);
  return [...seen.values()];
}

/** The widest reach among the allowing rules (their peers as written), or, failing rules, the sources themselves. */
function reachOf(reasons: readonly Reason[], srcs: readonly PeerRef[], dsts: readonly PeerRef[], head: Cluster): Reach {
  let best: Reach | undefined;
  const consider = (r: Reach) => {
    if (best === undefined || REACH_RANK[r] < REACH_RANK[best]) best = r;
  };
  for (const r of reasons) {
    if (r.kind === 'not-isolated') consider('everything');
    if (r.kind !== 'allowed-by-rule') continue;
    const rule = head.policies.find((p) => p.id === r.policy)?.[r.direction][r.rule];
    if (!rule) continue;
    if (rule.peers === 'any') consider('everything');
    else {
      for (const e of rule.peers) {
        if (e.kind === 'ipBlock') consider(AddressSet.ALL_V4.isSubsetOf(e.block) || AddressSet.ALL_V6.isSubsetOf(e.block) ? 'the internet' : 'other namespaces');
        else if (e.namespaces !== 'own' && Object.keys(e.namespaces.matchLabels).length === 0 && e.namespaces.expressions.length === 0) consider('every namespace');
      }
    }
  }
  if (best) return best;
  const ns = (p: PeerRef) => (p.type === 'workload' ? p.workload.namespace : p.type === 'pods' ? p.peer.namespace : undefined);
  return srcs.every((s) => ns(s) !== undefined && dsts.every((d) => ns(s) === ns(d))) ? 'its namespace' : 'other namespaces';
}

function tagsOf(p: PeerRef): string[] {
  if (p.type !== 'workload') return [];
  return workloadTags(p.workload);
}

export function workloadTags(w: Workload): string[] {
  const tags: string[] = [];
  for (const key of SENSITIVE_LABELS) if (/^(true|yes|1)$/i.test(w.podLabels[key] ?? '')) tags.push(key.toUpperCase());
  for (const key of CLASSIFICATION_LABELS) if (w.podLabels[key]) tags.push(w.podLabels[key]);
  return tags;
}
