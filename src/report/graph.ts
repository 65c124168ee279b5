/**
 * A connectivity picture as data, for the Mermaid and DOT renderers: nodes are workloads, abstract peers,
 * external ranges and the ingress controller, grouped by namespace; edges carry the ports and a style
 * (`opened`: bold, `closed`: dashed, `allowed`: plain). Above `maxEdges` edges, nodes of one namespace
 * fold into one namespace node and edges into one per namespace pair and style, labelled with the count.
 */
import type { ConnectionRow, ConnectionSet, NamedConns, PeerRef } from '../engine/index.js';
import { plural } from '../util/plural.js';
import { peerId } from '../engine/index.js';
import type { DiffReport } from '../analysis/types.js';
import { connText } from './mismatch-text.js';
import { holdsEvery } from './held-workloads.js';
import type { PeerLabel } from './peer-label.js';
import { withPodsText } from './pods-text.js';
import { reportTelling, reportsTelling } from './telling-names.js';
import type { GroupsOf } from './told-edges.js';
import { toldEdges } from './told-edges.js';

export type EdgeStyle = 'opened' | 'closed' | 'allowed';

/**
 * An edge's ports, a label, not a sentence (`TCP 53, UDP 53`): the notation of the rows and tables beside the
 * picture, `All Connections` included (new-user 49 #4: the text said `All Connections` where the picture said
 * "all traffic"). A set that is every port but a few reads `any port but TCP 443`, as the rows' sentences do.
 */
const edgeText = (c: ConnectionSet) => (c.isAll() ? c.toText() : connText(c, (x) => x.toListed()));
const namedEdgeText = (c: NamedConns) => (c.names.length === 0 ? edgeText(c.conn) : c.toText());

export interface GraphNode {
  /** A stable identifier safe in both languages: `n` and digits. */
  readonly id: string;
  readonly label: string;
  /** The namespace subgraph it sits in (null: outside any namespace). */
  readonly group: string | null;
  readonly kind: PeerRef['type'] | 'namespace';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly style: EdgeStyle;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Namespace groups in first-seen order. */
  readonly groups: readonly string[];
  /** Edges were folded per namespace pair (the input had this many edges). */
  readonly collapsedFrom?: number;
  /** A graph with no edge: what the picture says instead of being blank (`No path opened or closed`). */
  readonly empty?: string;
}

/** Above this many edges a picture stops being readable: fold per namespace pair. */
export const DEFAULT_MAX_EDGES = 40;

interface RawEdge {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly label: string;
  readonly style: EdgeStyle;
  /** The target (cluster model) the edge is in, when the picture holds several: its ends are that target's. */
  readonly scope?: string;
}

/**
 * `raw` without the edges of a workload that a rule peer's edge tells too: same style, ports, target and other
 * end, the rule peer (pods the manifests do not hold) holding every pod of the workload. The text tells them as
 * one line, `api/[all pods] (api/backend today) may now send to …`; drawn apart they were the same change twice
 * (new-user trial 33). A rule peer holds the workload by its selectors (a namespace selector with requirements is
 * not judged there), or when the lines name the workload as held by it today (`today` given: a wider region
 * holds it). `today`: rule peer id → the workloads folded into it, for its node's label (with those given).
 */
function foldHeldEdges(raw: readonly RawEdge[], today = new Map<string, PeerRef[]>()): { edges: RawEdge[]; today: Map<string, PeerRef[]> } {
  const told = new Set([...today].flatMap(([id, ws]) => ws.map((w) => `${id}\0${peerId(w)}`)));
  const holds = (p: PeerRef & { type: 'pods' }, w: PeerRef & { type: 'workload' }) => told.has(`${peerId(p)}\0${peerId(w)}`) || holdsEvery(p, w.workload);
  const key = (e: RawEdge, end: 'src' | 'dst') => `${e.style}\0${e.label}\0${e.scope ?? ''}\0${end}\0${peerId(end === 'src' ? e.dst : e.src)}`;
  // Rule peers' edges by everything but the end that may hold a workload.
  const holders = new Map<string, (PeerRef & { type: 'pods' })[]>();
  for (const e of raw) {
    for (const end of ['src', 'dst'] as const) {
      const p = e[end];
      if (p.type === 'pods') (holders.get(key(e, end)) ?? holders.set(key(e, end), []).get(key(e, end))!).push(p);
    }
  }
  const edges = raw.filter((e) => {
    for (const end of ['src', 'dst'] as const) {
      const w = e[end];
      if (w.type !== 'workload') continue;
      const holder = holders.get(key(e, end))?.find((p) => holds(p, w));
      if (!holder) continue;
      addHeld(today, peerId(holder), [w]);
      return false;
    }
    return true;
  });
  return { edges, today };
}

/**
 * What a diff changed: only changed edges and their ends. Pods the manifests do not hold are named as the text
 * names them (pods-text.ts: `[pod with {app=web}]`, `(except those with {…})`), not by their JSON ids
 * (new-user 39 #15: a node read `(except orders-staging/[pod with {app=worker,role=worker}])`).
 */
export function diffGraph(report: DiffReport, label: PeerLabel, maxEdges = DEFAULT_MAX_EDGES, groupsOf?: GroupsOf): Graph {
  const told = diffEdges(report, groupsOf);
  const { edges, today } = foldHeldEdges(told.edges, told.today);
  return withEmptyNote(build(edges, withPodsText(label, undefined, reportTelling(report)), maxEdges, today), 'No path opened or closed');
}

/**
 * What a diff over several targets changed. When more than one target changed, each target's nodes sit in
 * boxes named after it (`shop-us: shop`): drawn as one cluster, a pair changed in two targets was two
 * identical edges between the same two nodes (fresh-user trial 32). One target changed: `diffGraph` of it.
 */
export function targetsDiffGraph(targets: readonly { readonly name: string; readonly report: DiffReport }[], label: PeerLabel, maxEdges = DEFAULT_MAX_EDGES): Graph {
  const changed = targets.map((t) => ({ name: t.name, ...diffEdges(t.report) })).filter((t) => t.edges.length > 0);
  const raw = changed.length > 1 ? changed.flatMap((t) => t.edges.map((e) => ({ ...e, scope: t.name }))) : (changed[0]?.edges ?? []);
  const held = new Map<string, PeerRef[]>();
  for (const t of changed) for (const [id, ws] of t.today) addHeld(held, id, ws);
  const { edges, today } = foldHeldEdges(raw, held);
  return withEmptyNote(build(edges, withPodsText(label, undefined, reportsTelling(targets.map((t) => t.report))), maxEdges, today), 'No path opened or closed');
}

/** The report's changed edges as its lines tell them (told-edges.ts), and the workloads its lines name as held today by an end. */
function diffEdges(report: DiffReport, groupsOf?: GroupsOf): { edges: RawEdge[]; today: Map<string, PeerRef[]> } {
  const told = toldEdges(report, groupsOf);
  return { edges: told.edges.map((e) => ({ src: e.src, dst: e.dst, label: namedEdgeText(e.conn), style: e.style })), today: told.today };
}

/** `ws` added to what `today` holds under `id`, each workload once. */
function addHeld(today: Map<string, PeerRef[]>, id: string, ws: readonly PeerRef[]): void {
  const held = today.get(id) ?? today.set(id, []).get(id)!;
  for (const w of ws) if (!held.some((x) => peerId(x) === peerId(w))) held.push(w);
}

/** A whole cluster's allowed connections (a `list`). */
export function listGraph(rows: readonly ConnectionRow[], label: PeerLabel, maxEdges = DEFAULT_MAX_EDGES): Graph {
  return withEmptyNote(
    build(
      rows.map((r) => ({ src: r.src, dst: r.dst, label: edgeText(r.conn), style: 'allowed' as const })),
      label,
      maxEdges,
    ),
    'No connection allowed',
  );
}

/** A graph without edges says so (a reader of the picture alone would see a blank one). */
function withEmptyNote(g: Graph, note: string): Graph {
  return g.edges.length === 0 ? { ...g, empty: note } : g;
}

function namespaceOf(p: PeerRef): string | null {
  if (p.type === 'workload') return p.workload.namespace;
  if (p.type === 'pods') return p.peer.namespace ?? null;
  return null;
}

/** Inside its namespace box a workload is shown by name alone (with the kind when the label carries one). */
function nodeLabel(p: PeerRef, label: PeerLabel): string {
  const full = label(p);
  const ns = namespaceOf(p);
  return ns !== null && full.startsWith(`${ns}/`) ? full.slice(ns.length + 1) : full;
}

/** `today`: rule peer id → workloads whose edges folded into its (foldHeldEdges), named in its label. */
function build(raw: readonly RawEdge[], label: PeerLabel, maxEdges: number, today?: ReadonlyMap<string, readonly PeerRef[]>): Graph {
  if (raw.length > maxEdges) return collapse(raw, label);
  const nodes = new Map<string, GraphNode>();
  const groups: string[] = [];
  const node = (p: PeerRef, scope: string | undefined): string => {
    const key = scope === undefined ? peerId(p) : `${scope}\0${peerId(p)}`;
    let n = nodes.get(key);
    if (!n) {
      const ns = namespaceOf(p);
      // A target's nodes outside any namespace (addresses, the controller) sit in a box of the target's own.
      const group = scope === undefined ? ns : ns === null ? scope : `${scope}: ${ns}`;
      if (group !== null && !groups.includes(group)) groups.push(group);
      const held = today?.get(peerId(p));
      // Inside the box of their namespace the held workloads go by name, as the rule peer does.
      const suffix = held?.length ? ` (${held.map((w) => (namespaceOf(w) === ns ? nodeLabel(w, label) : label(w))).join(', ')} today)` : '';
      nodes.set(key, (n = { id: `n${nodes.size}`, label: nodeLabel(p, label) + suffix, group, kind: p.type }));
    }
    return n.id;
  };
  const edges = raw.map((e) => ({ from: node(e.src, e.scope), to: node(e.dst, e.scope), label: e.label, style: e.style }));
  return { nodes: [...nodes.values()], edges, groups };
}

/** One node per namespace (others stay as they are: external ranges, the controller), one edge per namespace pair and style. */
function collapse(raw: readonly RawEdge[], label: PeerLabel): Graph {
  const nodes = new Map<string, GraphNode>();
  const node = (p: PeerRef, scope: string | undefined): string => {
    const ns = namespaceOf(p);
    const key = `${scope ?? ''}\0${ns !== null ? `ns:${ns}` : peerId(p)}`;
    const prefix = scope === undefined ? '' : `${scope}: `;
    let n = nodes.get(key);
    if (!n) nodes.set(key, (n = ns !== null ? { id: `n${nodes.size}`, label: `${prefix}namespace ${ns}`, group: null, kind: 'namespace' } : { id: `n${nodes.size}`, label: `${prefix}${label(p)}`, group: null, kind: p.type }));
    return n.id;
  };
  const folded = new Map<string, { from: string; to: string; style: EdgeStyle; count: number; labels: Set<string> }>();
  for (const e of raw) {
    const from = node(e.src, e.scope);
    const to = node(e.dst, e.scope);
    const key = `${from}>${to}>${e.style}`;
    const f = folded.get(key) ?? { from, to, style: e.style, count: 0, labels: new Set<string>() };
    f.count++;
    f.labels.add(e.label);
    folded.set(key, f);
  }
  const edges = [...folded.values()].map((f) => ({
    from: f.from,
    to: f.to,
    style: f.style,
    // The ports when all folded paths share them; the count always.
    label: `${plural(f.count, 'path')}${f.labels.size === 1 ? `: ${[...f.labels][0]}` : ''}`,
  }));
  return { nodes: [...nodes.values()], edges, groups: [], collapsedFrom: raw.length };
}
