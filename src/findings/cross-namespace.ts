/**
 * CROSS_NAMESPACE_PATH: paths the change opens between workloads of different namespaces, unless the
 * configuration expects that pair (`crossNamespace: [{from: monitoring, to: "*"}]`). Only `diff` has
 * opened paths, so only `diff` reports it; every such finding is new by construction. One finding per
 * rule that opens them (the head rule the pair's why names first, by policy, direction and index),
 * listing the workloads it opens on each end: real-eval 8 (kubeflow f3edb265a) gave 17 notices at one
 * line, one per source workload of a `from`-less webhook rule. Paths no rule opens because the same
 * policies' isolation lapsed (a default-deny removed) are one finding too, at the line the change removed
 * or narrowed it. Paths no rule opens into a workload the change adds (no policy isolates it for ingress),
 * or out of one, are one finding per added workload and direction, at its line (real-eval 26:
 * TheBranchDriftCatalyst/talos-homelab aaf04028 added one Deployment in a namespace without a default deny
 * and read 183 notices, one per path). A path no rule opens otherwise is its own finding, at the first
 * head line its why cites.
 */
import type { ConnectionSet } from '../engine/connection-set.js';
import { plural } from '../util/plural.js';
import type { PairDiff } from '../engine/diff.js';
import type { Reason } from '../engine/explain.js';
import type { Direction, SourceRef, Workload } from '../engine/model.js';
import { citedRuleName, policyName } from '../engine/policy-terms.js';
import type { NamespacePair } from './config.js';
import { namespaceMatches } from './config.js';
import { finding } from './context.js';
import type { Finding } from './types.js';
import { pathText } from '../util/path-arrow.js';

export interface OpenedPath {
  readonly pair: PairDiff;
  readonly why: readonly Reason[];
}

/** How many namespaces a message names, and how many workloads of each, before it counts the rest. */
const NAMED_NAMESPACES = 5;
const NAMED_WORKLOADS = 3;

interface Group {
  readonly ref: SourceRef;
  /** `policy` and `direction:rule N` of the rule; none for a path no rule opens. */
  readonly rule?: { readonly policy: string; readonly object: string };
  /** For paths no head rule opens: the isolation that lapsed (the policies that isolated them in base, by direction). */
  readonly lapse?: Lapse;
  /** For paths no head rule opens and no isolation lapsed: the end the change adds (its id), and whether the paths go into it. */
  readonly added?: { readonly workload: string; readonly into: boolean };
  readonly paths: { readonly src: Workload; readonly dst: Workload; readonly opened: ConnectionSet }[];
}

/**
 * `changedAt`: the head line of the change that removed or edited the base object at a base position
 * (analysis/change-lines.ts): where a lapse's finding goes, the line the pull request edits; without one,
 * the base line of the policy that lapsed (a file the change deleted).
 */
export function crossNamespaceFindings(paths: readonly OpenedPath[], allowed: readonly NamespacePair[], changedAt: (ref: SourceRef) => SourceRef | undefined = () => undefined): Finding[] {
  const groups = new Map<string, Group>();
  for (const { pair, why } of paths) {
    const { src, dst, opened } = pair;
    if (!opened || src.type !== 'workload' || dst.type !== 'workload') continue;
    const from = src.workload.namespace;
    const to = dst.workload.namespace;
    if (from === to || allowed.some((a) => namespaceMatches(a.from, from) && namespaceMatches(a.to, to))) continue;
    const rule = openingRule(why);
    // Without a head rule: the isolation or the tier Deny that lapsed (policies that isolated or denied an end in base), when the why names it.
    const lapse = rule ? undefined : lapsedIsolation(why);
    // A lapse is told where the change removed or narrowed the first policy it names (never at a workload of a file the change may not touch).
    const lapsedAt = lapse && (changedAt(lapse.refs[0]) ?? lapse.refs[0]);
    // Otherwise a workload the change adds, the destination first: every path into (or out of) it is one finding.
    const added = rule || lapse ? undefined : addedEnd(why, dst.workload.id) ?? addedEnd(why, src.workload.id);
    const ref = rule?.ref ?? lapsedAt ?? added?.ref ?? responsibleLine(why) ?? dst.workload.ref;
    const key = rule
      ? `rule\0${rule.policy}\0${rule.direction}\0${rule.rule}\0${ref.file}\0${ref.line}`
      : lapse
        ? `lapse\0${lapse.key}`
        : added
          ? `added\0${added.workload}\0${added.workload === dst.workload.id}`
          : `pair\0${src.workload.id}\0${dst.workload.id}`;
    const group = groups.get(key) ?? groups.set(key, { ref, ...(rule ? { rule: { policy: rule.policy, object: `${rule.direction}:rule ${rule.rule + 1}` } } : {}), ...(lapse ? { lapse } : {}), ...(added ? { added: { workload: added.workload, into: added.workload === dst.workload.id } } : {}), paths: [] }).get(key)!;
    group.paths.push({ src: src.workload, dst: dst.workload, opened });
  }
  return [...groups.values()].map(groupFinding);
}

/**
 * One path: `The change opens a → b (TCP 80), a path from namespace x into y.` (subject the source,
 * object the destination, as before rules were grouped). Several: what the rule opens, each end's
 * workloads listed by namespace (bounded), subject the rule's policy and object `ingress:rule 1`.
 * `sources`/`destinations` list every workload id.
 */
function groupFinding(g: Group): Finding {
  const sources = sortedIds(g.paths.map((p) => p.src));
  const destinations = sortedIds(g.paths.map((p) => p.dst));
  const fromNs = namespacesOf(g.paths.map((p) => p.src));
  const toNs = namespacesOf(g.paths.map((p) => p.dst));
  const lists = { sources: sources.map((w) => w.id), destinations: destinations.map((w) => w.id) };
  if (g.paths.length === 1) {
    const { src, dst, opened } = g.paths[0];
    return finding('CROSS_NAMESPACE_PATH', {
      message: `The change opens ${pathText(src.id, dst.id)} (${opened.toProse()}), a path from namespace ${src.namespace} into ${dst.namespace}.`,
      ref: g.ref,
      subject: src.id,
      object: dst.id,
      fix: `If ${pathText(src.namespace, dst.namespace)} is intended, list it under findings.crossNamespace in .github/reachdiff.yml; otherwise narrow the rule.`,
      ...lists,
    });
  }
  const portText = openedPortsText(g.paths.map((p) => p.opened));
  const directions = `${fromNs.length === 1 ? `namespace ${fromNs[0]}` : `${fromNs.length} namespaces`} into ${toNs.length === 1 ? toNs[0] : `${toNs.length} namespaces`}`;
  const through = g.rule ? ' through this rule' : g.lapse ? ` as ${g.lapse.text}` : g.added ? ` as it adds ${g.added.workload}` : '';
  return finding('CROSS_NAMESPACE_PATH', {
    message: `The change opens ${plural(g.paths.length, 'path')} from ${directions}${through} (${portText}): from ${endsText(sources)} to ${endsText(destinations)}.`,
    ref: g.ref,
    subject: g.rule?.policy ?? g.lapse?.policies[0] ?? g.added?.workload ?? sources[0].id,
    object: g.rule?.object ?? (g.lapse ? `lapsed:${g.lapse.key}` : g.added ? `added:${g.added.into ? 'ingress' : 'egress'}` : destinations[0].id),
    fix: `If ${pathText(bounded(fromNs, NAMED_NAMESPACES, 'namespace'), bounded(toNs, NAMED_NAMESPACES, 'namespace'))} ${fromNs.length * toNs.length === 1 ? 'is' : 'are'} intended, list ${fromNs.length * toNs.length === 1 ? 'it' : 'them'} under findings.crossNamespace in .github/reachdiff.yml; otherwise narrow the rule.`,
    ...lists,
  });
}

/**
 * What a group's paths open, in one phrase: the one set they share; else, when one set holds all the others
 * (a rule opening every port, less what some pairs had already), that set `or part of it for some paths`
 * (new-user 35: `All Connections; SCTP 1-65535,TCP 1-9089,9091-65535,UDP 1-65535; …` read as a puzzle);
 * else up to three sets, then `and other ports`.
 */
function openedPortsText(sets: readonly ConnectionSet[]): string {
  const distinct = [...new Map(sets.map((c) => [c.toProse(), c])).values()];
  if (distinct.length === 1) return distinct[0].toProse();
  const widest = distinct.reduce((a, b) => (a.union(b).equals(a) ? a : b));
  if (distinct.every((c) => widest.union(c).equals(widest))) return `${widest.toProse()}, or part of it for some paths`;
  const texts = distinct.map((c) => c.toProse());
  return texts.length <= 3 ? texts.join('; ') : `${texts.slice(0, 3).join('; ')} and other ports`;
}

/** Distinct workloads by id, sorted by namespace, name and kind. */
function sortedIds(ws: readonly Workload[]): Workload[] {
  const key = (w: Workload) => `${w.namespace}\0${w.name}\0${w.kind}`;
  return [...new Map(ws.map((w) => [w.id, w])).values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function namespacesOf(ws: readonly Workload[]): string[] {
  return [...new Set(ws.map((w) => w.namespace))].sort();
}

/**
 * Workloads by namespace, bounded: `auth/dex[Deployment]` for a namespace's only one,
 * `cert-manager (3 workloads: a[Deployment], b[Deployment], c[Deployment])`, `… (5 workloads: a, b, c and 2 more)`,
 * past five namespaces `and 2 more namespaces (6 workloads)`.
 */
function endsText(ws: readonly Workload[]): string {
  const byNs = new Map<string, Workload[]>();
  for (const w of ws) byNs.set(w.namespace, [...(byNs.get(w.namespace) ?? []), w]);
  const own = (w: Workload) => w.id.slice(w.namespace.length + 1);
  const parts = [...byNs].slice(0, NAMED_NAMESPACES).map(([ns, list]) =>
    list.length === 1 ? list[0].id : `${ns} (${list.length} workloads: ${bounded(list.map(own), NAMED_WORKLOADS)})`,
  );
  const rest = [...byNs].slice(NAMED_NAMESPACES);
  if (rest.length) parts.push(`${plural(rest.length, 'more namespace')} (${plural(rest.reduce((n, [, l]) => n + l.length, 0), 'workload')})`);
  return join(parts);
}

/** `a, b and c`; past `max`, `a, b, c and 2 more` (`word`: `and 2 more namespaces`). */
function bounded(items: readonly string[], max: number, word?: string): string {
  if (items.length <= max) return join(items);
  const rest = items.length - max;
  return `${items.slice(0, max).join(', ')} and ${word ? plural(rest, `more ${word}`) : `${rest} more`}`;
}

function join(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The head rule that opens a path, as the group's policy, direction and 0-based rule index. */
interface OpeningRule {
  readonly policy: string;
  readonly direction: Direction;
  readonly rule: number;
  readonly ref: SourceRef;
}

/**
 * The rule a path's why says opens it: an Allow of the Admin or Baseline tier in head (an
 * AdminNetworkPolicy, a Calico policy ordered before the NetworkPolicies …), which decides before any
 * NetworkPolicy, else a NetworkPolicy-tier rule that allows it in head. None when a tier Deny of base
 * lapsed (removed or narrowed) and no head tier rule allows the path: then the Deny's lapse is the cause,
 * not a NetworkPolicy rule that allowed the path on both sides.
 */
function openingRule(why: readonly Reason[]): OpeningRule | undefined {
  const tierAllow = why.find((r): r is Reason & { kind: 'tier-rule' } => r.kind === 'tier-rule' && r.side === 'head' && r.action === 'Allow');
  if (tierAllow) return tierAllow;
  if (why.some((r) => r.kind === 'tier-rule' && r.side === 'base' && r.action === 'Deny')) return undefined;
  return why.find((r): r is Reason & { kind: 'allowed-by-rule' } => r.kind === 'allowed-by-rule' && r.side === 'head');
}

/** Policies whose isolation of a path's ends lapsed: `ingress:shop/deny+shop/x;egress:…`, and said in words. */
interface Lapse {
  readonly key: string;
  readonly policies: readonly string[];
  /** Base lines of the policies (or tier rules) that lapsed, in the order of `policies`. */
  readonly refs: readonly [SourceRef, ...SourceRef[]];
  readonly text: string;
}

/**
 * The isolation a path no head rule opens lost: the policies that isolated its ends in base (`isolated-by`
 * on base's side), per direction; undefined when the why names none (a new workload no policy isolates).
 * Paths with the same lapse are one finding (real-eval 9: a removed default-deny gave one per path).
 */
function lapsedIsolation(why: readonly Reason[]): Lapse | undefined {
  const denied = lapsedDeny(why);
  if (denied) return denied;
  const byDirection = new Map<string, Set<string>>();
  const refOf = new Map<string, SourceRef>();
  for (const r of why) {
    if (r.kind !== 'isolated-by' || r.side !== 'base') continue;
    const set = byDirection.get(r.direction) ?? byDirection.set(r.direction, new Set()).get(r.direction)!;
    set.add(r.policy);
    if (!refOf.has(r.policy)) refOf.set(r.policy, r.ref);
  }
  if (byDirection.size === 0) return undefined;
  const parts = [...byDirection].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, ps]) => [d, [...ps].sort()] as const);
  const policies = [...new Set(parts.flatMap(([, ps]) => ps))].sort();
  const text = parts.map(([d, ps]) => `${isolatorsText(ps)} ${d === 'ingress' ? 'the destinations for ingress' : 'the sources for egress'}`).join(' and ');
  const [first, ...rest] = policies.map((p) => refOf.get(p)!);
  return { key: parts.map(([d, ps]) => `${d}:${ps.join('+')}`).join(';'), policies, refs: [first, ...rest], text };
}

/**
 * The Admin- or Baseline-tier Deny rules that denied a path in base and no longer do (an
 * AdminNetworkPolicy removed, its rule narrowed): `AdminNetworkPolicy eu-deny egress rule 1 "internet" no
 * longer denies them`. Paths of the same rules are one finding, as for a lapsed isolation.
 */
function lapsedDeny(why: readonly Reason[]): Lapse | undefined {
  const denies = why.filter((r): r is Reason & { kind: 'tier-rule' } => r.kind === 'tier-rule' && r.side === 'base' && r.action === 'Deny');
  if (denies.length === 0) return undefined;
  const named = [...new Map(denies.map((r) => [`${r.direction}:${r.policy}:${r.rule}`, r])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const policies = [...new Set(named.map(([, r]) => r.policy))].sort();
  const rules = named.map(([, r]) => citedRuleName(r, r.direction));
  const [first, ...rest] = named.map(([, r]) => r.ref);
  return { key: `deny:${named.map(([k]) => k).join('+')}`, policies, refs: [first, ...rest], text: `${join(rules)} no longer ${rules.length === 1 ? 'denies' : 'deny'} them` };
}

/** `NetworkPolicy a no longer isolates`, `NetworkPolicies a and b no longer isolate`; other kinds named with theirs. */
function isolatorsText(ids: readonly string[]): string {
  if (ids.length === 1) return `${policyName(ids[0])} no longer isolates`;
  const plain = ids.every((id) => policyName(id) === `NetworkPolicy ${id}`);
  return `${plain ? `NetworkPolicies ${join([...ids])}` : join(ids.map(policyName))} no longer isolate`;
}

/** The `workload-added` reason of a path's why for the end `id` (a workload the change adds), if it has one. */
function addedEnd(why: readonly Reason[], id: string): (Reason & { kind: 'workload-added' }) | undefined {
  return why.find((r): r is Reason & { kind: 'workload-added' } => r.kind === 'workload-added' && r.workload === id);
}

/** The first head line the why cites. */
function responsibleLine(why: readonly Reason[]): SourceRef | undefined {
  const any = why.find((r) => 'ref' in r && (!('side' in r) || r.side === 'head'));
  return any && 'ref' in any ? any.ref : undefined;
}
