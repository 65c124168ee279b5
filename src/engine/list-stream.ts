/**
 * `list` at any size: the number of rows is counted from class sizes before any row exists, rows are
 * generated one source at a time in the contract's order (never all at once), and `groups` compress
 * the output to "these sources reach these destinations with one connection set". Work follows the
 * output: classes are met through their default-set groups and the exception pairs, never pairwise.
 */
import type { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { domainConn, domainNames } from './domains.js';
import { groupBySet } from './list.js';
import type { ConnectionRow, ListOptions } from './list.js';
import type { Workload } from './model.js';
import type { PeerRef } from './peers.js';
import { INGRESS_CONTROLLER, comparePeers, peerId } from './peers.js';

/** Per source class, the destination classes with allowed traffic and what each allows. */
interface Plan {
  readonly conn: Connectivity;
  readonly n: number;
  /** Classes grouped by equal ingress default. */
  readonly ingressGroups: readonly { readonly set: ConnectionSet; readonly members: readonly number[] }[];
  /** Exception pairs by source class: destination class → allowed set (possibly empty). */
  readonly overrides: ReadonlyMap<number, ReadonlyMap<number, ConnectionSet>>;
  /** Per class, the DNS-named destinations (ClusterNetworkPolicy `domainNames`) it may reach. */
  readonly domains: readonly (readonly { readonly name: string; readonly conn: ConnectionSet }[])[];
}

function plan(conn: Connectivity): Plan {
  const n = conn.index.classes.length;
  const overrides = new Map<number, Map<number, ConnectionSet>>();
  for (const [key, c] of conn.pairs) {
    const s = Math.floor(key / n);
    const m = overrides.get(s) ?? new Map<number, ConnectionSet>();
    overrides.set(s, m);
    m.set(key % n, c);
  }
  const names = domainNames(conn);
  const domains = conn.index.classes.map((cls) => names.map((name) => ({ name, conn: domainConn(conn, cls.index, name) })).filter((d) => !d.conn.isEmpty()));
  return { conn, n, ingressGroups: groupBySet(conn.defaults.ingress), overrides, domains };
}

/** Destination classes of source class `s` with their allowed set, grouped by set. */
function destinations(p: Plan, s: number): Map<string, { conn: ConnectionSet; classes: number[] }> {
  const out = new Map<string, { conn: ConnectionSet; classes: number[] }>();
  const add = (c: ConnectionSet, d: number) => {
    const e = out.get(c.key) ?? { conn: c, classes: [] };
    out.set(c.key, e);
    e.classes.push(d);
  };
  const own = p.overrides.get(s);
  const egress = p.conn.defaults.egress[s];
  for (const g of p.ingressGroups) {
    const c = egress.intersect(g.set);
    if (c.isEmpty()) continue;
    for (const d of g.members) if (!own?.has(d)) add(c, d);
  }
  for (const [d, c] of own ?? []) if (!c.isEmpty()) add(c, d);
  return out;
}

const size = (conn: Connectivity, cls: number) => conn.index.classes[cls].workloads.length;

/** Per class, how many of its workloads are in `namespace` (all of them without one). */
function sizesIn(conn: Connectivity, namespace: string | undefined): number[] {
  return conn.index.classes.map((cls) => (namespace === undefined ? cls.workloads.length : cls.workloads.reduce((n, w) => n + (w.namespace === namespace ? 1 : 0), 0)));
}

/** Whether a row between these workloads (or a workload and a peer of another type: `undefined`) is listed. */
const inScope = (options: ListOptions, ...ends: (Workload | undefined)[]) => options.namespace === undefined || ends.some((w) => w?.namespace === options.namespace);

/**
 * How many rows `listConnections` would return, from class sizes alone. With `namespace`, a source
 * in it counts every destination; one outside counts only the destinations in it.
 */
export function countConnections(conn: Connectivity, options: ListOptions = {}): number {
  const p = plan(conn);
  const inSize = sizesIn(conn, options.namespace);
  const groupSize = (sizes: readonly number[]) => p.ingressGroups.map((g) => g.members.reduce((a, d) => a + sizes[d], 0));
  const allSizes = conn.index.classes.map((cls) => cls.workloads.length);
  const groupAll = groupSize(allSizes);
  const groupIn = groupSize(inSize);
  let total = 0;
  conn.index.classes.forEach((cls, s) => {
    const k = cls.workloads.length;
    if (k === 0) return;
    const kIn = inSize[s];
    const own = p.overrides.get(s);
    const egress = conn.defaults.egress[s];
    // Destinations of one source of this class: every one, and those in the namespace.
    let dsts = 0;
    let dstsIn = 0;
    p.ingressGroups.forEach((g, gi) => {
      if (egress.intersect(g.set).isEmpty()) return;
      dsts += groupAll[gi];
      dstsIn += groupIn[gi];
    });
    for (const [d, c] of own ?? []) {
      const block = !egress.intersect(conn.defaults.ingress[d]).isEmpty();
      const change = (n: number) => (c.isEmpty() ? 0 : n) - (block ? n : 0);
      dsts += change(size(conn, d));
      dstsIn += change(inSize[d]);
    }
    const selfAllowed = !(own?.get(s) ?? egress.intersect(conn.defaults.ingress[s])).isEmpty();
    // A source outside the namespace is never its own destination among those in it.
    total += kIn * dsts + (k - kIn) * dstsIn - (selfAllowed && !options.self ? kIn : 0);
    total += kIn * (p.domains[s].length + conn.external.ingress[s].length + conn.external.egress[s].length + (conn.ingressController[s].isEmpty() ? 0 : 1));
  });
  return total;
}

const workloadPeer = (w: Workload): PeerRef => ({ type: 'workload', workload: w });

/** The rows of `listConnections`, in the same order, one source at a time. */
export function* streamConnections(conn: Connectivity, options: ListOptions = {}): Generator<ConnectionRow> {
  const p = plan(conn);
  const sorted = conn.index.classes.flatMap((cls) => cls.workloads.map((w) => ({ w, cls: cls.index }))).sort((a, b) => (a.w.id < b.w.id ? -1 : a.w.id > b.w.id ? 1 : 0));
  const rank = new Map(sorted.map((e, i) => [e.w, i]));
  // With a namespace, a source outside it meets only the destinations in it (never the whole class).
  const inNamespace = options.namespace === undefined ? undefined : conn.index.classes.map((cls) => cls.workloads.filter((w) => w.namespace === options.namespace));
  const noneInNamespace = inNamespace?.every((ws) => ws.length === 0) ?? false;
  for (const { w, cls } of sorted) {
    const src = workloadPeer(w);
    const wide = inScope(options, w);
    if (!wide && noneInNamespace) continue;
    const rows: { dst: Workload; conn: ConnectionSet }[] = [];
    for (const { conn: c, classes } of destinations(p, cls).values()) {
      for (const d of classes) for (const wd of wide ? conn.index.classes[d].workloads : inNamespace![d]) if (wd !== w || options.self) rows.push({ dst: wd, conn: c });
    }
    rows.sort((a, b) => rank.get(a.dst)! - rank.get(b.dst)!);
    for (const r of rows) yield { src, dst: workloadPeer(r.dst), conn: r.conn };
    if (!wide) continue;
    const other: ConnectionRow[] = [
      ...p.domains[cls].map((d) => ({ src, dst: { type: 'domain', names: [d.name] } as PeerRef, conn: d.conn })),
      ...conn.external.egress[cls].map((piece) => ({ src, dst: { type: 'external', addresses: piece.addresses } as PeerRef, conn: piece.conn })),
    ];
    yield* other.sort((a, b) => comparePeers(a.dst, b.dst));
  }
  // Sources other than workloads: the ingress controller, then external ranges (the contract's order).
  const others: ConnectionRow[] = [];
  for (const { w, cls } of sorted) {
    if (!inScope(options, w)) continue;
    const ic = conn.ingressController[cls];
    if (!ic.isEmpty()) others.push({ src: INGRESS_CONTROLLER, dst: workloadPeer(w), conn: ic });
    for (const piece of conn.external.ingress[cls]) others.push({ src: { type: 'external', addresses: piece.addresses }, dst: workloadPeer(w), conn: piece.conn });
  }
  yield* others.sort((a, b) => comparePeers(a.src, b.src) || comparePeers(a.dst, b.dst));
}

/**
 * Groups narrowed to the rows with an end in `namespace`: sources in it keep every destination;
 * sources outside it keep the destinations in it. Each row stays in exactly one group.
 */
function groupsInNamespace(groups: ConnectionGroup[], namespace: string | undefined): ConnectionGroup[] {
  if (namespace === undefined) return groups;
  const isIn = (p: PeerRef) => p.type === 'workload' && p.workload.namespace === namespace;
  const out: ConnectionGroup[] = [];
  const push = (src: PeerRef[], dst: readonly PeerRef[], conn: ConnectionSet) => {
    // A lone workload reaching only itself is a self pair, not a group.
    if (src.length > 0 && dst.length > 0 && !(src.length === 1 && dst.length === 1 && peerId(src[0]) === peerId(dst[0]))) out.push({ src, dst, conn });
  };
  for (const g of groups) {
    push(g.src.filter(isIn), g.dst, g.conn);
    push(g.src.filter((p) => !isIn(p)), g.dst.filter(isIn), g.conn);
  }
  return out;
}

/** Sources × destinations with one connection set: every ordered pair of distinct peers in it has exactly `conn`. */
export interface ConnectionGroup {
  readonly src: readonly PeerRef[];
  readonly dst: readonly PeerRef[];
  readonly conn: ConnectionSet;
}

/**
 * The rows as groups: source classes with the same destinations and set are merged; externals and the
 * ingress controller are grouped by peer and set. Every row of `listConnections` (self pairs aside) is
 * in exactly one group.
 */
export function groupConnections(conn: Connectivity, options: Pick<ListOptions, 'namespace'> = {}): ConnectionGroup[] {
  const p = plan(conn);
  // A source class's destinations for one set are whole ingress groups, minus its exception pairs,
  // plus exception pairs with that set: described by ids, so no class pair is ever visited.
  const merged = new Map<string, { srcClasses: number[]; groups: number[]; minus: Set<number>; plus: number[]; conn: ConnectionSet }>();
  conn.index.classes.forEach((cls, s) => {
    if (cls.workloads.length === 0) return;
    const own = p.overrides.get(s);
    const egress = conn.defaults.egress[s];
    const bySet = new Map<string, { conn: ConnectionSet; groups: number[]; plus: number[] }>();
    const entry = (c: ConnectionSet) => bySet.get(c.key) ?? bySet.set(c.key, { conn: c, groups: [], plus: [] }).get(c.key)!;
    p.ingressGroups.forEach((g, gi) => {
      const c = egress.intersect(g.set);
      if (!c.isEmpty()) entry(c).groups.push(gi);
    });
    for (const [d, c] of own ?? []) if (!c.isEmpty()) entry(c).plus.push(d);
    const minus = [...(own?.keys() ?? [])].sort((a, b) => a - b);
    for (const e of bySet.values()) {
      const plus = e.plus.sort((a, b) => a - b);
      // Only the source's own workload (a self pair) is left out of `list`, so it is no group either.
      if (e.groups.length === 0 && plus.length === 1 && plus[0] === s && cls.workloads.length === 1) continue;
      const key = `${e.conn.key}|${e.groups.join(',')}|-${minus.join(',')}|+${plus.join(',')}`;
      const m = merged.get(key) ?? { srcClasses: [], groups: e.groups, minus: new Set(minus), plus, conn: e.conn };
      merged.set(key, m);
      m.srcClasses.push(s);
    }
  });
  const peersOf = (classes: Iterable<number>) => [...classes].flatMap((c) => conn.index.classes[c].workloads).sort((a, b) => (a.id < b.id ? -1 : 1)).map(workloadPeer);
  const groups: ConnectionGroup[] = [];
  for (const m of merged.values()) {
    const dstClasses = new Set<number>(m.plus);
    for (const gi of m.groups) for (const d of p.ingressGroups[gi].members) if (!m.minus.has(d)) dstClasses.add(d);
    const dst = peersOf(dstClasses);
    const src = peersOf(m.srcClasses);
    // A lone workload reaching only itself is a self pair, not a group.
    if (dst.length > 0 && !(src.length === 1 && dst.length === 1 && peerId(src[0]) === peerId(dst[0]))) groups.push({ src, dst, conn: m.conn });
  }
  const byPeer = new Map<string, { src: PeerRef[]; dst: PeerRef[]; conn: ConnectionSet }>();
  const put = (key: string, fixed: { src?: PeerRef; dst?: PeerRef }, other: PeerRef, c: ConnectionSet) => {
    const e = byPeer.get(key) ?? { src: fixed.src ? [fixed.src] : [], dst: fixed.dst ? [fixed.dst] : [], conn: c };
    byPeer.set(key, e);
    (fixed.src ? e.dst : e.src).push(other);
  };
  conn.index.classes.forEach((cls, s) => {
    for (const w of cls.workloads) {
      const self = workloadPeer(w);
      const ic = conn.ingressController[s];
      if (!ic.isEmpty()) put(`ic|${ic.key}`, { src: INGRESS_CONTROLLER }, self, ic);
      for (const piece of conn.external.ingress[s]) put(`in|${piece.addresses.toRanges().join(',')}|${piece.conn.key}`, { src: { type: 'external', addresses: piece.addresses } }, self, piece.conn);
      for (const d of p.domains[s]) put(`domain|${d.name}|${d.conn.key}`, { dst: { type: 'domain', names: [d.name] } }, self, d.conn);
      for (const piece of conn.external.egress[s]) put(`out|${piece.addresses.toRanges().join(',')}|${piece.conn.key}`, { dst: { type: 'external', addresses: piece.addresses } }, self, piece.conn);
    }
  });
  const sortPeers = (ps: PeerRef[]) => ps.sort(comparePeers);
  for (const e of byPeer.values()) groups.push({ src: sortPeers(e.src), dst: sortPeers(e.dst), conn: e.conn });
  return groupsInNamespace(groups, options.namespace).sort((a, b) => comparePeers(a.src[0], b.src[0]) || comparePeers(a.dst[0], b.dst[0]));
}
