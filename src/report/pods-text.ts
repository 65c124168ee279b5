/**
 * Pods the manifests do not hold, named for a reviewer in text and Markdown. The JSON keeps the contract's
 * ids (OUTPUT-CONTRACT "Abstract peers"); a text name holds the same pods, or says that it is a summary.
 *
 * - Requirements that hold pods (`k=v`, `k In (a,b)`, `k Exists`) come first, then those that exclude
 *   (`k NotIn (a)`, `k DoesNotExist`); a name written this way is still an id `diff --explain` reads.
 * - Past `SELECTOR_CHARS` characters, the excluding requirements that do not fit are counted, not written:
 *   `longhorn-system/[pod with {app=longhorn-ui,longhorn.io/admission-webhook=longhorn-admission-webhook} +4 exclusions]`.
 *   The count marks a summary: the name without them holds more pods than the region. A `NotIn` of many
 *   values that does not fit whole is written by its first values, when every such one fits so (a summary too):
 *   `default/[pod with {app NotIn (adservice,cartservice and 10 more)}]`.
 * - Pods chosen by 3 or more labels that take more than 100 characters are named by the label that names the
 *   application, the others counted: `monitoring/[pod with {app.kubernetes.io/name=alertmanager} +3 labels]`
 *   (a summary: the name holds more pods than the region; Markdown lists the full name, the JSON keeps it).
 *   In a report, the labels that tell it from pods whose names would read alike are written too (Telling).
 * - A namespace chosen by its name label reads by name: `[namespace other than ingress-nginx, longhorn-system]`
 *   for `{kubernetes.io/metadata.name NotIn (ingress-nginx,longhorn-system)}`, `[namespace dns with {team=x}]`
 *   for a namespace called dns when it carries team=x (its labels are not in the manifests).
 * - An exception in the peer's namespace part reads by the requirements it adds: `(except those with
 *   {longhorn.io/managed-by=longhorn-manager})`; the peer's pods that meet them are the exception's pods
 *   (P ∩ E is P with E's requirements that P lacks, whatever they are).
 *
 * Sources of semantics: Kubernetes label selectors (`NotIn` and `DoesNotExist` hold pods without the key).
 */
import type { AbstractPeer, LabelSelector, PeerRef, Requirement } from '../engine/index.js';
import { AddressSet, abstractPeer, parseRange, peerId } from '../engine/index.js';
import { addressText } from './peer-label.js';
import { plural } from '../util/plural.js';
import { EXCEPTIONS_NAMED, NAMESPACE_NAME_LABEL, labelText, labelValuesText, requirements } from '../engine/index.js';
import { looksAbstract, parseAbstractPeer } from '../analysis/abstract-peer-id.js';
import type { PeerLabel } from './peer-label.js';
import { firstAndMore } from '../util/and-list.js';
import { mergedExceptions } from './merged-exceptions.js';

/** Characters of a selector's text (inside the braces) past which excluding requirements are counted instead of written. */
export const SELECTOR_CHARS = 120;

/** Namespace names written in a name-label requirement before the rest are counted. */
const NAMESPACES_NAMED = 3;

/**
 * Per report, what a name writes besides its short form, by peer id, so that it tells its pods from others of the
 * report whose names would read alike (telling-names.ts): keys of requirements written in full, the pod selector's
 * as `reqKey` (a label beside the one a name by one label writes, an exclusion it would count), the namespace
 * selector's as `namespaceKey` (names of a namespace it would cut); by a pods end's id with exceptions
 * (`P (except E1, E2)`), EVERY_EXCEPTION: its exceptions all named, each whole.
 */
export type Telling = ReadonlyMap<string, ReadonlySet<string>>;

/** A namespace selector's requirement as a Telling holds it (apart from the pod selector's). */
export const namespaceKey = (r: Requirement) => `namespace\u0002${reqKey(r)}`;

/** In a Telling, for a pods end's id with exceptions: every exception named, in full. */
export const EVERY_EXCEPTION = '\u0003every exception';

/** An abstract peer (no exceptions) as text and Markdown name it; `telling`: the report's (see Telling). */
export function podsText(peer: AbstractPeer, telling?: Telling): string {
  const extra = telling?.get(peer.id);
  if (extra !== undefined) {
    const told = toldBy.get(telling!) ?? toldBy.set(telling!, new Map()).get(telling!)!;
    let text = told.get(peer.id);
    if (text === undefined) told.set(peer.id, (text = buildPodsText(peer, extra)));
    return text;
  }
  let text = said.get(peer);
  if (text === undefined) said.set(peer, (text = buildPodsText(peer)));
  return text;
}

/** Names already written, per peer object (a report names the ends of thousands of pairs; peers never change). */
const said = new WeakMap<AbstractPeer, string>();
/** The same for names that write a report's telling labels, per report's Telling and peer id. */
const toldBy = new WeakMap<Telling, Map<string, string>>();

/** `extra`: the keys of the requirements written in full (Telling); `full`: every requirement so, nothing counted or cut. */
function buildPodsText(peer: AbstractPeer, extra?: ReadonlySet<string>, full = false): string {
  if (peer.id === 'entire-cluster') return peer.id;
  const podReqs = requirements(peer.podSelector);
  const pods = selectorPart(podReqs, 'pod', whole(podReqs, reqKey, extra, full));
  if (peer.namespace !== undefined) return `${peer.namespace}/${pods}`;
  const nsReqs = requirements(peer.namespaceSelector ?? EMPTY);
  return `${namespacePart(nsReqs, whole(nsReqs, namespaceKey, extra, full))}/${pods}`;
}

/** Of `reqs`, those a name writes in full: their keys (by `key`) in `extra`; all of them when `full`. */
function whole(reqs: readonly Requirement[], key: (r: Requirement) => string, extra: ReadonlySet<string> | undefined, full: boolean): ReadonlySet<Requirement> | undefined {
  if (full) return new Set(reqs);
  if (extra === undefined) return undefined;
  const out = reqs.filter((r) => extra.has(key(r)));
  return out.length ? new Set(out) : undefined;
}

/** An abstract peer with every requirement written (no count, no cut): ends told apart only so (telling-names.ts). */
const fullPodsText = (peer: AbstractPeer) => buildPodsText(peer, undefined, true);

/**
 * `peer` less `except` as text and Markdown name it: `P (except those with {X} or {Y}, ns/[all pods])`; past
 * EXCEPTIONS_NAMED exceptions, one fewer and a count (the JSON lists them all).
 */
export function podsExceptText(peer: AbstractPeer, except: readonly AbstractPeer[], telling?: Telling): string {
  const own = podsText(peer, telling);
  if (except.length === 0) return own;
  // Ends alike in a report but for what their exceptions count or cut: every exception named, in full (telling-names.ts).
  const full = telling?.get(peerId({ type: 'pods', peer, except }))?.has(EVERY_EXCEPTION) === true;
  const cap = full ? Infinity : EXCEPTIONS_NAMED;
  const inBraces = full ? (reqs: readonly Requirement[]) => braces(reqs, Infinity) : (reqs: readonly Requirement[]) => braces(reqs);
  const merged = relativeExceptions(peer, except);
  const left = (merged && complementText(peer, merged, full)) ?? namespacesLeftOutText(peer, except, full);
  if (left) return left;
  if (merged) {
    // Every exception in the peer's namespace part: named by the requirements they add, in their fewest terms.
    const named = merged.length <= cap ? merged : merged.slice(0, cap - 1);
    const more = merged.length - named.length;
    return `${own} (except those with ${named.map(inBraces).join(' or ')}${more > 0 ? ` and ${more} more` : ''})`;
  }
  const named = except.length <= cap ? except : except.slice(0, cap - 1);
  const relative: string[] = [];
  const whole: string[] = [];
  for (const e of named) {
    const extra = extraRequirements(peer, e);
    if (extra) relative.push(inBraces(extra));
    else whole.push(full ? fullPodsText(e) : podsText(e, telling));
  }
  const parts = [...(relative.length ? [`those with ${relative.join(' or ')}`] : []), ...whole];
  const more = except.length - named.length;
  return `${own} (except ${parts.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}

/**
 * The requirements each exception adds to `peer`, merged into their fewest terms (merged-exceptions.ts), when
 * every exception chooses its namespace as `peer` does; else undefined. Never an empty set (an exception as
 * wide as the peer): then undefined too, and the exceptions are named as written.
 */
function relativeExceptions(peer: AbstractPeer, except: readonly AbstractPeer[]): readonly (readonly Requirement[])[] | undefined {
  const sets: Requirement[][] = [];
  for (const e of except) {
    const extra = extraRequirements(peer, e);
    if (!extra) return undefined;
    sets.push(extra);
  }
  const merged = mergedExceptions(sets);
  return merged.some((m) => m.length === 0) ? undefined : merged;
}

/**
 * `peer` less exceptions that each add one excluding requirement (`k NotIn (a)`, `k DoesNotExist`) is
 * `peer` with their complements (`k In (a)`, `k Exists`), and is named so: `team-b/[pod with {app=web}]`,
 * not `team-b/[all pods] (except those with {app NotIn (web)})`, a double negative (new-user trial 39).
 * Exact, as Kubernetes selectors go: a pod meets `NotIn` unless it carries the key with one of the
 * values, so the pods `NotIn` leaves out are those `In` holds. `except`: the requirements each exception
 * adds, merged (relativeExceptions). Undefined for any other exception.
 */
function complementText(peer: AbstractPeer, except: readonly (readonly Requirement[])[], full = false): string | undefined {
  const added: Requirement[] = [];
  for (const extra of except) {
    if (extra.length !== 1) return undefined;
    const [r] = extra;
    if (r.op === 'NotIn') added.push({ key: r.key, op: 'In', values: r.values });
    else if (r.op === 'DoesNotExist') added.push({ key: r.key, op: 'Exists', values: [] });
    else return undefined;
  }
  const pods: LabelSelector = { matchLabels: peer.podSelector.matchLabels, expressions: [...peer.podSelector.expressions, ...added] };
  const named = abstractPeer(peer.namespace ?? peer.namespaceSelector ?? EMPTY, pods);
  return full ? fullPodsText(named) : podsText(named);
}

/**
 * `peer` less whole namespaces (exceptions by name that hold every pod of `peer` there: their pod requirements
 * are among its own) is `peer` in the other namespaces; when what it leaves out besides reads as the pods left
 * (complementText), `peer` is named so: `[namespace with {team=backend} other than api]/[pod with {app=orders}]`,
 * not `[namespace with {team=backend}]/[all pods] (except [namespace with {team=backend} other than
 * api]/[pod with {app NotIn (orders)}], api/[all pods])`, a double negative (new-user trial 45, c4). The other
 * exceptions choose their namespace as `peer` does, or as `peer` does less those names (their pods in the names
 * left out are left out anyway). Exact: the names join a `kubernetes.io/metadata.name NotIn` requirement of the
 * namespace part. Undefined for any other exceptions, for a peer in one namespace by name, and when no
 * exception but whole namespaces is left out (`(except api/[all pods])` reads as it is).
 */
function namespacesLeftOutText(peer: AbstractPeer, except: readonly AbstractPeer[], full = false): string | undefined {
  if (peer.namespace !== undefined) return undefined;
  const own = new Set(requirements(peer.podSelector).map(reqKey));
  const whole = except.filter((e) => e.namespace !== undefined && requirements(e.podSelector).every((r) => own.has(reqKey(r))));
  const rest = except.filter((e) => !whole.includes(e));
  if (whole.length === 0 || rest.length === 0) return undefined;
  const nsSelector = peer.namespaceSelector ?? EMPTY;
  const reqs = requirements(nsSelector);
  if (reqs.some((r) => r.key === NAMESPACE_NAME_LABEL && r.op !== 'NotIn')) return undefined;
  const before = reqs.filter((r) => r.key === NAMESPACE_NAME_LABEL).flatMap((r) => r.values);
  const names = [...new Set([...before, ...whole.map((e) => e.namespace!)])].sort();
  const expressions = [...nsSelector.expressions.filter((r) => r.key !== NAMESPACE_NAME_LABEL), { key: NAMESPACE_NAME_LABEL, op: 'NotIn' as const, values: names }];
  const inOthers = abstractPeer({ matchLabels: nsSelector.matchLabels, expressions }, peer.podSelector);
  const narrowed: AbstractPeer[] = [];
  for (const e of rest) {
    if (e.namespace !== undefined) return undefined;
    if (namespaceText(e) === namespaceText(inOthers)) narrowed.push(e);
    else if (namespaceText(e) === namespaceText(peer)) narrowed.push(abstractPeer(inOthers.namespaceSelector!, e.podSelector));
    else return undefined;
  }
  const merged = relativeExceptions(inOthers, narrowed);
  return merged && complementText(inOthers, merged, full);
}

/**
 * The requirements of `e` that `peer` lacks, when both choose their namespace the same way (then `peer`'s
 * pods that meet them are exactly its pods in `e`: both meet every requirement of the two); else undefined.
 * Never empty (an exception as wide as the peer reads by its own name).
 */
export function extraRequirements(peer: AbstractPeer, e: AbstractPeer): Requirement[] | undefined {
  const sameNamespace = peer.namespace !== undefined ? e.namespace === peer.namespace : e.namespace === undefined && namespaceText(peer) === namespaceText(e);
  if (!sameNamespace) return undefined;
  const own = new Set(requirements(peer.podSelector).map(reqKey));
  const extra = requirements(e.podSelector).filter((r) => !own.has(reqKey(r)));
  return extra.length ? extra : undefined;
}

const EMPTY: LabelSelector = { matchLabels: {}, expressions: [] };

export const reqKey = (r: Requirement) => `${r.key}\u0000${r.op}\u0000${r.values.join('\u0000')}`;

const namespaceText = (p: AbstractPeer) => requirements(p.namespaceSelector ?? EMPTY).map(reqKey).join('\u0001');

/**
 * `[all pods]`, `[pod with {…}]`, `[all pods +2 exclusions]` (`what` is `pod` or `namespace`); `whole`: requirements
 * written in full besides the short form, neither counted nor cut (Telling).
 */
function selectorPart(reqs: readonly Requirement[], what: 'pod' | 'namespace', whole?: ReadonlySet<Requirement>): string {
  if (reqs.length === 0) return what === 'pod' ? '[all pods]' : '[all namespaces]';
  const named = what === 'pod' && whole?.size !== reqs.length ? namingRequirement(reqs) : undefined;
  const short = named ? namedWith(reqs, named) : undefined;
  // The labels that tell it from names alike in the report, besides; the room for the rest as without them.
  const telling = short && whole ? reqs.filter((r) => !short.has(r) && holds(r) && whole.has(r)) : [];
  const shown = short && telling.length ? new Set([...short, ...telling]) : short;
  const written = shown ? reqs.filter((r) => shown.has(r) || !holds(r)) : reqs;
  const counted = shown ? reqs.filter(holds).length - shown.size : 0;
  const labels = counted > 0 ? ` +${plural(counted, 'label')}` : '';
  const { text, omitted } = shortSelectorText(written, SELECTOR_CHARS + telling.reduce((n, r) => n + peerRequirementText(r).length + 1, 0), whole);
  if (omitted === 0) return `[${what} with ${text}${labels}]`;
  return text === '{}' ? `[all ${what}s ${exclusions(omitted)}]` : `[${what} with ${text}${labels} ${exclusions(omitted)}]`;
}

/**
 * Pods chosen by many long labels (an operator's pods, chosen by the 4 recommended labels: 220 characters in
 * a headline, new-user trial 46 #5) are named by the one that names the application, the others counted:
 * `monitoring/[pod with {app.kubernetes.io/name=alertmanager} +3 labels]`, a summary (isSummaryName) whose
 * full name Markdown gives below and the JSON keeps. That requirement: the first, in key order, of a key
 * whose last part is `name`, then `app`, `k8s-app`, `component`; else the first in key order. Undefined (every
 * label written) for fewer than NAMING_LABELS holding requirements or when they fit in NAMING_CHARS.
 */
function namingRequirement(reqs: readonly Requirement[]): Requirement | undefined {
  const held = reqs.filter(holds).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (held.length < NAMING_LABELS || held.map(peerRequirementText).join(',').length <= NAMING_CHARS) return undefined;
  const last = (r: Requirement) => r.key.slice(r.key.lastIndexOf('/') + 1);
  for (const k of NAMING_KEYS) {
    const r = held.find((x) => x.op === 'In' && last(x) === k);
    if (r) return r;
  }
  return held[0];
}

/**
 * The holding requirements a name by `named` writes: it, then the others shortest first while they fit in
 * NAMED_CHARS with it. A short label beside an operator's long ones is most often what another selector of the
 * manifests chose the pods by, the one that tells two regions apart: `{app=grafana,app.kubernetes.io/name=x}
 * +3 labels` beside `{app.kubernetes.io/name=x,app NotIn (grafana)} +3 labels`, not `{…name=x} +4 labels`
 * (new-user trial 46b, finding 2).
 */
function namedWith(reqs: readonly Requirement[], named: Requirement): ReadonlySet<Requirement> {
  const shown = new Set([named]);
  let length = peerRequirementText(named).length;
  const others = reqs.filter((r) => r !== named && holds(r)).map((r) => ({ r, text: peerRequirementText(r) }));
  for (const { r, text } of others.sort((a, b) => a.text.length - b.text.length || (a.text < b.text ? -1 : 1))) {
    if (length + 1 + text.length > NAMED_CHARS) break;
    shown.add(r);
    length += 1 + text.length;
  }
  return shown;
}

/** Characters the holding requirements of a name by one (namedWith) may take. */
const NAMED_CHARS = 60;

/** Holding requirements from which a long selector is named by one (namingRequirement). */
const NAMING_LABELS = 3;
/** Characters of the holding requirements (joined) past which namingRequirement names by one. */
const NAMING_CHARS = 100;
/** Label keys' last parts that name an application, most telling first (Kubernetes' recommended labels, `app`, `k8s-app`). */
const NAMING_KEYS = ['name', 'app', 'k8s-app', 'component'];

/**
 * The namespace part of a peer chosen by labels, its name label read as names: `[namespace a or b with
 * {team=x}]`, `[namespace other than a, b]`, `[namespace with {team=x} other than a, b, c and 4 more]`.
 */
function namespacePart(reqs: readonly Requirement[], whole?: ReadonlySet<Requirement>): string {
  const byName = reqs.filter((r) => r.key === NAMESPACE_NAME_LABEL && (r.op === 'In' || r.op === 'NotIn'));
  if (byName.length !== 1) return selectorPart(reqs, 'namespace', whole);
  const [name] = byName;
  const rest = reqs.filter((r) => r !== name);
  const { text, omitted } = rest.length ? shortSelectorText(rest, SELECTOR_CHARS, whole) : { text: '', omitted: 0 };
  const withRest = rest.length ? ` with ${text}${omitted ? ` ${exclusions(omitted)}` : ''}` : '';
  if (name.op === 'In') return `[namespace ${orList(name.values)}${withRest}]`;
  return `[namespace${withRest} other than ${whole?.has(name) ? name.values.map((x) => labelValuesText([x])).join(', ') : namesList(name.values)}]`;
}

/** `a`, `a or b`, `a, b or c` (every name: an `In` list is what the namespace may be). */
function orList(values: readonly string[]): string {
  const v = values.map((x) => labelValuesText([x]));
  return v.length <= 1 ? v.join('') : `${v.slice(0, -1).join(', ')} or ${v[v.length - 1]}`;
}

/** `a, b`; past NAMESPACES_NAMED names, the first ones and a count: `a, b, c and 4 more`. */
function namesList(values: readonly string[]): string {
  const v = values.map((x) => labelValuesText([x]));
  return firstAndMore(v, NAMESPACES_NAMED);
}

const exclusions = (n: number) => `+${plural(n, 'exclusion')}`;

/** One requirement as the peer notation writes it (`k=v` for one value). */
export function peerRequirementText(r: Requirement): string {
  switch (r.op) {
    case 'In':
      return r.values.length === 1 ? labelText(r.key, r.values[0]) : `${r.key} In (${labelValuesText(r.values)})`;
    case 'NotIn':
      return `${r.key} NotIn (${labelValuesText(r.values)})`;
    case 'Exists':
    case 'DoesNotExist':
      return `${r.key} ${r.op}`;
  }
}

export const holds = (r: Requirement) => r.op === 'In' || r.op === 'Exists';

/**
 * `{…}`: requirements that hold pods first, by key, then those that exclude, by key; past `room` (SELECTOR_CHARS),
 * the excluding ones that do not fit (shortest written first) are `omitted`, counted by the caller. Those in `whole`
 * (Telling) are written in full whatever the room, and take none of it.
 */
export function shortSelectorText(reqs: readonly Requirement[], room = SELECTOR_CHARS, whole?: ReadonlySet<Requirement>): { readonly text: string; readonly omitted: number } {
  const byKey = (a: Requirement, b: Requirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const positive = reqs.filter(holds).sort(byKey).map(peerRequirementText);
  const negative = reqs.filter((r) => !holds(r)).sort(byKey);
  const forced = whole ? negative.filter((r) => whole.has(r)) : [];
  room += forced.reduce((n, r) => n + peerRequirementText(r).length + 1, 0);
  const all = [...positive, ...negative.map(peerRequirementText)].join(',');
  if (all.length <= room || negative.length === 0) return { text: `{${all}}`, omitted: 0 };
  // The excluding requirements that fit, shortest first, written in key order.
  let length = [...positive, ...forced.map(peerRequirementText)].join(',').length;
  const kept = new Set<Requirement>(forced);
  for (const r of [...negative].sort((a, b) => peerRequirementText(a).length - peerRequirementText(b).length || byKey(a, b))) {
    if (kept.has(r)) continue;
    const more = peerRequirementText(r).length + (length > 0 ? 1 : 0);
    if (length + more > room) break;
    kept.add(r);
    length += more;
  }
  // A `NotIn` too long to write whole still says which exclusion it is, by its key and first values
  // (`app NotIn (adservice,cartservice and 10 more)`, new-user trial 45, finding 5), when every one left
  // fits so: a name half written, half counted would say little more than the count.
  const written = new Map<Requirement, string>([...kept].map((r) => [r, peerRequirementText(r)]));
  for (const r of [...negative].sort(byKey)) {
    if (written.has(r)) continue;
    const short = r.op === 'NotIn' ? shortNotIn(r, room - length - (length > 0 ? 1 : 0)) : undefined;
    if (short === undefined) {
      written.clear();
      for (const k of kept) written.set(k, peerRequirementText(k));
      break;
    }
    written.set(r, short);
    length += short.length + (length > 0 ? 1 : 0);
  }
  const shown = [...positive, ...negative.flatMap((r) => written.get(r) ?? [])].join(',');
  return { text: `{${shown}}`, omitted: negative.length - written.size };
}

/** `k NotIn (a,b and 9 more)`: the most first values that fit in `room` characters, at least one; undefined when none fits. */
function shortNotIn(r: Requirement, room: number): string | undefined {
  for (let n = r.values.length - 1; n >= 1; n--) {
    const text = `${r.key} NotIn (${labelValuesText(r.values.slice(0, n))} and ${r.values.length - n} more)`;
    if (text.length <= room) return text;
  }
  return undefined;
}

function braces(reqs: readonly Requirement[], room = SELECTOR_CHARS): string {
  const { text, omitted } = shortSelectorText(reqs, room);
  return omitted ? `${text} ${exclusions(omitted)}` : text;
}

/**
 * A peer id as the diff's reasons and groups carry it (`P`, or `P (except E1, E2)` as `peerId` writes it)
 * in text and Markdown: pods the manifests do not hold by `podsExceptText`; anything else (a workload, an
 * address range, an id that does not read back) unchanged.
 */
export function idText(id: string, telling?: Telling): string {
  const addresses = rangesId(id);
  if (addresses) return addressText(addresses);
  if (!looksAbstract(id)) return id;
  const at = id.indexOf(' (except ');
  const own = parseAbstractPeer(at < 0 ? id : id.slice(0, at));
  if (!own.ok) return id;
  if (at < 0) return podsText(own.peer, telling);
  if (!id.endsWith(')')) return id;
  // Ids never hold ", " (selectors join with ","): the exceptions split there.
  const parsed = id.slice(at + ' (except '.length, -1).split(', ').map(parseAbstractPeer);
  const except = parsed.flatMap((e) => (e.ok ? [e.peer] : []));
  return except.length === parsed.length ? podsExceptText(own.peer, except, telling) : id;
}

/**
 * The addresses of an external peer's id (`peerId`: its `first-last` ranges joined by commas), undefined for
 * any other id. The grouped summary keys its groups by id: without this, a group of every address read
 * `0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` where every other line says `0.0.0.0/0, ::/0`.
 */
function rangesId(id: string): AddressSet | undefined {
  if (!/^[0-9a-fA-F.:]+-[0-9a-fA-F.:]+(,[0-9a-fA-F.:]+-[0-9a-fA-F.:]+)*$/.test(id)) return undefined;
  let set = AddressSet.NONE;
  for (const range of id.split(',')) {
    const part = parseRange(range);
    if (!part) return undefined;
    set = set.union(part);
  }
  return set;
}

/**
 * `label`, but pods the manifests do not hold as `podsExceptText` names them (diff text, Markdown and check
 * run; explain and list keep ids); `seen`, when given, hears each such name with its peer.
 */
export function withPodsText(label: PeerLabel, seen?: (text: string, p: PeerRef) => void, telling?: Telling): PeerLabel {
  return (p) => {
    if (p.type !== 'pods') return label(p);
    const text = podsExceptText(p.peer, p.except ?? [], telling);
    seen?.(text, p);
    return text;
  };
}

/**
 * Whether a name from this module counts what it does not write (`+3 exclusions`, `+3 labels`, `and 4 more`): label keys
 * and values hold no spaces, so an exact name never reads so.
 */
export function isSummaryName(text: string): boolean {
  return / \+\d+ (exclusions?|labels?)\b| and \d+ more\b/.test(text);
}
