/**
 * Findings one line makes in several namespaces of one cluster model, told once. A Helm chart's template that two
 * Argo CD Applications render into namespaces shop-dev and shop-prod (or a kustomize base two overlays deploy
 * to one cluster) yields the same finding at the same `file:line` for `shop-dev/api` and `shop-prod/api`: the
 * report listed it per namespace (new-user trial 37: PERMISSIVE_RULE told twice for one template line). Findings
 * are copies when their code, severity, line, newness and subject's name (its namespace aside) are the same and
 * their message and fix read the same once their own subject (and its namespace) is left out; the first is kept, its message saying the others
 * (*Same for shop-prod/api, made from the same line.*), and `alsoFor` naming them. Findings naming workloads
 * beyond their subject (CROSS_NAMESPACE_PATH's `sources`/`destinations`) are kept as they are. Pure.
 */
import type { Finding } from './types.js';
import { andList } from '../util/and-list.js';
import { sentence } from '../util/sentence.js';
import { escapeRegExp } from '../util/reg-exp.js';

/** `findings` with the copies of each (same line, same text but for the subject) folded into the first, in order. */
export function oncePerLine<F extends Finding>(findings: readonly F[]): F[] {
  // Copies share a position first: the texts (a regular expression each) are compared only among findings
  // of one line and name, a few of the thousands a large repository has.
  const atLine = new Map<string, number>();
  const places = findings.map((f) => {
    const place = placeKey(f);
    if (place !== undefined) atLine.set(place, (atLine.get(place) ?? 0) + 1);
    return place;
  });
  const groups = new Map<string, F[]>();
  const keyed = findings.map((f, i) => {
    const place = places[i];
    if (place === undefined || atLine.get(place) === 1) return undefined;
    const key = `${place}\u0000${textKey(f)}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(f);
    return key;
  });
  return findings.flatMap((f, i) => {
    const key = keyed[i];
    const group = key === undefined ? undefined : groups.get(key)!;
    if (!group || group.length === 1) return [f];
    if (group[0] !== f) return [];
    const others = [...new Set(group.slice(1).map((g) => g.subject))].filter((s) => s !== f.subject);
    if (others.length === 0) return [f];
    return [{ ...f, message: `${sentence(f.message)} Same for ${andList(others)}, made from the same line.`, alsoFor: others }];
  });
}

/** Where copies are: code, severity, position, newness and the subject's name (its namespace aside); undefined for findings never folded. */
function placeKey(f: Finding): string | undefined {
  if (f.sources !== undefined || f.destinations !== undefined || f.assumedPlacement !== undefined) return undefined;
  const slash = f.subject.indexOf('/');
  // A cluster-scoped policy's copies per namespace are one policy, told as such elsewhere (report/ copies grouping).
  if (slash <= 0 || CLUSTER_COPY.test(f.subject)) return undefined;
  const isNew = 'new' in f ? String((f as { new: unknown }).new) : '';
  // The same object in another namespace (`shop-prod/api` of `shop-dev/api`): two workloads one policy line selects are no copies.
  return [f.code, f.severity, f.ref.file, String(f.ref.line), isNew, f.subject.slice(slash + 1)].join('\u0000');
}

/** What copies at one place share besides: message and fix with the subject and its namespace left out (`placeKey` defined). */
function textKey(f: Finding): string {
  const ns = f.subject.slice(0, f.subject.indexOf('/'));
  const bare = (text: string) => text.split(f.subject).join('\u0001').replace(new RegExp(`(^|[^a-z0-9.-])${escapeRegExp(ns)}(?![a-z0-9-])`, 'g'), '$1\u0002');
  return `${bare(f.message)}\u0000${bare(f.fix)}`;
}

/** A subject that is a cluster-scoped policy's copy in one namespace (engine/policy-terms.ts scopedPolicyId). */
const CLUSTER_COPY = /\[(CiliumClusterwideNetworkPolicy|CalicoGlobalNetworkPolicy)\]/;

