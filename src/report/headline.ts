/**
 * The comment's first words: what matters, most severe first, before any table. E.g. "Opens
 * shop/payments (PCI) to entire-cluster on TCP 9090 (1 rule, policies/shop.yaml:100); opens egress
 * from shop/cart to the internet on TCP 443 (1 rule, policies/cart.yaml:12); closes shop/cart =>
 * data/redis TCP 6379." Built from the diff's highlights (analysis/highlights.ts): a change is told
 * from the end whose policy made it — the destination admits (ingress), the source may reach (egress).
 */
import type { CitedLine, Highlight, PathClause, Reach, ResolvedName, WorkloadPaths } from '../analysis/highlights.js';
import { plural } from '../util/plural.js';
import type { NamedConns, PeerRef } from '../engine/index.js';
import { AddressSet, ConnectionSet, peerId } from '../engine/index.js';
import { causeFamilies, causeFamilyText, causeText, causeWhy, sameWordsText, selectorMoved, unitedWorkloads } from './cause-text.js';
import type { IsolationCause } from '../analysis/isolation-causes.js';
import { foldCoveredEnds } from './covered-ends.js';
import { foldHeld } from './held-workloads.js';
import { portsText } from './ports-text.js';
import { reachHolds } from './reach-holds.js';
import { memoisedLabel, type PeerLabel } from './peer-label.js';
import { withAddressesMerged } from './merged-addresses.js';
import { andListOfPhrases, firstAndMore } from '../util/and-list.js';
import { tierChangeText } from './tier-change-text.js';
import { pathText } from '../util/path-arrow.js';

/** How many changes the sentence names before "and N more". */
export const HEADLINE_ITEMS = 3;

export function headline(items: readonly Highlight[], plainLabel: PeerLabel, max = HEADLINE_ITEMS): string {
  if (items.length === 0) return '';
  const label = memoisedLabel(plainLabel);
  const told = acrossSubjects(merged(samePolicyCauses(items).map((h) => (Array.isArray(h) ? causesTold(h, label) : told1(h, label)))), label);
  const parts = told.slice(0, max).map((t) => (t.whole ? t.lead('') : `${t.lead(endsText(t.subjects, t.today, label))} on ${toldPorts(t, label)}${rules(t.refs)}`));
  const more = told.length - max;
  const text = parts.join('; ') + (more > 0 ? `; and ${plural(more, 'more change')}` : '');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

/**
 * A change's ports: `any port` only where every pair of it has every port; else that some have any port and
 * what they all have (`any port for some, any port but TCP 8080,9080 for all`), so that the headline never
 * claims more than its lines (re31: szinn f65454e7e said "to everything on any port" of pods that gained
 * "any port but TCP 8080,9080").
 */
function toldPorts(t: Pick<Told, 'conn' | 'least' | 'byName'>, label: PeerLabel): string {
  const all = portsText(t.conn, t.byName, (ws) => peers(ws, label));
  if (!t.least || !t.conn.conn.isAll() || t.conn.names.length > 0) return all;
  // The wider part first: `UDP 53 (some on any port)` read as "DNS only" (new-user trial 46b, finding 6).
  if (t.least.conn.isEmpty() && t.least.names.length === 0) return `${all} for some, ports that differ by peer for the others`;
  return `${all} for some, ${portsText(t.least)} for all`;
}

/**
 * The ports every peer of `a` and `b` told as one has, kept only where fewer than their union (Highlight.least):
 * with the same other ends, each peer has both's; where `b`'s ends are among `a`'s, at least `a`'s; else what both have.
 */
function leastOf(a: Pick<Told, 'conn' | 'least' | 'others'>, b: Pick<Told, 'conn' | 'least' | 'others'>): { least?: NamedConns } {
  const [la, lb] = [a.least ?? a.conn, b.least ?? b.conn];
  const ids = new Set(a.others.map(peerId));
  const least = sameIds(a.others, b.others) ? la.union(lb) : b.others.every((p) => ids.has(peerId(p))) ? la : la.intersect(lb);
  return least.equals(a.conn.union(b.conn)) ? {} : { least };
}

/**
 * `items`, each policy change that lapsed or started isolation told by several highlights (it opens the pods
 * no other policy isolates and closes those others isolate) as the list of them, at the place of the first.
 * Highlights of podSelector changes of policies they share (several policies moved at once: pods two of
 * them select are both's cause) are one list too, told as the policies' family (`causeFamilyText`).
 */
function samePolicyCauses(items: readonly Highlight[]): (Highlight | Highlight[])[] {
  const family = new Map<IsolationCause, number>();
  causeFamilies(items.flatMap((h) => (h.cause ? [h.cause] : []))).forEach((f, i) => f.forEach((c) => family.set(c, i)));
  // Causes told by the same words (the same policies changed the same way), or of one family.
  // A namespace's start or lapse (IsolationCause.namespaceIsolation) is one highlight, told alone.
  const key = (h: Highlight) => (h.cause ? (h.cause.namespaceIsolation ? h.cause.key : selectorMoved(h.cause) ? `family ${family.get(h.cause)}` : causeWhy(h.cause)) : undefined);
  const byKey = new Map<string, Highlight[]>();
  for (const h of items) {
    const k = key(h);
    if (k !== undefined) byKey.set(k, [...(byKey.get(k) ?? []), h]);
  }
  const out: (Highlight | Highlight[])[] = [];
  for (const h of items) {
    const k = key(h);
    const all = k === undefined ? undefined : byKey.get(k)!;
    if (!all || all.length === 1) out.push(h);
    else if (all[0] === h) out.push(all);
  }
  return out;
}

/**
 * One policy change's effects: `NetworkPolicy a/b removed (base:np.yaml:1): opens … (7,728 paths over 12
 * label combinations) and closes … (…)`; a family of podSelector changes whose causes are not all said in the
 * same words, as the family (`causeFamilyText`).
 */
function causesTold(items: readonly Highlight[], plain: PeerLabel): Told {
  const whys = new Set(items.map((h) => causeWhy(h.cause!)));
  const workloadsOf = (cs: readonly IsolationCause[]) => unitedWorkloads(items.filter((h) => cs.includes(h.cause!)).map((h) => h.causeWorkloads));
  const causes = items.map((h) => h.cause!);
  const text = whys.size > 1 ? causeFamilyText(causes, plain, undefined, workloadsOf) : sameWordsText(causes, plain, undefined, (c) => items.find((h) => h.cause === c)?.causeWorkloads);
  const conn = items.slice(1).reduce((c, h) => c.union(h.conn), items[0].conn);
  return { subjects: [{ type: 'pods', peer: items[0].cause!.subject }], lead: () => text, conn, refs: [], today: new Map(), others: [], named: () => text, whole: true };
}

/**
 * A change in words: the end whose policy made it (`subjects`: destinations for ingress, sources for
 * egress), the sentence around them (`lead`), its ports and the lines responsible.
 */
interface Told {
  readonly subjects: readonly PeerRef[];
  readonly lead: (subjects: string) => string;
  readonly conn: NamedConns;
  /** The ports every pair of the change has, where fewer than `conn` (Highlight.least). */
  readonly least?: NamedConns;
  readonly refs: readonly CitedLine[];
  /** Subjects that are regions wider than the workloads they hold today (Highlight.today). */
  readonly today: ReadonlyMap<string, readonly PeerRef[]>;
  /** The other end (sources for ingress, destinations for egress), which a wide reach does not name. */
  readonly others: readonly PeerRef[];
  /** `lead` naming the other end's peers instead of the wide reach (the same when it is not wide). */
  readonly named: (subjects: string) => string;
  /** `lead` is the whole change, ports and lines included (a workload added or removed: `workloadText`). */
  readonly whole?: boolean;
  /** False when `lead`'s reach word does not hold for `others` (reach-holds.ts): told by `named` unless a change whose word holds covers it. */
  readonly holds?: boolean;
  /** Numbers of `conn` given only by a port name that workloads number so (Highlight.byName): told with the name. */
  readonly byName?: readonly ResolvedName[];
}

/** `label`, with the workloads a wider region holds today after it: `ops/[all pods] (ops/tool today)`. */
export function withToday(label: PeerLabel, today: ReadonlyMap<string, readonly PeerRef[]>): PeerLabel {
  if (today.size === 0) return label;
  return (p) => {
    const held = today.get(peerId(p));
    return held?.length ? `${label(p)} (${todayList(held.map(label).sort())} today)` : label(p);
  };
}

/**
 * A list of ends as the body's lines name them (abstract-groups.ts): an end another end of the list holds
 * folded into it (covered-ends.ts), a workload a `pods` end holds named after it as held today
 * (held-workloads.ts): `im/[all pods] (im/ml, im/server today)`, not `im/[all pods] (im/ml today) and
 * im/server`, nor `3 peers in im` for the regions of one selector.
 */
function endsText(list: readonly PeerRef[], today: ReadonlyMap<string, readonly PeerRef[]>, plain: PeerLabel): string {
  const held = new Map(today);
  const add = (id: string, ws: readonly PeerRef[]) => {
    const known = held.get(id) ?? [];
    held.set(id, [...known, ...ws.filter((w) => !known.some((k) => peerId(k) === peerId(w)))]);
  };
  const covered = foldCoveredEnds(list);
  for (const [from, to] of covered.into) add(to, today.get(from) ?? []);
  const ends = foldHeld(covered.ends, (id, w) => add(id, [w]));
  // One name in several namespaces, each holding workloads today: the name once, the workloads after it
  // (`[all pods] in api, db and web (api/backend, db/postgres, web/frontend today)`), not `3 peers in 3 namespaces`.
  const across = sameNameAcrossNamespaces(ends, plain);
  const heldHere = across ? ends.flatMap((e) => held.get(peerId(e)) ?? []) : [];
  if (across) return heldHere.length ? `${across} (${todayList(heldHere.map(plain).sort())} today)` : across;
  return peers(ends, withToday(plain, held));
}

/** How many workloads a region's brackets name before it counts the rest. */
const TODAY_NAMED = 3;

/**
 * The workloads a wider region holds today, as its brackets say them: `a, b, c and 4 more` (a rule
 * admitting a whole namespace of 60 workloads names 3 of them, as a line names 3 subjects).
 */
export function todayList(names: readonly string[]): string {
  return firstAndMore(names, TODAY_NAMED);
}

/** Both maps' workloads per region, each once. */
function unionToday(a: ReadonlyMap<string, readonly PeerRef[]>, b: ReadonlyMap<string, readonly PeerRef[]>): ReadonlyMap<string, readonly PeerRef[]> {
  if (b.size === 0) return a;
  const out = new Map(a);
  for (const [id, held] of b) out.set(id, [...(out.get(id) ?? []), ...held.filter((w) => !(out.get(id) ?? []).some((k) => peerId(k) === peerId(w)))]);
  return out;
}

const sameLine = (a: CitedLine, b: CitedLine) => a.file === b.file && a.line === b.line && a.side === b.side;
const sameRefs = (a: readonly CitedLine[], b: readonly CitedLine[]) => a.length === b.length && a.every((r, i) => sameLine(r, b[i]));

type Merged = { subjects: readonly PeerRef[]; lead: Told['lead']; conn: NamedConns; least?: NamedConns; others: readonly PeerRef[]; refs: CitedLine[]; today: Told['today']; byName?: readonly ResolvedName[] };

/**
 * Two changes' `byName` as one: each name's number once with the workloads of both, kept only where neither
 * change gives that number otherwise (by a number, or for other workloads): there it is a port of its own.
 */
export function unitedByName(a: Pick<Told, 'conn' | 'byName'>, b: Pick<Told, 'conn' | 'byName'>): readonly ResolvedName[] {
  if (!a.byName?.length && !b.byName?.length) return [];
  const otherwise = (t: Pick<Told, 'conn' | 'byName'>) => (t.byName ?? []).reduce((c, n) => c.subtract(ConnectionSet.port(n.protocol, n.port)), t.conn.conn);
  const given = otherwise(a).union(otherwise(b));
  const out = new Map<string, ResolvedName>();
  for (const n of [...(a.byName ?? []), ...(b.byName ?? [])]) {
    if (given.ports(n.protocol).has(n.port)) continue;
    const key = `${n.protocol}/${n.name}/${n.port}`;
    const known = out.get(key);
    out.set(key, known ? { ...known, peers: [...known.peers, ...n.peers.filter((p) => !known.peers.some((k) => peerId(k) === peerId(p)))] } : n);
  }
  return [...out.values()];
}

const sameIds = (a: readonly PeerRef[], b: readonly PeerRef[]) => a.length === b.length && a.every((p, i) => peerId(p) === peerId(b[i]));

/**
 * Changes that read the same but for their ports (one subject opened by several rules on overlapping
 * ports) are one change: their ports and lines united, at the place of the first. A wide reach
 * ("everything") hides which peers a change names; a change whose peers differ from the widest one's is
 * merged into it only when its ports are among the widest one's (then "everything" covers it), else told
 * with its own peers, so the ports one rule gives a few peers are not said of everything. Only a change whose
 * peers reach as far as the word (`Told.holds`) stands for it; when none does, each is told with its own peers.
 */
function merged(told: readonly Told[]): Told[] {
  const keyOf = (t: Told, lead: Told['lead']) => `${leadKey(lead)}\u0000${t.subjects.map(peerId).join('\u0000')}`;
  // The change with the most peers of each wide sentence stands for the sentence, among those whose reach word holds.
  const widest = new Map<string, Told>();
  for (const t of told) {
    if (t.holds === false) continue;
    const key = keyOf(t, t.lead);
    const known = widest.get(key);
    if (!known || t.others.length > known.others.length) widest.set(key, t);
  }
  const byText = new Map<string, Merged>();
  const into = (key: string, t: Told, lead: Told['lead']) => {
    const seen = byText.get(key);
    if (!seen) {
      byText.set(key, { ...t, lead, refs: [...t.refs] });
      return;
    }
    seen.byName = unitedByName(seen, t);
    seen.least = leastOf(seen, t).least;
    seen.conn = seen.conn.union(t.conn);
    seen.today = unionToday(seen.today, t.today);
    for (const r of t.refs) if (!seen.refs.some((x) => sameLine(x, r))) seen.refs.push(r);
  };
  for (const t of told) {
    const key = keyOf(t, t.lead);
    const w = widest.get(key);
    // No change of this sentence reaches as far as its word: each told with its own peers.
    if (!w) {
      into(keyOf(t, t.named), t, t.named);
      continue;
    }
    if (!byText.has(key)) into(key, w, w.lead);
    if (t === w) continue;
    if (sameIds(t.others, w.others) || t.conn.subtract(w.conn).isEmpty()) into(key, t, t.lead);
    else into(keyOf(t, t.named), t, t.named);
  }
  return [...byText.values()].map((m) => ({ ...m, others: [], named: m.lead }));
}

/**
 * One change made by the same lines on the same ports for several subjects (a base rendered into several
 * namespaces; one deny closing several destinations to the same sources) is told once, naming them all.
 */
function acrossSubjects(told: readonly Told[], label: PeerLabel): Told[] {
  type Across = { subjects: PeerRef[]; labels: Set<string>; lead: Told['lead']; conn: NamedConns; least?: NamedConns; refs: readonly CitedLine[]; today: Told['today']; others: readonly PeerRef[]; named: Told['lead']; byName?: readonly ResolvedName[] };
  const out: Across[] = [];
  // Changes told by the same words, so a change is compared only with those it could join.
  const byLead = new Map<string, Across[]>();
  for (const t of told) {
    const union = (o: Across) => [...o.subjects, ...t.subjects.filter((p) => !o.labels.has(label(p)))];
    // Only while the sentence still names every subject (two, or one name in several namespaces), as it will say
    // them: a workload a rule peer of the list holds is told inside it (`api/[all pods] (api/backend today)`).
    const named = (list: readonly PeerRef[]) => {
      const shown = list.length <= 2 ? list : foldHeld(list, () => undefined);
      return shown.length <= 2 || sameNameAcrossNamespaces(shown, label) !== undefined;
    };
    const key = leadKey(t.lead);
    const same = byLead.get(key)?.find((o) => o.conn.equals(t.conn) && (o.least ?? o.conn).equals(t.least ?? t.conn) && sameRefs(o.refs, t.refs) && named(union(o)));
    if (same) {
      same.subjects = union(same);
      for (const p of t.subjects) same.labels.add(label(p));
      same.today = unionToday(same.today, t.today);
      same.byName = unitedByName(same, t);
    } else {
      const o: Across = { ...t, subjects: [...t.subjects], labels: new Set(t.subjects.map(label)) };
      out.push(o);
      (byLead.get(key) ?? byLead.set(key, []).get(key)!).push(o);
    }
  }
  return out.map(({ labels: _labels, ...o }) => o);
}

/** A lead's words with its ends left out (`lead('\u0000')`), computed once per lead: saying the ends folds and labels them. */
function leadKey(lead: Told['lead']): string {
  let key = leadKeys.get(lead);
  if (key === undefined) leadKeys.set(lead, (key = lead('\u0000')));
  return key;
}

const leadKeys = new WeakMap<Told['lead'], string>();

const WIDE = new Set(['everything', 'every namespace', 'the internet']);

/**
 * The reach word as the report's lines name the same pods: `every namespace` is `entire-cluster` where the pods
 * ends it stands for are all that peer (its exceptions aside), as the lines below and the picture write them in
 * the peer notation (OUTPUT-CONTRACT; new-user 49 #4: "to every namespace" over lines of `entire-cluster`, two
 * terms for one set of pods). Other ends (`[all namespaces]/[pod with {app=x}]`) keep the word.
 */
export function reachWord(reach: Reach, others: readonly PeerRef[]): string {
  if (reach !== 'every namespace') return reach;
  const pods = others.filter((p): p is PeerRef & { type: 'pods' } => p.type === 'pods');
  return pods.length > 0 && pods.every((p) => p.peer.id === ENTIRE_CLUSTER) ? ENTIRE_CLUSTER : reach;
}

/** The peer notation's name of every pod of every namespace (OUTPUT-CONTRACT; engine/abstract-peers.ts). */
const ENTIRE_CLUSTER = 'entire-cluster';

function told1(h: Highlight, plain: PeerLabel): Told {
  const tags = h.tags.length ? ` (${h.tags.join(', ')})` : '';
  if (h.workload) {
    const text = workloadText(h.workload, tags, plain);
    return { subjects: [h.workload.peer], lead: () => text, conn: h.conn, refs: [], today: new Map(), others: [], named: () => text, whole: true };
  }
  // A policy's isolation lapsing or starting: said once, of its selector, for every label combination.
  if (h.cause) {
    const text = causeText(h.cause, plain, undefined, h.causeWorkloads);
    return { subjects: [{ type: 'pods', peer: h.cause.subject }], lead: () => text, conn: h.conn, refs: [], today: new Map(), others: [], named: () => text, whole: true };
  }
  // One cluster-wide rule decided it: its policy's subject and the rule's peers (tier-change-text.ts).
  if (h.tier) {
    const text = tierChangeText(h, h.tier, plain, tags);
    return { subjects: [{ type: 'pods', peer: h.tier.subject }], lead: () => text, conn: h.conn, refs: [], today: new Map(), others: [], named: () => text, whole: true };
  }
  const { conn, refs } = h;
  const least = h.least ? { least: h.least } : {};
  const held = h.today ?? new Map<string, readonly PeerRef[]>();
  const egress = h.direction === 'egress';
  const wide = h.reach !== undefined && WIDE.has(h.reach);
  // The reach word only where the pairs' other ends reach that far (reach-holds.ts), or a change that does stands for these (`merged`).
  const holds = !wide || reachHolds(h.reach!, egress ? h.dsts : h.srcs);
  const subjects = egress ? h.srcs : h.dsts;
  const today = new Map([...held].filter(([id]) => subjects.some((p) => peerId(p) === id)));
  // A closing cites its lines as an opening does (the rule edited, the policy that now isolates): it cited none.
  const closing = (subjects: readonly PeerRef[], lead: Told['lead'], others: readonly PeerRef[]): Told => ({ subjects, lead, conn, ...least, refs, today, others, named: lead });
  const byName = h.byName?.length ? { byName: h.byName } : {};
  if (h.change === 'closed') {
    return egress
      ? closing(subjects, (s) => `closes ${pathText(s, endsText(h.dsts, held, plain))}${tags}`, h.dsts)
      : closing(subjects, (s) => `closes ${pathText(endsText(h.srcs, held, plain), s)}${tags}`, h.srcs);
  }
  const reach = wide ? reachWord(h.reach!, egress ? h.dsts : h.srcs) : undefined;
  // The source's egress rules: what the sources may now reach, said from the sources.
  if (egress) {
    const named = (s: string) => `opens egress from ${s} to ${endsText(h.dsts, held, plain)}${tags}`;
    return { subjects, lead: wide ? (s) => `opens egress from ${s} to ${reach}${tags}` : named, conn, ...least, refs, today, others: h.dsts, named, holds, ...byName };
  }
  const named = (s: string) => `opens ${s}${tags} to ${endsText(h.srcs, held, plain)}`;
  return { subjects, lead: wide ? (s) => `opens ${s}${tags} to ${reach}` : named, conn, ...least, refs, today, others: h.srcs, named, holds, ...byName };
}

/**
 * A workload added or removed, told of the workload rather than of the unchanged rules that admit it:
 * "adds apps/client: it may reach data/db on TCP 5432 and everything else on any port; everything may
 * reach it on any port" ("removes …: it reached …; … reached it …"). Each direction lists its other ends
 * by ports, the widest last, as "everything else" where its own side reaches everything (PathClause.reach),
 * "but" the workloads without a path; rule lines only for rules the change added or edited. A workload moved
 * to another namespace: "moves openclaw/agent to ai/agent: it may reach …" (its paths in the new namespace).
 */
function workloadText(w: WorkloadPaths, tags: string, plain: PeerLabel): string {
  const self = peerId(w.peer);
  const label: PeerLabel = (p) => (peerId(p) === self ? 'itself' : plain(p));
  const verb = w.change === 'added' ? 'may reach' : 'reached';
  const clauses: string[] = [];
  const on = (x: ClauseItem) => `${x.who} on ${x.ports}`;
  const out = clauseItems(w.reaches, label);
  if (out.length) clauses.push(`it ${verb} ${list(out.map(on))}${rules(w.reaches.refs, w.reaches.allowingRules)}`);
  const into = clauseItems(w.reachedBy, label);
  if (into.length) {
    // "data/db may reach it on TCP 5432 and everything else on any port": the verb after the first peers.
    const [first, ...rest] = into;
    clauses.push(`${list([`${first.who} ${verb} it on ${first.ports}`, ...rest.map(on)])}${rules(w.reachedBy.refs, w.reachedBy.allowingRules)}`);
  }
  // A workload moved to another namespace: told as the move (highlights.ts movedHighlights), its paths in the new one.
  if (w.movedFrom) return `moves ${plain(w.movedFrom)} to ${plain(w.peer)}${tags}: ${clauses.join('; ')}`;
  if (w.movedTo) return `moves ${plain(w.peer)} to ${plain(w.movedTo)}${tags}, where it has no path: ${clauses.join('; ')}`;
  return `${w.change === 'added' ? 'adds' : 'removes'} ${plain(w.peer)}${tags}: ${clauses.join('; ')}`;
}

interface ClauseItem {
  readonly who: string;
  readonly ports: string;
}

/** A clause's other ends and their ports, the widest ports last (as its reach word where PathClause.reach allows). */
function clauseItems(c: PathClause, label: PeerLabel): ClauseItem[] {
  if (c.parts.length === 0) return [];
  const last = c.parts[c.parts.length - 1];
  const exceptions = c.parts.slice(0, -1);
  const external = (p: PeerRef) => p.type === 'external';
  // The reach word stands for the widest part only where it holds every peer of it.
  const word =
    c.reach === 'everything' ? (exceptions.length ? 'everything else' : 'everything')
    : c.reach === 'the internet' && last.peers.every(external) ? 'the internet'
    : c.reach === 'every namespace' && !exceptions.length && !last.peers.some(external) ? (c.everyPod ? ENTIRE_CLUSTER : reachWord(c.reach, last.peers))
    : undefined;
  const items = (word ? exceptions : c.parts).map((x) => ({ who: peers(x.peers, label), ports: portsText(x.conn) }));
  if (word) items.push({ who: c.unreached?.length && word !== 'the internet' ? `${word} but ${peers(c.unreached, label)}` : word, ports: portsText(last.conn) });
  return items;
}

/** `a`, `a and b`, `a, b and c`; `x on TCP 80, and y on TCP 80 and 9090` (util/and-list.ts `andListOfPhrases`). */
const list = andListOfPhrases;

/**
 * One or two peers by name; more as a count with their namespaces, and the peers in no one namespace
 * (address ranges, the ingress controller, abstract pods chosen by namespace labels) by name, or
 * counted when there are more than two of them.
 */
const nsOf = (p: PeerRef) => (p.type === 'workload' ? p.workload.namespace : p.type === 'pods' ? p.peer.namespace : undefined);

function peers(pieces: readonly PeerRef[], label: PeerLabel): string {
  // The pieces of one rule's CIDR, and other addresses of the same change, are named together (merged-addresses.ts).
  const list = withAddressesMerged(pieces);
  const one = (p: PeerRef) => (p.type === 'external' && p.addresses.equals(AddressSet.ALL) ? 'every address' : label(p));
  const across = sameNameAcrossNamespaces(list, label);
  if (across) return across;
  if (list.length <= 2) return list.map(one).join(' and ');
  const inside = list.filter((p) => nsOf(p) !== undefined);
  const outside = list.filter((p) => nsOf(p) === undefined);
  const parts: string[] = [];
  // Counts come after the peers named: `5 peers in 4 namespaces, X and every address` read as if the two named
  // were the five (new-user trial 48, finding 4); `X, every address and 5 peers in 4 namespaces` does not.
  const counted: string[] = [];
  // Two are named, as two outside are: `2 peers in shop` left the reader to find which (new-user trial 46b, finding 9).
  if (inside.length <= 2) parts.push(...inside.map(one));
  else {
    const namespaces = new Set(inside.map(nsOf));
    const noun = inside.every((p) => p.type === 'workload') ? 'workloads' : 'peers';
    counted.push(`${inside.length} ${noun} in ${namespaces.size === 1 ? [...namespaces][0] : `${namespaces.size} namespaces`}`);
  }
  if (outside.length <= 2) parts.push(...outside.map(one));
  else counted.push(outsideCount(outside));
  parts.push(...counted);
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Peers in no one namespace, counted: `3 address ranges`, `4 peers in namespaces chosen by labels` (abstract
 * pods whose namespace part is a selector), else `5 peers across namespaces` (a mix with addresses or the
 * ingress controller).
 */
function outsideCount(outside: readonly PeerRef[]): string {
  if (outside.every((p) => p.type === 'external')) return `${outside.length} address ranges`;
  if (outside.every((p) => p.type === 'pods')) return `${outside.length} peers in namespaces chosen by labels`;
  return `${outside.length} peers across namespaces`;
}

/** `api in dev, uat and prod` for peers of one name in several namespaces (more than three: counted); undefined otherwise. */
function sameNameAcrossNamespaces(list: readonly PeerRef[], label: PeerLabel): string | undefined {
  if (list.length < 2) return undefined;
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const p of list) {
    const ns = nsOf(p);
    if (ns === undefined || namespaces.has(ns)) return undefined;
    const text = label(p);
    if (!text.startsWith(`${ns}/`)) return undefined;
    names.add(text.slice(ns.length + 1));
    if (names.size > 1) return undefined;
    namespaces.add(ns);
  }
  if (names.size !== 1) return undefined;
  const spaces = [...namespaces];
  const where = spaces.length > 3 ? `${spaces.length} namespaces` : `${spaces.slice(0, -1).join(', ')} and ${spaces[spaces.length - 1]}`;
  return `${[...names][0]} in ${where}`;
}

/**
 * The lines responsible, compactly: one entry per policy and file, its lines as a range (`np.yaml:8-23`: re38,
 * coolguy1771 559b10ea9's headline listed six lines of one policy), the first two entries, then `…`; counted as
 * rules when every line is a rule's (a policy's own line, one that now isolates, is no rule). A base line is
 * written `base:FILE:LINE`, as the why-lines write it. Lines without a policy are each an entry. `of`: how many rules
 * allow the paths, unchanged ones too, when more than `refs` (PathClause `allowingRules`): `1 changed rule of 2`, so
 * the count does not read as every rule the why-lines name.
 */
function rules(refs: readonly CitedLine[], of?: number): string {
  if (refs.length === 0) return '';
  const entries = new Map<string, { readonly at: string; from: number; to: number }>();
  for (const r of refs) {
    const at = r.side === 'base' ? `base:${r.file}` : r.file;
    const key = r.policy === undefined ? `${at}:${r.line}` : `${r.policy}\u0000${at}`;
    const e = entries.get(key);
    if (!e) entries.set(key, { at, from: r.line, to: r.line });
    else {
      e.from = Math.min(e.from, r.line);
      e.to = Math.max(e.to, r.line);
    }
  }
  const shown = [...entries.values()].slice(0, 2).map((e) => `${e.at}:${e.from === e.to ? e.from : `${e.from}-${e.to}`}`);
  const counted = of !== undefined && of > refs.length ? `${refs.length} changed ${refs.length === 1 ? 'rule' : 'rules'} of ${of}` : plural(refs.length, 'rule');
  const count = refs.some((r) => r.policyLine) ? '' : `${counted}, `;
  return ` (${count}${shown.join(', ')}${entries.size > 2 ? ', …' : ''})`;
}
