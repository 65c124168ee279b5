/**
 * `reachdiff explain --format json` (and `diff --explain`): the contract's `explain` object. Peers and
 * connection sets as in `list`/`diff`; every near miss and edit also carries a human `text`.
 */
import type { AbstractParts, ExplainDiffReport, ExplainReport, NamedPortChange, SideAnswer } from '../analysis/explain-run.js';
import type { RegionNames } from '../analysis/explain-regions.js';
import { allowedOn, sideChange } from '../analysis/explain-run.js';
import type { AddressSet, DirectionExplanation, Edit, IngressRoute, TierNearMiss } from '../engine/index.js';
import { askedNumbers, ConnectionSet, publicPolicyId, toCidrs } from '../engine/index.js';
import type { AskedPair } from './mismatch-text.js';
import { editText, editYaml, mismatchText } from './mismatch-text.js';
import type { EditWithheld } from './edits-withheld.js';
import { editsWithheld } from './edits-withheld.js';
import type { ValueEdit } from '../analysis/values-edits.js';
import { valueEditText, valueEditYaml } from './value-edit-text.js';
import type { PeerLabel } from './peer-label.js';
import { abstractPeerJson, peerJson } from './peer-json.js';
import { warningJson } from './warnings.js';
import { askedConnJson } from './asked-conns.js';
import { reasonText } from './reason-text.js';
import { tierEditText, tierMismatchText } from './tier-near-miss-text.js';
import { pathText } from '../util/path-arrow.js';

/** A set of the asked traffic as JSON, `null` when empty (asked-conns.ts: a port name stays a name). */
type SetJson = (c: ConnectionSet) => object | null;

export function explainJsonObject(a: SideAnswer, label: PeerLabel): object {
  const q = a.kind === 'absent' ? a.query : a.explanation.query;
  const conn = askedConnJson(q);
  // Asked by port name toward pods the manifests do not hold: `portName`, and every set is the numbers that port may carry.
  const head = { src: peerJson(q.src), dst: peerJson(q.dst), ports: conn(q.ports), ...(q.portName !== undefined ? { portName: q.portName } : {}) };
  // Head only: namespaces the change deletes, whose parts of an abstract end no pod can be in.
  const deleted = a.deletedNamespaces ? { deletedNamespaces: a.deletedNamespaces } : {};
  if (a.kind === 'absent') return { ...head, verdict: 'absent', absent: a.absent, ...deleted };
  const ex = a.explanation;
  const pair: AskedPair = { name: pathText(label(q.src), label(q.dst)), asked: askedNumbers(q) };
  const allowed = allowedOn(a);
  const denied = ex.rows.reduce((acc, r) => acc.union(r.denied), ConnectionSet.NONE);
  return {
    ...head,
    verdict: ex.verdict,
    allowed: conn(allowed),
    denied: conn(denied),
    rows: ex.rows.map((r) => ({ ...(r.addresses ? { ranges: r.addresses.toRanges(), cidrs: toCidrs(r.addresses) } : {}), allowed: conn(r.allowed), denied: conn(r.denied) })),
    ...(a.parts ? { abstractParts: abstractPartsJson(a.parts, conn) } : {}),
    ...deleted,
    ...(ex.route ? { route: { backends: ex.route.backends.map((b) => ({ ingress: `${b.namespace}/${b.ingress}`, service: `${b.namespace}/${b.service}`, port: b.port, ref: b.ref })), conn: conn(ex.route.conn), ...routeNamesJson(ex.route) } } : {}),
    directions: ex.directions.map((d) => ({ ...directionJson(d, a.edits.get(d.direction) ?? [], label(d.direction === 'egress' ? q.dst : q.src), pair, conn, editsWithheld(d, q.ports)), ...valueEditsJson(a.valueEdits?.get(d.direction) ?? [], pair, conn) })),
  };
}

/**
 * The parts of label space an abstract end covers (fields as before), and `regions`: one entry per group
 * of regions with the same verdict and deciding rules, naming its regions (`parts`, abstract ends only),
 * with its verdict, ports and per direction the deciding rules; `shownRegions` names the part explained
 * in detail (the one allowed least, or one of them; any one when all are `alike`); `incomplete` (true, else absent) where a part lies in a partition the region
 * bound cut short, so `alike` is not proven for every pod of it.
 */
function abstractPartsJson(p: AbstractParts, conn: SetJson): object {
  const names = (r: RegionNames) => ({ ...(r.src ? { src: abstractPeerJson(r.src) } : {}), ...(r.dst ? { dst: abstractPeerJson(r.dst) } : {}) });
  return {
    count: p.count,
    alike: p.alike,
    ...(p.incomplete ? { incomplete: true } : {}),
    // Several parts: what the pods with only the asked labels are allowed (analysis/explain-run.ts `onlyAsked`).
    ...(p.onlyAsked ? { onlyAsked: conn(p.onlyAsked) } : {}),
    shown: p.shown,
    ...(p.allowing ? { allowing: { conn: conn(p.allowing.conn), count: p.allowing.count, shown: p.allowing.shown } } : {}),
    shownRegions: names(p.shownNames),
    regions: p.groups.map((g) => ({
      parts: g.regions.map(names),
      verdict: g.verdict,
      allowed: conn(g.allowed),
      denied: conn(g.denied),
      directions: g.directions.map((d) => decidingJson(d, conn)),
      sampled: g.sampled,
    })),
  };
}

/** `ranges` and `cidrs` of `addresses`, as a verdict row writes them; none when absent. */
function addressesJson(addresses: AddressSet | undefined): { ranges?: string[]; cidrs?: string[] } {
  return addresses ? { ranges: addresses.toRanges(), cidrs: toCidrs(addresses) } : {};
}

/** What decides a direction: tiers, cluster-wide decisions, allowing rules, isolating policies. */
function decidingJson(d: DirectionExplanation, conn: SetJson): object {
  return {
    direction: d.direction,
    subject: d.subject,
    tier: d.tier,
    // Added fields `ranges`, `cidrs`: the asked addresses a part, decision or allowing rule is of, where not all of them (engine/explain-pair.ts storyByParts).
    parts: d.parts.map((p) => ({ tier: p.tier, verdict: p.verdict, conn: conn(p.conn), ...addressesJson(p.addresses) })),
    // A Calico placement serves the text only (the tier's name): not a JSON field.
    decisions: d.decisions.map(({ calico: _calico, addresses, ...t }) => ({ ...t, conn: conn(t.conn), ...addressesJson(addresses) })),
    allowed: conn(d.allowed),
    // Policies as the cluster names them: a clusterwide policy's copy in the namespaces the manifests do not hold is the policy (publicPolicyId).
    allowing: d.allowing.map((r) => ({ policy: publicPolicyId(r.policy), rule: r.rule, ref: r.ref, conn: conn(r.conn), ...addressesJson(r.addresses) })),
    isolating: d.isolating.map((p) => ({ ...p, policy: publicPolicyId(p.policy) })),
  };
}

function directionJson(d: DirectionExplanation, edits: readonly Edit[], peer: string, pair: AskedPair, conn: SetJson, withheld: readonly EditWithheld[]): object {
  return {
    ...decidingJson(d, conn),
    nearMisses: d.nearMisses.map((m) => ({
      policy: publicPolicyId(m.policy),
      rule: m.rule,
      ref: m.ref,
      mismatches: m.mismatches.map((x) => ({ ...mismatchFields(x, conn), text: mismatchText(x, d.direction, m) })),
    })),
    edits: edits.map((e) => ({
      policy: publicPolicyId(e.policy),
      ...(e.rule === undefined ? {} : { rule: e.rule }),
      ref: e.ref,
      change: e.change,
      alsoOpens: e.alsoOpens,
      // Added field: ports of the asked pair beyond the asked ones the edit also opens (a rule without ports: every port).
      ...(e.alsoOpensPorts ? { alsoOpensPorts: conn(e.alsoOpensPorts) } : {}),
      ...(e.elsewhere ? { alsoOpensElsewhere: e.elsewhere.targets, ...(e.elsewhere.notEvaluated.length ? { notEvaluatedElsewhere: e.elsewhere.notEvaluated } : {}) } : {}),
      text: editText(e, peer, pair),
      yaml: editYaml(e),
    })),
    // Added field: Allow rules of cluster-wide policies that come close (engine/tier-near-misses.ts), nearest first: each
    // mismatch and the edit that would make the rule match in its kind's fields (report/tier-near-miss-text.ts).
    ...(d.tierNearMisses?.length ? { tierNearMisses: d.tierNearMisses.map((m) => tierNearMissJson(m, conn)) } : {}),
    // Added field: the isolating policies no edit is suggested inside, with why (report/edits-withheld.ts).
    ...(withheld.length ? { editsWithheld: withheld.map((w) => ({ ...w, policy: publicPolicyId(w.policy) })) } : {}),
  };
}

/** One cluster-wide near miss: the rule (a Calico placement serves the text only), what it would allow, its mismatches and edit with their text. */
function tierNearMissJson(m: TierNearMiss, conn: SetJson): object {
  const edit = tierEditText(m);
  return {
    tier: m.tier,
    kind: m.kind,
    policy: m.policy,
    rule: m.rule,
    ...(m.name ? { name: m.name } : {}),
    ref: m.ref,
    wouldAllow: conn(m.wouldAllow),
    // Added field: the rule's ports beyond the asked ones, which the edit making it match admits too.
    ...(m.alsoCovers ? { alsoCovers: conn(m.alsoCovers) } : {}),
    mismatches: m.mismatches.map((x) => ({ ...mismatchFields(x, conn), text: tierMismatchText(x, m) })),
    ...(edit ? { edit } : {}),
  };
}

/** A route's named target ports toward pods the manifests do not hold, as diff writes names: `{namedPorts: {TCP: ["http"]}}`. */
function routeNamesJson(route: IngressRoute): object {
  if (!route.names?.length) return {};
  const namedPorts: Partial<Record<string, string[]>> = {};
  for (const n of route.names) (namedPorts[n.protocol] ??= []).push(n.name);
  return { namedPorts };
}

/** Sets as the contract writes them (connection sets; addresses as ranges). */
function mismatchFields(x: DirectionExplanation['nearMisses'][number]['mismatches'][number], conn: SetJson): object {
  switch (x.kind) {
    case 'ports':
      return {
        kind: x.kind,
        ref: x.ref,
        missing: conn(x.missing),
        ruleConns: conn(x.ruleConns),
        unresolved: x.unresolved,
        ...(x.regionNames ? { regionNames: x.regionNames } : {}),
        ...(x.portName === undefined ? {} : { portName: x.portName }),
      };
    case 'ip-block':
      return { ...x, outside: x.outside.toRanges() };
    default: {
      // `written` (a Cilium or Calico rule's own field) is said in `text`; the JSON keeps the contract's fields.
      const { written: _written, ...fields } = x;
      return fields;
    }
  }
}

export function explainJson(report: ExplainReport, label: PeerLabel): string {
  return JSON.stringify({ schemaVersion: 1, explain: explainJsonObject(report.answer, label), warnings: report.warnings.map(warningJson) }, null, 2) + '\n';
}

/** The port names the change opens and closes (asked without --port toward pods the manifests do not hold), per protocol: `{opened: {TCP: ['http']}, closed: {}}`. */
function namedPortsJson(list: readonly NamedPortChange[]): { opened: Record<string, string[]>; closed: Record<string, string[]> } {
  const out = { opened: {} as Record<string, string[]>, closed: {} as Record<string, string[]> };
  for (const n of list) {
    if (n.opened) (out.opened[n.protocol] ??= []).push(n.name);
    if (n.closed) (out.closed[n.protocol] ??= []).push(n.name);
  }
  return out;
}

export function explainDiffJson(report: ExplainDiffReport, label: PeerLabel): string {
  const warnings = [...report.warnings.head.map(warningJson), ...report.warnings.base.map((w) => ({ ...warningJson(w), side: 'base' }))];
  const change = sideChange(report);
  const conn = askedConnJson(report.query);
  const why = (report.labelChanges ?? []).map((r) => ({ ...r, text: reasonText(r) }));
  const explain = { base: explainJsonObject(report.base, label), head: explainJsonObject(report.head, label), opened: conn(change.opened), closed: conn(change.closed), ...(change.partly ? { partly: true } : {}), ...(why.length ? { why } : {}), ...(report.namedPorts ? { namedPorts: namedPortsJson(report.namedPorts) } : {}) };
  return JSON.stringify({ schemaVersion: 1, explain, warnings }, null, 2) + '\n';
}

/** Added field: edits of a Helm values file line that decides a near miss's value (analysis/values-edits.ts), first in the text's numbering. */
function valueEditsJson(edits: readonly ValueEdit[], pair: AskedPair, conn: SetJson): object {
  if (edits.length === 0) return {};
  return { valueEdits: edits.map((e) => ({ key: e.key, from: e.from, to: e.to, ref: e.ref, template: e.template, owner: e.owner, sharedWith: e.sharedWith, alsoOpens: e.alsoOpens, ...(e.alsoOpensPorts ? { alsoOpensPorts: conn(e.alsoOpensPorts) } : {}), closes: e.closes, text: valueEditText(e, pair), yaml: valueEditYaml(e) })) };
}
