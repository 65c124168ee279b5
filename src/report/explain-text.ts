/**
 * `reachdiff explain` as text (a terminal) or Markdown: the verdict per protocol/port range, then per
 * direction the deciding tier, the allowing rules or isolating policies (file:line), the near misses
 * with why each rule did not match, and the smallest edits with the YAML they add.
 */
import type { AbstractParts, ExplainDiffReport, ExplainReport, NamedPortChange, SideAnswer } from '../analysis/explain-run.js';
import { sideChange } from '../analysis/explain-run.js';
import type { ConnectionSet, DirectionExplanation, Edit, IngressRoute, Labels, PairExplanation, PairQuery, SourceRef, TierSelector } from '../engine/index.js';
import { askedNumbers, calicoTierName, labelText, OTHER_VALUE, policyName, toCidrs } from '../engine/index.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { warningLines } from './warning-lines.js';
import { citedFiles, citedWarnings, otherWarningsLine } from './cited-warnings.js';
import { editText, editYaml, mismatchText } from './mismatch-text.js';
import { askedConnText } from './asked-conns.js';
import type { PeerLabel } from './peer-label.js';
import { regionGroupLines } from './explain-regions-text.js';
import { reasonText } from './reason-text.js';
import { addressesOnly, decidersText, tierRuleName } from './tier-deciders.js';
import { regionText } from '../analysis/explain-regions.js';
import { aboveText, withheldEditLines } from './edits-withheld.js';
import type { ValueEdit } from '../analysis/values-edits.js';
import { sharedTemplateNote, valueEditSource, valueEditText, valueEditYaml } from './value-edit-text.js';
import { tierNearMissLines } from './tier-near-miss-text.js';
import { plural } from '../util/plural.js';
import { namedItems } from '../util/and-list.js';
import { pathText } from '../util/path-arrow.js';

export type ExplainStyle = 'text' | 'md';

export interface Fmt {
  readonly style: ExplainStyle;
  readonly label: PeerLabel;
  readonly code: (s: string) => string;
  readonly ref: (r: SourceRef) => string;
  /** A set of the asked traffic (by port name toward an abstract destination: the name, asked-conns.ts). */
  readonly conns: (c: ConnectionSet) => string;
}

function fmtOf(style: ExplainStyle, label: PeerLabel, query: PairQuery): Fmt {
  const code = style === 'md' ? (s: string) => `\`${s}\`` : (s: string) => s;
  return { style, label, code, ref: (r) => code(`${r.file}:${r.line}`), conns: askedConnText(query) };
}


/** The headline: `shop/web => shop/payments on TCP 9090: DENIED`. */
export function explainHeadline(q: PairQuery, verdict: PairExplanation['verdict'] | 'absent', label: PeerLabel): string {
  const word = { allowed: 'ALLOWED', denied: 'DENIED', partly: 'PARTLY ALLOWED', absent: 'NOT PRESENT' }[verdict];
  return `${pathText(label(q.src), label(q.dst))} on ${askedConnText(q)(q.ports)}: ${word}`;
}

export function explainText(report: ExplainReport, label: PeerLabel, style: ExplainStyle = 'text'): string {
  const f = fmtOf(style, label, report.query);
  const out = side(report.answer, f, style === 'md' ? '### ' : '');
  // The warnings of what the answer cites, and every error; the rest counted (cited-warnings.ts).
  const { shown, others } = citedWarnings(report.warnings, citedFiles(report.query, [report.answer]));
  out.push(...warnings(shown.map((w) => formatDiagnostic(w)), f, others, heading(shown)));
  return out.join('\n').replace(/\n*$/, '\n');
}

export function explainDiffText(report: ExplainDiffReport, label: PeerLabel, style: ExplainStyle = 'text'): string {
  const f = fmtOf(style, label, report.query);
  const h = style === 'md' ? '### ' : '';
  const change = sideChange(report);
  const what = [change.opened.isEmpty() ? '' : `opens ${f.conns(change.opened)}`, change.closed.isEmpty() ? '' : `closes ${f.conns(change.closed)}`].filter(Boolean).join(', ');
  const some = change.partly ? ' for some of these pods (see the parts below)' : '';
  const named = namedPortsText(report);
  const numbered = what ? `the change ${what}${some}` : named ? 'no change on numbered ports' : 'no change';
  // Pods with only the asked labels, on both sides, when the change is for some of the pods only (new-user trial 41, finding 10).
  const only = (a: SideAnswer) => (a.kind === 'explained' ? a.parts?.onlyAsked : undefined);
  const [onlyBase, onlyHead] = [only(report.base), only(report.head)];
  const askedOnly = change.partly && onlyBase && onlyHead ? `; pods with only the asked labels: ${onlyAskedWord(onlyBase, report.query, f)} in base, ${onlyAskedWord(onlyHead, report.query, f)} in head` : '';
  const summary = `${pathText(f.label(report.query.src), f.label(report.query.dst))}: ${numbered}${named ? `; ${named}` : ''}${askedOnly}`;
  // A workload's (or its namespace's) label change that turned a deciding policy or rule is the change's cause: said first (label-changes.ts).
  const causes = (report.labelChanges ?? []).map((r) => `${style === 'md' ? '- ' : '  '}why: ${reasonText(r, (ref) => f.ref(ref))}`);
  // Base's lines are base's file lines: marked as in `diff` (`base:file:line`).
  const onBase: Fmt = { ...f, ref: (r) => f.code(`base:${r.file}:${r.line}`) };
  const out = [style === 'md' ? `**${summary}**` : summary, ...(causes.length ? [...(style === 'md' ? [''] : []), ...causes] : []), '', ...side(report.base, onBase, `${h}base: `), '', ...side(report.head, f, `${h}head: `)];
  // A warning on both sides once (warning-lines.ts): head's new ones first.
  // Of what the answers cite, and every error; the rest counted (cited-warnings.ts).
  const files = citedFiles(report.query, [report.base, report.head]);
  const head = citedWarnings(report.warnings.head, files);
  const base = citedWarnings(report.warnings.base, files);
  const listed = warningLines({ head: head.shown, base: base.shown });
  out.push(...warnings([...listed.fresh, ...listed.listed], f, head.others, heading([...head.shown, ...base.shown])));
  return out.join('\n').replace(/\n*$/, '\n');
}

/** Port names the change opens or closes that the default question (numbers) does not hold: `the change opens TCP http (ask --port http)`. */
function namedPortsText(report: ExplainDiffReport): string {
  const list = report.namedPorts ?? [];
  if (list.length === 0) return '';
  const of = (pick: (n: NamedPortChange) => boolean) => list.filter(pick).map((n) => `${n.protocol} ${n.name}`).join(', ');
  const what = [of((n) => n.opened) && `opens ${of((n) => n.opened)}`, of((n) => n.closed) && `closes ${of((n) => n.closed)}`].filter(Boolean).join(', ');
  const ask = list.map((n) => `--port ${n.name}${n.protocol === 'TCP' ? '' : `/${n.protocol}`}`).join(', ');
  return `the change ${what} (ask ${ask})`;
}

function side(a: SideAnswer, f: Fmt, prefix: string): string[] {
  if (a.kind === 'absent') {
    const why = a.deletedNamespaces ? `: no pod can be in ${deletedText(a.deletedNamespaces, f)}, which the change deletes` : '';
    return [`${prefix}${explainHeadline(a.query, 'absent', f.label)}`, '', `${a.absent.map((e) => f.label(a.query[e])).join(' and ')} ${a.absent.length > 1 ? 'do' : 'does'} not exist on this side${why}.`];
  }
  const ex = a.explanation;
  const out = [`${prefix}${explainHeadline(ex.query, ex.verdict, f.label)}`, ''];
  // Parts not alike: the pods with only the asked labels first, what the reader asked about (new-user trial 41, finding 10).
  if (a.parts?.onlyAsked && !a.parts.alike) out.splice(1, 0, `Pods with only the asked labels: ${onlyAskedWord(a.parts.onlyAsked, ex.query, f)}; pods that also carry other labels differ (the parts below)`);
  if (a.deletedNamespaces) out.push(`Left out: the parts in ${deletedText(a.deletedNamespaces, f)}, which the change deletes (no pod can be there).`, '');
  const byRegion = a.parts ? regionGroupLines(a.parts, ex.query, f) : [];
  // Regions not treated alike: the lines per region say what is allowed where (the rows are the least allowed region's).
  const rows = byRegion.length && !a.parts?.alike ? [] : ex.rows;
  if (byRegion.length) out.push(...byRegion, ...(rows.length ? [''] : []));
  for (const row of rows) {
    const at = row.addresses ? `${f.code(toCidrs(row.addresses).join(','))}: ` : '';
    if (!row.allowed.isEmpty()) out.push(`${bullet(f)}${at}allowed: ${f.conns(row.allowed)}`);
    if (!row.denied.isEmpty()) out.push(`${bullet(f)}${at}denied: ${ex.query.ports.isAll() && !row.allowed.isEmpty() ? `everything else` : f.conns(row.denied)}`);
  }
  if (a.parts) out.push('', partsText(a.parts, f));
  if (ex.route) {
    const via = ex.route.backends.map((b) => `Ingress ${b.namespace}/${b.ingress} → Service ${b.service} (${f.ref(b.ref)})`);
    out.push('', `Ingress route: ${via.length ? `${via.join('; ')} leads there on ${routeText(ex.route, ex.query, f)}` : 'no Ingress backend leads to this workload'}`);
  }
  for (const d of ex.directions) out.push('', ...direction(d, a.edits.get(d.direction) ?? [], ex, f, a.valueEdits?.get(d.direction) ?? [], a.parts));
  return out;
}

/** `ALLOWED`, `DENIED`, or `allowed only on TCP 80`: what the pods with only the asked labels get of the asked traffic. */
function onlyAskedWord(allowed: ConnectionSet, q: PairQuery, f: Fmt): string {
  if (allowed.isEmpty()) return 'DENIED';
  return q.ports.isSubsetOf(allowed) ? 'ALLOWED' : `allowed only ${f.conns(allowed)}`;
}

/** `namespace tools` / `namespaces a, b` (namespace-lifecycle.ts: base declares them, head neither declares nor uses them). */
function deletedText(namespaces: readonly string[], f: Fmt): string {
  return `${namespaces.length > 1 ? 'namespaces' : 'namespace'} ${namespaces.map((n) => f.code(n)).join(', ')}`;
}

/** Why parts cut short by the region bound prove no verdict for all of their pods (text and Markdown). */
export const INCOMPLETE_PARTS = 'some of them may hold pods that rules not applied in the cut decide otherwise, so this verdict is not proven for all the asked pods';

/** An abstract end covers parts of label space; say how many, whether alike, which part allows what, and which one is shown. */
function partsText(p: AbstractParts, f: Fmt): string {
  // The engine writes "a value no selector names" as ~other.
  const labels = (l: Labels) => `{${Object.keys(l).sort().map((k) => (l[k] === OTHER_VALUE ? `${k}=<a value no selector names>` : labelText(k, l[k]))).join(',')}}`;
  const describe = (shown: AbstractParts['shown']) =>
    (['src', 'dst'] as const).flatMap((end) => {
      const s = shown[end];
      return s ? [`${end === 'src' ? 'source' : 'destination'} pods ${f.code(labels(s.pods))} in a namespace ${f.code(labels(s.namespace))}`] : [];
    });
  const shown = describe(p.shown);
  if (p.groups.length > 1) return `Explained in detail below, ${shownRegionWords(p)}: ${regionText(p.shownNames, (peer) => f.code(peer.id))} (${shown.join(', ')})`;
  if (p.allowing) {
    const some = p.allowing.count === 1 ? 'one part allows' : `${p.allowing.count} parts allow`;
    return `Abstract peer: ${p.count} parts of label space that are not treated alike; ${some} ${f.conns(p.allowing.conn)}, for example ${describe(p.allowing.shown).join(', ')}; shown below, the one allowed least: ${shown.join(', ')}`;
  }
  // Past the region bound a part may hold pods the selectors left uncut decide otherwise: never "all with this verdict".
  const alike = p.incomplete
    ? `${p.count === 1 ? 'one part' : `${p.count} parts`} of label space, cut short by the region bound (${INCOMPLETE_PARTS}); shown:`
    : p.count === 1 ? 'one part of label space, explained below' : p.alike ? `${p.count} parts of label space, all with this verdict; shown:` : `${p.count} parts of label space that are not treated alike; shown, the one allowed least:`;
  return `Abstract peer: ${alike}${p.count === 1 && !p.incomplete ? '' : ' ' + shown.join(', ')}`;
}

/**
 * Which region the detail explains, among regions listed by group: any one when every region gets the same
 * ports (all ALLOWED, all DENIED: only their deciding rules differ; new-user trial 46, finding 14), else the one
 * allowed least, or one of several when others get the same ports or ports that are neither more nor fewer.
 */
function shownRegionWords(p: AbstractParts): string {
  if (p.alike) return 'one of these regions';
  const key = regionText(p.shownNames);
  const least = p.groups.find((g) => g.regions.some((r) => regionText(r) === key))?.allowed;
  if (!least) return 'the region allowed least';
  const tied = p.groups.reduce((n, g) => n + (g.allowed.equals(least) ? g.regions.length : 0), 0);
  const minimum = p.groups.every((g) => least.isSubsetOf(g.allowed));
  return tied > 1 || !minimum ? 'one of the regions allowed least' : 'the region allowed least';
}

/**
 * The ports a route leads to; toward pods the manifests do not hold, target ports given by name stay
 * names ("TCP http"), and a name not asked says how to ask it (its number there is unknown).
 */
function routeText(route: IngressRoute, q: PairQuery, f: Fmt): string {
  const names = route.names ?? [];
  if (names.length === 0) return f.conns(route.conn);
  const parts = [...(route.conn.isEmpty() ? [] : [f.conns(route.conn)]), ...names.map((n) => `${n.protocol} ${n.name}`)];
  const unasked = names.filter((n) => n.name !== q.portName);
  const hint = unasked.length ? ` (named target port${unasked.length > 1 ? 's' : ''}, number unknown on these pods: ask with --port ${unasked[0].name})` : '';
  return `${parts.join(', ')}${hint}`;
}

/**
 * The end whose policies a direction's detail lists: the asked peer, or, when the detail explains one of several
 * regions of it, that region as the lines above name it, since its policies are that region's only (new-user
 * trial 46b, finding 7: `egress of frontend/[all pods]` over one region's isolating policies).
 */
function subjectName(direction: DirectionExplanation['direction'], ex: PairExplanation, f: Fmt, parts?: AbstractParts): string {
  const end = direction === 'egress' ? 'src' : 'dst';
  const region = parts && parts.count > 1 ? parts.shownNames[end] : undefined;
  return region ? region.id : f.label(ex.query[end]);
}

function bullet(f: Fmt): string {
  return f.style === 'md' ? '- ' : '  ';
}

function direction(d: DirectionExplanation, edits: readonly Edit[], ex: PairExplanation, f: Fmt, values: readonly ValueEdit[] = [], parts?: AbstractParts): string[] {
  const denied = ex.query.ports.subtract(d.allowed);
  // Each part of the traffic credited to the tier (and cluster-wide rule) that decided it, not the whole to one tier.
  // Toward addresses the tiers treat apart, a port allowed for some and denied for others: said of the addresses
  // (the rows above give which), not "denies it" over a part the NetworkPolicies allow.
  const byAddress = ex.query[d.direction === 'egress' ? 'dst' : 'src'].type === 'external' && d.parts.some((p) => p.verdict === 'allowed' && !p.conn.intersect(denied).isEmpty());
  const some = `allows it ${d.direction === 'egress' ? 'to' : 'from'} some of the addresses only`;
  const decision = `${denied.isEmpty() ? 'allows it' : byAddress ? some : d.allowed.isEmpty() ? 'denies it' : `allows ${f.conns(d.allowed)} only`} (${decidersText(d, f)})`;
  const title = `${d.direction} of ${f.code(subjectName(d.direction, ex, f, parts))}`;
  const h = f.style === 'md' ? '#### ' : '';
  if (d.parts.length === 1 && d.tier === 'default') {
    // A cluster-wide policy may select the pod while none of its rules matches the peer (an address, for ingress rules that name pods only).
    const why = d.selectedByTier ? `no NetworkPolicy selects it for ${d.direction}, and no rule of ${tierSelectorsText(d.tierSelectors ?? [])} matches (default: allow)` : `no policy of any tier selects it for ${d.direction} (default: allow)`;
    // A Pass that matched handed it on, and no tier after it decided it: the Pass is why, not a missing rule.
    const passes = d.decisions.filter((t) => t.action === 'Pass');
    // Calico's default tier: a Pass before the NetworkPolicies (order < 1000) skips them; one after them, the tier's end.
    // Several Pass rules: "rule 1 (…) and rule 2 (…) pass it on, … of their tier, and no tier after them decides it".
    const one = passes.length === 1;
    const its = one ? 'its' : 'their';
    const pastNetworkPolicies = passes.some((t) => t.calico?.tier === 'default' && t.tier === 'Admin') ? `, past the NetworkPolicies of ${its} tier,` : passes.some((t) => t.tier === 'NetworkPolicy') ? `, past the end of ${its} tier,` : '';
    const passed = `${passes.map((t) => `${tierRuleName(t, d.direction)} (${f.ref(t.ref)})`).join(' and ')} ${one ? 'passes' : 'pass'} it on${pastNetworkPolicies} and no tier after ${one ? 'it' : 'them'} decides it (default: allow)`;
    return [`${h}${title}: ${passes.length ? passed : why}, so it allows it`];
  }
  const ind = f.style === 'md' ? '- ' : '  ';
  const sub = f.style === 'md' ? '  - ' : '    - ';
  const out = [`${h}${title}: ${decision}`];
  if (f.style === 'md') out.push('');
  for (const t of d.decisions) out.push(`${ind}${tierRuleName(t, d.direction)} (${f.ref(t.ref)}): ${t.action} ${f.conns(t.conn)}${addressesOnly(t)}`);
  if (d.isolating.length) out.push(`${ind}isolated by ${d.isolating.map((p) => `${policyName(p.policy)} (${f.ref(p.ref)})`).join(', ')}`);
  for (const r of d.allowing) out.push(`${ind}allowed by ${policyName(r.policy)} ${d.direction} rule ${r.rule + 1} (${f.ref(r.ref)}): ${f.conns(r.conn)}${addressesOnly(r)}`);
  const npDenied = d.parts.some((p) => p.tier === 'NetworkPolicy' && p.verdict === 'denied');
  if (npDenied && d.nearMisses.length === 0) out.push(`${ind}no rule of these policies comes close: none admits the peer on any asked port`);
  // Where some of the asked ports are allowed, the near misses speak of the rest only: say so, or a rule
  // that allows (listed above) reads as missing the very ports it allows.
  const forRest = d.allowed.isEmpty() || denied.isEmpty() ? '' : ` for ${f.conns(denied)}`;
  for (const m of d.nearMisses) {
    out.push(`${ind}near miss${forRest}: ${policyName(m.policy)} ${d.direction} rule ${m.rule + 1} (${f.ref(m.ref)})`);
    for (const x of m.mismatches) out.push(`${sub}${mismatchText(x, d.direction, m)}`);
  }
  // Allow rules of cluster-wide policies that come close, in their own fields (tier-near-miss-text.ts).
  const tierMisses = d.tierNearMisses ?? [];
  for (const m of tierMisses.slice(0, TIER_NEAR_MISSES_SHOWN)) out.push(...tierNearMissLines(m, f.ref(m.ref), f.conns, ind, sub));
  if (tierMisses.length > TIER_NEAR_MISSES_SHOWN) out.push(`${ind}… and ${plural(tierMisses.length - TIER_NEAR_MISSES_SHOWN, 'more near miss', 'more near misses')} of cluster-wide rules (--format json lists them)`);
  for (const above of d.parts.filter((p) => p.verdict === 'denied' && p.tier !== 'NetworkPolicy')) out.push(`${ind}${f.conns(above.conn)} ${aboveText(above, d, f.label(d.direction === 'egress' ? ex.query.src : ex.query.dst))}`);
  if (edits.length || values.length) out.push(`${ind}smallest edits that would allow it:`);
  else if (npDenied && ex.query.ports.isAll() && !d.allowed.isEmpty()) out.push(`${ind}ask with --port for the smallest edits that would allow a given port`);
  out.push(...withheldEditLines(d, ex.query.ports, f).map((l) => `${ind}${l}`));
  const peer = f.label(d.direction === 'egress' ? ex.query.dst : ex.query.src);
  const pair = { name: pathText(f.label(ex.query.src), f.label(ex.query.dst)), asked: askedNumbers(ex.query) };
  // A values file line that decides the value comes first: the template is every environment's (values-edits.ts).
  const numbered = [
    ...values.map((v) => ({ text: `${valueEditText(v, pair)} at ${f.ref(v.ref)}`, yaml: valueEditYaml(v), note: valueEditSource(v) })),
    ...edits.map((e) => ({ text: `${editText(e, peer, pair)} at ${f.ref(e.ref)}`, yaml: editYaml(e), note: undefined })),
  ];
  numbered.forEach((e, i) => {
    out.push(`${f.style === 'md' ? '  ' : '    '}${i + 1}. ${e.text}`);
    if (e.note) out.push(`${f.style === 'md' ? '     ' : '       '}${e.note}`);
    if (f.style === 'md') out.push('', '     ```yaml', ...e.yaml.split('\n').map((l) => `     ${l}`), '     ```', '');
    else out.push(...e.yaml.split('\n').map((l) => `         ${l}`));
  });
  const shared = sharedTemplateNote(values, edits);
  if (shared) out.push(`${ind}${shared}`);
  if (edits.some(admitsEveryPod)) out.push(`${ind}${EVERY_POD_CAVEAT}`);
  return out;
}

/** Cluster-wide near misses a direction lists before it counts the rest. */
const TIER_NEAR_MISSES_SHOWN = 3;
/** Cluster-wide policies a sentence names before it counts the rest. */
const TIER_SELECTORS_NAMED = 3;

/**
 * The cluster-wide policies that select a pod, as their authors wrote them: `AdminNetworkPolicy deny-x or
 * BaselineAdminNetworkPolicy default`, `Calico GlobalNetworkPolicy security.web (Calico tier security, order
 * 100)`; a Calico policy split in parts once. Never the engine's "Admin or Baseline policies".
 */
function tierSelectorsText(selectors: readonly TierSelector[]): string {
  const names = [...new Set(selectors.map((t) => `${policyName(t.policy)}${t.calico ? ` (${calicoTierName(t.calico).replace(/ \(order (\d+)\)$/, ', order $1')})` : ''}`))];
  if (names.length === 0) return 'the cluster-wide policies selecting it';
  const { named, more } = namedItems(names, TIER_SELECTORS_NAMED);
  const list = more > 0 ? `${named.join(', ')} or ${plural(more, 'other cluster-wide policy', 'other cluster-wide policies')}` : named.length < 2 ? named[0] : `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`;
  return `${list}, which select${names.length === 1 ? 's' : ''} it,`;
}

/** Whether the edit adds a peer of every pod of every namespace (the only one reachdiff can verify admits the ingress controller). */
function admitsEveryPod(e: Edit): boolean {
  return e.change.kind !== 'add-ports' && e.change.peer.kind === 'every-pod';
}

/**
 * Said under edits that add `namespaceSelector: {}`: lint flags that peer (PERMISSIVE_RULE), and the
 * narrower one a cluster needs (the controller's namespace) is one reachdiff cannot verify.
 */
const EVERY_POD_CAVEAT =
  "`namespaceSelector: {}` admits every pod of every namespace (lint: PERMISSIVE_RULE); it is the only peer reachdiff can verify admits the ingress controller, whose namespace and pods are not in the manifests. Select the controller's namespace instead (kubernetes.io/metadata.name) — reachdiff will then read the controller as still denied.";

/** The diagnostics section's title by what it lists: `Warnings`, `Errors`, or `Errors and warnings`. */
function heading(listed: readonly { readonly severity: string }[]): string {
  const errors = listed.filter((d) => d.severity === 'error').length;
  return errors === 0 ? 'Warnings' : errors === listed.length ? 'Errors' : 'Errors and warnings';
}

function warnings(lines: readonly string[], f: Fmt, others = 0, title = 'Warnings'): string[] {
  const rest = others > 0 ? ['', f.style === 'md' ? `_${otherWarningsLine(others)}_` : otherWarningsLine(others)] : [];
  if (lines.length === 0) return rest;
  return ['', f.style === 'md' ? `**${title}**` : `${title}:`, ...lines.map((w) => `${f.style === 'md' ? '- ' : '  '}${w}`), ...rest];
}
