/**
 * `reachdiff explain` and `diff --explain`: load, resolve the asked pair, explain it on one side (or on
 * base and head), and suggest the smallest verified edits where the side that matters denies it.
 */
import type { AddressSet, Cluster, Connectivity, Direction, Edit, EditBudget, Labels, NetworkPolicy, PairExplanation, PairQuery, PeerRef, RegionSet, Workload } from '../engine/index.js';
import { abstractPeerMatches, ALL_PORTS, buildRegions, computeConnectivity, ConnectionSet, DEFAULT_MAX_BOXES, explainPair, pairAllowed, PortSet, smallestEdits } from '../engine/index.js';
import { askedFirst } from './asked-first.js';
import { onlyAskedLabels } from './only-asked-labels.js';
import type { Protocol } from '../engine/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { LoadResult, ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { keepBaseVersions } from './rejected-objects.js';
import type { Cited, LabelsChanged } from './label-changes.js';
import { portChangeFinder, type PortsChanged } from './port-name-changes.js';
import { labelChangeFinder } from './label-changes.js';
import { withPodNetwork } from '../manifests/pod-network.js';
import { allDiagnostics } from '../report/warnings.js';
import type { Resolved } from './explain-query.js';
import type { RegionGroup, RegionNames } from './explain-regions.js';
import { regionGroups, regionNames, regionText } from './explain-regions.js';
import { resolveQuery } from './explain-query.js';
import { deletedNamespaces } from './namespace-lifecycle.js';
import type { ValueEdit } from './values-edits.js';
import { peerLabelsAdded } from './peer-labels-added.js';

export interface ExplainArgs {
  readonly from: string;
  readonly to: string;
  /** `--port` values; none means every port of every protocol. */
  readonly ports: readonly string[];
  /** `--pod-cidr`: the pod network, for `networks` peers of cluster-wide policies; absent: unknown. */
  readonly podNetwork?: AddressSet;
}

/** One side's answer: the explanation and its edits, or the ends that do not exist on that side. */
export type SideAnswer =
  | {
      readonly kind: 'explained';
      readonly explanation: PairExplanation;
      readonly edits: ReadonlyMap<Direction, readonly Edit[]>;
      /** Edits of a Helm values file line that decides a near miss's selector value (values-edits.ts); absent when none. */
      readonly valueEdits?: ReadonlyMap<Direction, readonly ValueEdit[]>;
      /** An abstract end: the parts of label space it covers, and whether they all get the same verdict. */
      readonly parts?: AbstractParts;
      /** An abstract end: what each part (`srcRegion:dstRegion`, `-` for a concrete end) allows of the asked traffic. */
      readonly partAllowed?: ReadonlyMap<string, ConnectionSet>;
      /** Head only: namespaces the change deletes whose parts of an abstract end are left out (no pod can be there). */
      readonly deletedNamespaces?: readonly string[];
    }
  | {
      readonly kind: 'absent';
      readonly query: PairQuery;
      readonly absent: readonly ('src' | 'dst')[];
      /** Head only: the absent abstract end's pods would all be in namespaces the change deletes (namespace-lifecycle.ts). */
      readonly deletedNamespaces?: readonly string[];
    };

/**
 * An abstract peer stands for every pod matching its selectors; the engine cuts label space into regions
 * no selector tells apart. Each region (pair of regions) is explained; the one allowed least is shown.
 */
export interface AbstractParts {
  readonly count: number;
  readonly alike: boolean;
  /** Representative labels of the region(s) shown, per abstract end. */
  readonly shown: Readonly<Partial<Record<'src' | 'dst', PartLabels>>>;
  /** Parts not alike and some part allows some of the asked traffic: what the parts that allow most allow, and one of them. */
  readonly allowing?: { readonly conn: ConnectionSet; readonly count: number; readonly shown: Readonly<Partial<Record<'src' | 'dst', PartLabels>>> };
  /** Every part, by region name, grouped by verdict and deciding rules (explain-regions.ts). */
  readonly groups: readonly RegionGroup[];
  /** The names of the region(s) explained in detail (the part allowed least). */
  readonly shownNames: RegionNames;
  /**
   * Some part lies in a partition the region bound cut short (RegionSet.incompleteIn): it may hold pods that
   * the selectors left uncut decide otherwise, so "all with this verdict" is not proven.
   */
  readonly incomplete?: true;
  /**
   * Several parts: what the pods with only the asked labels are allowed (an abstract end of a named
   * namespace asked by some label, `ns/[pod with {k=v}]`, `ns/[pod with {k Exists}]`: the part a pod with
   * exactly those labels is in, only-asked-labels.ts; `In` values in different parts single out none). Parts whose pods also carry other labels (a dozen opt-in labels of one namespace) may differ; the
   * reader asked about these (new-user trial 41, finding 10). Absent for one part, or when no such part is found.
   */
  readonly onlyAsked?: ConnectionSet;
}

/** Representative labels of one region: its namespace's and its pods'. */
export interface PartLabels {
  readonly namespace: Labels;
  readonly pods: Labels;
}

export interface ExplainReport {
  readonly query: PairQuery;
  /** Every workload of the manifests, for naming peers short and exact. */
  readonly workloads: readonly Workload[];
  readonly answer: SideAnswer;
  readonly warnings: readonly Diagnostic[];
}

export interface ExplainDiffReport {
  readonly query: PairQuery;
  /** Head's workloads, then those only in base. */
  readonly workloads: readonly Workload[];
  readonly base: SideAnswer;
  readonly head: SideAnswer;
  /**
   * When the pair changed: the workload ends whose pod labels (or whose namespace's labels) changed whether a
   * policy deciding the pair on either side selects them, or whether its rule matches them as a peer, at the
   * label line (label-changes.ts); said first, as `diff` says them. Absent when none.
   */
  readonly labelChanges?: readonly (LabelsChanged | PortsChanged)[];
  readonly warnings: { readonly base: readonly Diagnostic[]; readonly head: readonly Diagnostic[] };
  /**
   * Asked without `--port` toward pods the manifests do not hold: the port names the policies' rules
   * mention that the change opens or closes for the pair (their numbers are unknown, so the asked
   * "every port" does not hold them; each is asked as `--port NAME/PROTOCOL` would). Absent when none.
   */
  readonly namedPorts?: readonly NamedPortChange[];
}

/** A port name (with its protocol) the change opens and/or closes for the asked pair. */
export interface NamedPortChange {
  readonly name: string;
  readonly protocol: Protocol;
  readonly opened: boolean;
  readonly closed: boolean;
}

export function explainFiles(files: readonly ManifestFile[], args: ExplainArgs): Resolved<ExplainReport> {
  const loaded = withPodNetwork(loadManifests(files), args.podNetwork);
  const conn = computeConnectivity(loaded.cluster);
  const q = resolveQuery(loaded.cluster, args.from, args.to, args.ports);
  if (!q.ok) return q;
  const answered = answer(conn, q.value, true, [loaded.cluster], new Map(), peerLabelsAdded(loaded.diagnostics));
  return { ok: true, value: { query: q.value, workloads: loaded.cluster.workloads, answer: answered, warnings: allDiagnostics(loaded.diagnostics, conn.diagnostics) } };
}

/** Resolved on head, or on base for an end that exists only there; edits are suggested for head only. */
export function explainDiffFiles(baseFiles: readonly ManifestFile[], headFiles: readonly ManifestFile[], args: ExplainArgs): Resolved<ExplainDiffReport> {
  const base = withPodNetwork(loadManifests(baseFiles), args.podNetwork);
  // As diff sees it: an object head changed so that the API server rejects it stays as base has it (rejected-objects.ts).
  const { head } = keepBaseVersions(base, withPodNetwork(loadManifests(headFiles), args.podNetwork), headFiles);
  const baseConn = computeConnectivity(base.cluster);
  const headConn = computeConnectivity(head.cluster);
  const inHead = new Set(head.cluster.workloads.map((w) => w.id));
  const workloads = [...head.cluster.workloads, ...base.cluster.workloads.filter((w) => !inHead.has(w.id))];
  const merged = { ...head.cluster, workloads };
  const q = resolveQuery(merged, args.from, args.to, args.ports);
  if (!q.ok) return q;
  // Regions cut by the selectors of both sides (as diff does), so each part is compared with itself; in
  // head, no pod is in a namespace the change deletes (as diff keeps only what such pairs close).
  const report: ExplainDiffReport = {
    query: q.value,
    workloads,
    base: answer(baseConn, q.value, false, [base.cluster, head.cluster]),
    head: answer(headConn, q.value, true, [base.cluster, head.cluster], deletedLabels(base.cluster, head.cluster), peerLabelsAdded(head.diagnostics)),
    warnings: { base: allDiagnostics(base.diagnostics, baseConn.diagnostics), head: allDiagnostics(head.diagnostics, headConn.diagnostics) },
  };
  const named = args.ports.length === 0 && q.value.dst.type === 'pods' ? namedPortChanges(report, [base.cluster, head.cluster], baseConn, headConn) : [];
  const relabelled = labelCauses(report, { ...base, files: baseFiles }, { ...head, files: headFiles });
  return { ok: true, value: { ...report, ...(relabelled.length ? { labelChanges: relabelled } : {}), ...(named.length ? { namedPorts: named } : {}) } };
}

/** Each port name the rules of either side mention, asked alone (as `--port NAME/PROTOCOL`): those the change opens or closes. */
function namedPortChanges(report: ExplainDiffReport, sides: readonly Cluster[], baseConn: Connectivity, headConn: Connectivity): NamedPortChange[] {
  const names = new Map<string, { name: string; protocol: Protocol }>();
  for (const c of sides) {
    for (const p of c.policies) {
      for (const rule of [...p.ingress, ...p.egress]) {
        if (rule.ports === 'any') continue;
        for (const spec of rule.ports) if (typeof spec.port === 'string' && spec.port !== ALL_PORTS) names.set(`${spec.port}/${spec.protocol}`, { name: spec.port, protocol: spec.protocol });
      }
    }
  }
  const out: NamedPortChange[] = [];
  const deleted = deletedLabels(sides[0], sides[1]);
  for (const { name, protocol } of [...names.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.name.localeCompare(b.name))) {
    const query: PairQuery = { ...report.query, ports: ConnectionSet.of(protocol, PortSet.ALL), portName: name };
    const change = sideChange({ ...report, query, base: answer(baseConn, query, false, sides), head: answer(headConn, query, false, sides, deleted) });
    if (!change.opened.isEmpty() || !change.closed.isEmpty()) out.push({ name, protocol, opened: !change.opened.isEmpty(), closed: !change.closed.isEmpty() });
  }
  return out;
}

/** Namespaces the change deletes, with the labels base gives them (head, not declaring them, has none to match). */
function deletedLabels(base: Cluster, head: Cluster): ReadonlyMap<string, Labels> {
  const deleted = deletedNamespaces(base, head);
  return new Map(base.namespaces.filter((n) => deleted.has(n.name)).map((n) => [n.name, n.labels]));
}

/** The label changes that turned a policy or rule deciding the pair on either side, when the pair changed (label-changes.ts). */
function labelCauses(report: ExplainDiffReport, base: LoadResult & { readonly files: readonly ManifestFile[] }, head: LoadResult & { readonly files: readonly ManifestFile[] }): (LabelsChanged | PortsChanged)[] {
  const change = sideChange(report);
  if (change.opened.isEmpty() && change.closed.isEmpty()) return [];
  const find = labelChangeFinder(base, head);
  // A port name a cited rule names that the destination now numbers otherwise (port-name-changes.ts).
  const ports = portChangeFinder(base, head);
  if (!find && !ports) return [];
  const cited = [report.base, report.head].flatMap((a): Cited[] => (a.kind === 'explained' ? citedBy(a.explanation) : []));
  return [...(find?.(report.query, cited) ?? []), ...(ports?.(report.query.dst, cited) ?? [])];
}

/** The rules and isolating policies an explanation names, as the reasons of `diff` cite them: allowing rules, rules that miss, isolation. */
function citedBy(ex: PairExplanation): Cited[] {
  return ex.directions.flatMap((d) => [
    ...d.allowing.map((r) => ({ kind: 'allowed-by-rule', policy: r.policy, direction: r.direction, rule: r.rule })),
    ...d.nearMisses.map((r) => ({ kind: 'allowed-by-rule', policy: r.policy, direction: r.direction, rule: r.rule })),
    ...d.isolating.map((i) => ({ kind: 'isolated-by', policy: i.policy, direction: d.direction })),
    ...d.decisions.map((t) => ({ kind: 'tier-rule', policy: t.policy, direction: d.direction, rule: t.rule, ...(t.name ? { name: t.name } : {}) })),
  ]);
}

/** `peerLabels`: what the side's builds add to a rule peer written in a file (peer-labels-added.ts), for its edits. */
function answer(conn: Connectivity, query: PairQuery, withEdits: boolean, sides: readonly Cluster[], deleted: ReadonlyMap<string, Labels> = new Map(), peerLabels?: EditBudget['peerLabels']): SideAnswer {
  const present = (p: PeerRef) => p.type !== 'workload' || conn.index.classOf.has(p.workload.id);
  const absent = (['src', 'dst'] as const).filter((end) => !present(query[end]));
  if (absent.length) return { kind: 'absent', query, absent };
  if (query.src.type === 'pods' || query.dst.type === 'pods') return abstractAnswer(conn.cluster, query, withEdits, sides, deleted, peerLabels);
  const explanation = explainPair(conn, query, { tierNearMisses: true });
  return { kind: 'explained', explanation, edits: withEdits ? smallestEdits(conn, explanation, { peerLabels }) : new Map() };
}

/**
 * An abstract end is evaluated over the regions of label space its selectors hold, cut by the selectors of
 * `sides` (the diff's base and head), the same regions `diff` reports. Alike parts: their verdict. Parts
 * that differ: the least allowed is explained, and when another part allows some of the asked traffic
 * the verdict is `partly` and `parts.allowing` names it.
 */
function abstractAnswer(cluster: Cluster, query: PairQuery, withEdits: boolean, sides: readonly Cluster[], deleted: ReadonlyMap<string, Labels>, peerLabels?: EditBudget['peerLabels']): SideAnswer {
  // The asked ends' selectors and those of the policies deciding the pair cut first where the bound stops a partition short (asked-first.ts).
  const regions = buildRegions(sides.map((c) => withAskedSelectors(c, query)), DEFAULT_MAX_BOXES, null, undefined, undefined, askedFirst(sides, query));
  const conn = computeConnectivity(cluster, regions);
  const left = new Set<string>();
  const candidates = (p: PeerRef): PeerRef[] => {
    if (p.type !== 'pods') return [p];
    // A part in a deleted namespace is matched with the labels base gave it, to be named as left out.
    const goneLabels = (c: (typeof conn.index.regionClasses)[number]) => (c.region!.known ? deleted.get(c.region!.namespace) : undefined);
    for (const c of conn.index.regionClasses) {
      const labels = goneLabels(c);
      if (labels && abstractPeerMatches(p.peer, labels, c.podLabels)) left.add(c.region!.namespace);
    }
    return conn.index.regionClasses.filter((c) => !goneLabels(c) && abstractPeerMatches(p.peer, c.nsLabels, c.podLabels)).map((c) => ({ ...p, region: c.region!.index }));
  };
  const srcs = candidates(query.src);
  const dsts = candidates(query.dst);
  const deletedNamespaces = left.size ? { deletedNamespaces: [...left].sort() } : {};
  if (srcs.length === 0 || dsts.length === 0) return { kind: 'absent', query, absent: srcs.length === 0 ? ['src'] : ['dst'], ...deletedNamespaces };
  // Every part's verdict (cheap), then the story of the part allowed least.
  const all = srcs.flatMap((src) => dsts.map((dst) => ({ query: { ...query, src, dst }, allowed: ConnectionSet.NONE }))).map((p) => ({ ...p, allowed: pairAllowed(conn, p.query) }));
  type Part = (typeof all)[number];
  const fewer = (a: Part, b: Part) => b.allowed.isSubsetOf(a.allowed) && !b.allowed.equals(a.allowed);
  const lowest = all.reduce((a, b) => (fewer(a, b) ? b : a));
  const most = all.reduce((a, b) => (fewer(b, a) ? b : a));
  const alike = all.every((e) => e.allowed.equals(lowest.allowed));
  const labelsOf = (q: PairQuery) => {
    const out: Partial<Record<'src' | 'dst', PartLabels>> = {};
    for (const end of ['src', 'dst'] as const) {
      const p = q[end];
      if (p.type === 'pods') {
        const c = conn.index.regionClasses[p.region!];
        out[end] = { namespace: c.nsLabels, pods: c.podLabels };
      }
    }
    return out;
  };
  const somewhere = all.reduce((acc, e) => acc.union(e.allowed), ConnectionSet.NONE);
  const partly = !alike && !somewhere.isEmpty();
  const allowing = partly ? { conn: most.allowed, count: all.filter((e) => e.allowed.equals(most.allowed)).length, shown: labelsOf(most.query) } : undefined;
  const groups = regionGroups(conn, regions, all);
  // Of the parts allowed least, the detail explains one of a group decided by the fewest rules: the simplest story
  // where every one is alike (new-user trial 46, finding 14); the first such part when several tie.
  const least = simplestOf(all.filter((e) => e.allowed.equals(lowest.allowed)), groups, regions) ?? lowest;
  const partKey = (q: PairQuery) => (['src', 'dst'] as const).map((end) => { const p = q[end]; return p.type === 'pods' ? String(p.region) : '-'; }).join(':');
  const partAllowed = new Map(all.map((e) => [partKey(e.query), e.allowed]));
  const worst = explainPair(conn, least.query, { tierNearMisses: true });
  const edits = withEdits ? smallestEdits(conn, worst, { regions, peerLabels }) : new Map();
  const explanation: PairExplanation = partly ? { ...worst, verdict: 'partly' } : worst;
  // A part in a partition the bound cut short may hold pods that the selectors left uncut decide otherwise.
  const short = regions.incompleteIn.size > 0 && [...srcs, ...dsts].some((p) => p.type === 'pods' && regions.incompleteIn.has(regions.regions[p.region!].namespace));
  // The part of pods with only the asked labels, when every abstract end names its namespace and asks for some label
  // (matchLabels, `In`, `Exists`: only-asked-labels.ts), and every such pod is in one part.
  const onlyAskedPart = (p: PeerRef): string | undefined => {
    if (p.type !== 'pods') return '-';
    const namespace = p.peer.namespace;
    // `[all pods]` asks about no label: no such part to single out.
    if (namespace === undefined) return undefined;
    const found = new Set(onlyAskedLabels(p.peer.podSelector).map((labels) => regions.locate(namespace, labels)));
    const [r] = found;
    return found.size !== 1 || r === undefined ? undefined : String(r);
  };
  const onlyKey = [onlyAskedPart(query.src), onlyAskedPart(query.dst)];
  const onlyAsked = all.length < 2 || onlyKey.some((k) => k === undefined) ? undefined : partAllowed.get(onlyKey.join(':'));
  const parts: AbstractParts = { count: all.length, alike, shown: labelsOf(least.query), ...(allowing ? { allowing } : {}), groups, shownNames: regionNames(regions, least.query), ...(short ? { incomplete: true as const } : {}), ...(onlyAsked ? { onlyAsked } : {}) };
  return { kind: 'explained', explanation, edits, partAllowed, parts, ...deletedNamespaces };
}

/**
 * The cluster as region building sees it, plus the asked selectors as a rule peer, so that the regions
 * fall exactly inside or outside the asked abstract peer even when no policy uses its selectors. An
 * asked peer of a named namespace also cuts that namespace first, as the subject of a policy placed
 * before the others: where a namespace's selectors make more parts than the bound (DEFAULT_MAX_BOXES),
 * the selectors applied last are left out, and the asked one must not be (kubeflow/manifests 3b45a3be3:
 * `kubeflow/[pod with {app In (model-registry-ui)}]`, which `diff` reports opened, read as absent).
 */
function withAskedSelectors(cluster: Cluster, query: PairQuery): Cluster {
  const everything = { matchLabels: {}, expressions: [] };
  const ref = { file: '(asked)', line: 0 };
  const asked = [query.src, query.dst].flatMap((p) => (p.type === 'pods' ? [p.peer] : []));
  const home = cluster.namespaces[0]?.name ?? 'default';
  const policies: NetworkPolicy[] = asked.map((peer, i) => ({
    id: `(asked)/${i}`,
    namespace: peer.namespace ?? home,
    name: `(asked-${i})`,
    podSelector: everything,
    affects: { ingress: true, egress: false },
    ingress: [{ peers: [{ kind: 'pods', namespaces: peer.namespace !== undefined ? 'own' : (peer.namespaceSelector ?? everything), pods: peer.podSelector, ref }], ports: 'any', ref }],
    egress: [],
    ref,
  }));
  const first: NetworkPolicy[] = asked.flatMap((peer, i) =>
    peer.namespace === undefined ? [] : [{ id: `(asked)/first-${i}`, namespace: peer.namespace, name: `(asked-first-${i})`, podSelector: peer.podSelector, affects: { ingress: false, egress: false }, ingress: [], egress: [], ref }],
  );
  return { ...cluster, policies: [...first, ...cluster.policies, ...policies] };
}

/** Of the asked traffic, what each side allows for every asked address (none where an end is absent). */
export function allowedOn(a: SideAnswer): ConnectionSet {
  if (a.kind === 'absent') return ConnectionSet.NONE;
  return a.explanation.rows.reduce((acc, r) => acc.intersect(r.allowed), a.explanation.query.ports);
}

/**
 * What head opens and closes of the asked traffic, relative to base. With an abstract end each part of
 * label space is compared with itself (as `diff` compares regions): opened is what some part gains.
 */
export function sideChange(r: ExplainDiffReport): { readonly opened: ConnectionSet; readonly closed: ConnectionSet; readonly partly?: boolean } {
  const b = r.base.kind === 'explained' ? r.base.partAllowed : undefined;
  const h = r.head.kind === 'explained' ? r.head.partAllowed : undefined;
  if (b || h) {
    let opened = ConnectionSet.NONE;
    let closed = ConnectionSet.NONE;
    const changes: { opened: ConnectionSet; closed: ConnectionSet }[] = [];
    for (const key of new Set([...(b?.keys() ?? []), ...(h?.keys() ?? [])])) {
      const before = b?.get(key) ?? ConnectionSet.NONE;
      const after = h?.get(key) ?? ConnectionSet.NONE;
      const part = { opened: after.subtract(before), closed: before.subtract(after) };
      changes.push(part);
      opened = opened.union(part.opened);
      closed = closed.union(part.closed);
    }
    // Parts of an abstract end that do not all change alike: the union is what changes for some of them.
    const partly = changes.some((c) => !c.opened.equals(opened) || !c.closed.equals(closed));
    return { opened, closed, ...(partly ? { partly } : {}) };
  }
  const bAll = allowedOn(r.base);
  const hAll = allowedOn(r.head);
  return { opened: hAll.subtract(bAll), closed: bAll.subtract(hAll) };
}

/** How many rules and policies decide a group's parts: each direction's tier decisions, allowing rules and isolating policies. */
function decidingCount(g: RegionGroup): number {
  return g.directions.reduce((n, d) => n + d.decisions.length + d.allowing.length + d.isolating.length, 0);
}

/**
 * Of `parts` (the same allowed ports), the first of the group decided by the fewest rules (`regionGroups` order
 * on ties); undefined when groups are sampled (their rules are one part's) or no part is found.
 */
function simplestOf<P extends { readonly query: PairQuery }>(parts: readonly P[], groups: readonly RegionGroup[], regions: RegionSet): P | undefined {
  if (parts.length < 2 || groups.some((g) => g.sampled)) return undefined;
  const keys = new Set(parts.map((p) => regionText(regionNames(regions, p.query))));
  const candidates = groups.filter((g) => g.regions.some((r) => keys.has(regionText(r))));
  if (candidates.length === 0) return undefined;
  const best = candidates.reduce((a, b) => (decidingCount(b) < decidingCount(a) ? b : a));
  const names = new Set(best.regions.map((r) => regionText(r)));
  return parts.find((p) => names.has(regionText(regionNames(regions, p.query))));
}
