/**
 * A Calico rule's EntityRule (`source`, `destination`) → the peers it matches, and the narrowing of the
 * policy's own endpoints it adds; a selector field → its DNF terms with namespace labels placed.
 *
 * From Calico's documentation (docs.tigera.io/calico/latest/reference/resources/networkpolicy: "EntityRule",
 * "Selectors", selector scopes): every criterion of an entity must match. `selector` matches endpoints in the
 * policy's namespace (a NetworkPolicy) or in every namespace (a GlobalNetworkPolicy) unless a
 * `namespaceSelector` names others; `namespaceSelector` alone matches every workload of those namespaces;
 * `notSelector` matches anything (outside the cluster too) but the endpoints its selector matches in scope;
 * with no selector fields an entity matches every packet. `nets` / `notNets` match by address: pod
 * addresses are not in manifests, so they are read as addresses outside the cluster (as Cilium's CIDRs and
 * Kubernetes ipBlocks are). `projectcalico.org/namespace` in a pod selector names the pod's namespace,
 * `projectcalico.org/name` in a namespace selector the namespace's name.
 */
import { AddressSet } from '../../engine/address-set.js';
import { parseCidr } from '../../engine/cidr.js';
import type { LabelSelector, Requirement, SourceRef } from '../../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../../engine/model.js';
import { EVERYTHING } from '../../engine/selectors.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';
import { emptiedAddress } from '../emptied-values.js';
import type { SelectorTerm } from './calico-selector.js';
import { MAX_TERMS, parseCalicoSelector, termSelector, toDnf } from './calico-selector.js';

/**
 * Pods in namespaces matching `namespaces` whose labels match `pods`; or addresses outside the cluster.
 * `written`: the field that holds the pods' own requirements, or the addresses (`ingress[0].source.selector`,
 * `egress[1].destination.nets`), so explain's near misses name the field the user wrote.
 */
export type CalicoPeer =
  | { readonly kind: 'pods'; readonly namespaces: LabelSelector; readonly pods: LabelSelector; readonly ref: SourceRef; readonly written: string }
  | { readonly kind: 'addresses'; readonly block: AddressSet; readonly cidrs: readonly string[]; readonly ref: SourceRef; readonly written: string };

/** One conjunction over a pod's namespace and its own labels (a subject or a pod peer). */
export interface PodTerm {
  readonly namespaces: readonly Requirement[];
  readonly pods: readonly Requirement[];
}

export const POD_NAMESPACE_KEY = 'projectcalico.org/namespace';
export const NAMESPACE_NAME_KEY = 'projectcalico.org/name';

export interface EntityScope {
  readonly ctx: DocContext;
  /** `Kind ns/name`, leading every message. */
  readonly where: string;
  /** The policy's namespace; undefined for a GlobalNetworkPolicy (every namespace). */
  readonly namespace: string | undefined;
}

/** Selector terms of a field, or undefined after an error (reported). `negate`: the field's negation. */
export function selectorTerms(scope: EntityScope, raw: unknown, field: string, ref: SourceRef, role: 'pods' | 'namespaces', negate = false): readonly PodTerm[] | undefined {
  if (raw === undefined || raw === null) return negate ? [] : [{ namespaces: [], pods: [] }];
  if (typeof raw !== 'string') {
    scope.ctx.report('error', 'BAD_SELECTOR', `${scope.where}: ${field}: a Calico selector is a string (e.g. "app == 'web'"), not ${Array.isArray(raw) ? 'a list' : typeof raw}`, ref);
    return undefined;
  }
  const parsed = parseCalicoSelector(raw);
  if (!parsed.ok) {
    scope.ctx.report('error', 'BAD_SELECTOR', `${scope.where}: ${field}: ${quote(raw)}: ${parsed.reason} at column ${parsed.column}`, ref);
    return undefined;
  }
  const dnf = toDnf(negate ? { op: 'not', expr: parsed.selector } : parsed.selector);
  if (dnf.wider.length > 0) {
    scope.ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${field}: ${dnf.wider.join(', ')} has no label selector form; read wider (the key present${negate ? '' : ', or anything where negated'}), so it may match more than the cluster does`, ref);
  }
  if (dnf.global) {
    scope.ctx.report('warning', 'UNSUPPORTED_PEER', `${scope.where}: ${field}: global() selects non-namespaced resources (host endpoints, global network sets), which manifests here do not hold; it matches no pod`, ref);
  }
  return dnf.terms.map((t) => placeTerm(scope, t, role, field, ref));
}

/** A term's requirements split by what they constrain: the namespace's name, or the pod's (or namespace's) labels. */
function placeTerm(scope: EntityScope, term: SelectorTerm, role: 'pods' | 'namespaces', field: string, ref: SourceRef): PodTerm {
  const namespaces: Requirement[] = [];
  const pods: Requirement[] = [];
  for (const r of term) {
    if (role === 'namespaces') namespaces.push(r.key === NAMESPACE_NAME_KEY ? { ...r, key: NAMESPACE_NAME_LABEL } : r);
    else if (r.key === POD_NAMESPACE_KEY) namespaces.push({ ...r, key: NAMESPACE_NAME_LABEL });
    else if (r.key.startsWith('projectcalico.org/')) {
      // projectcalico.org/serviceaccount, /orchestrator …: labels Calico gives endpoints, not in manifests.
      scope.ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${field}: ${quote(r.key)} is a label Calico sets on endpoints, not in manifests; the requirement is not analysed (the selector is read without it)`, ref);
    } else pods.push(r);
  }
  return { namespaces, pods };
}

/** Every combination of one term of each list (AND of two DNFs); beyond MAX_TERMS, undefined. */
export function andTerms(a: readonly PodTerm[], b: readonly PodTerm[]): PodTerm[] | undefined {
  const out: PodTerm[] = [];
  for (const x of a) for (const y of b) out.push({ namespaces: [...x.namespaces, ...y.namespaces], pods: [...x.pods, ...y.pods] });
  return out.length > MAX_TERMS * 4 ? undefined : out;
}

export function requirementsSelector(reqs: readonly Requirement[]): LabelSelector {
  return reqs.length === 0 ? EVERYTHING : termSelector(reqs);
}

/** The namespaces of the policy's scope: its own, or every one. */
export function scopeRequirements(namespace: string | undefined): Requirement[] {
  return namespace === undefined ? [] : [{ key: NAMESPACE_NAME_LABEL, op: 'In', values: [namespace] }];
}

const IDENTITY_FIELDS = ['selector', 'notSelector', 'namespaceSelector', 'serviceAccounts', 'services'];

/**
 * The peer side of a rule (`source` of an ingress rule, `destination` of an egress one): `any` when it
 * names no peer (every pod and every address), else its peers; undefined after an error (reported).
 * `rule`: the rule as a path (`ingress[0]`), leading each peer's `written` field.
 */
export function readPeerEntity(scope: EntityScope, entity: Json | undefined, field: string, ref: SourceRef, rule: string): 'any' | CalicoPeer[] | undefined {
  const { ctx, where } = scope;
  if (!entity) return 'any';
  const given = (k: string) => entity[k] !== undefined && entity[k] !== null;
  const at = (k: string) => ctx.keyRef(entity, k, ref);
  if (![...IDENTITY_FIELDS, 'nets', 'notNets'].some(given)) return 'any';
  for (const k of ['serviceAccounts', 'services']) {
    if (given(k)) {
      const what = k === 'services' ? 'a Service named by the rule (its endpoints, resolved by Calico)' : 'service accounts (pods are matched by the account they run as, which the model does not hold)';
      ctx.report('warning', 'UNSUPPORTED_PEER', `${where}: ${field}.${k}: ${what} is not analysed; this peer matches nothing here`, at(k));
    }
  }
  if (given('serviceAccounts') || given('services')) return [];
  const nets = readNets(scope, entity.nets, `${field}.nets`, at('nets'));
  const notNets = readNets(scope, entity.notNets, `${field}.notNets`, at('notNets'));
  if (nets === undefined || notNets === undefined) return undefined;
  const peers: CalicoPeer[] = [];
  const identity = given('selector') || given('namespaceSelector') || given('notSelector');
  // Addresses: only when no selector names endpoints (a selector matches endpoints, never outside addresses;
  // notSelector alone matches "anywhere" but the endpoints it names).
  if (!given('selector') && !given('namespaceSelector')) {
    const block = (nets ? nets.block : AddressSet.ALL).subtract(notNets?.block ?? AddressSet.NONE);
    const written = `${rule}.${field}.${nets ? 'nets' : given('notSelector') ? 'notSelector' : 'notNets'}`;
    if (!block.isEmpty()) peers.push({ kind: 'addresses', block, cidrs: nets ? nets.cidrs : ['0.0.0.0/0', '::/0'], ref: nets ? at('nets') : ref, written });
  }
  if (nets) {
    // Pod addresses are not in manifests: read outside the cluster, nets never hold a pod.
    if (identity) ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}: ${field}.nets: with a selector, the rule matches pods whose addresses are in these CIDRs; pod addresses are not in manifests, so it matches no pod here`, at('nets'));
    return peers;
  }
  if (notNets && !identity) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}: ${field}.notNets: pod addresses are not in manifests, so notNets excludes addresses outside the cluster only; every pod is read as matching (if the pod network is in these CIDRs, the cluster allows or denies less)`, at('notNets'));
  }
  const pods = peerPodTerms(scope, entity, field, ref);
  if (!pods) return undefined;
  // The pods' own requirements come from `selector` (and `notSelector`, negated); a namespaceSelector's are said by their own field.
  const podField = given('selector') ? 'selector' : given('notSelector') ? 'notSelector' : given('namespaceSelector') ? 'namespaceSelector' : 'notNets';
  const written = `${rule}.${field}.${podField}`;
  for (const t of pods) peers.push({ kind: 'pods', namespaces: requirementsSelector(t.namespaces), pods: requirementsSelector(t.pods), ref: at(given('selector') ? 'selector' : given('namespaceSelector') ? 'namespaceSelector' : given('notSelector') ? 'notSelector' : 'notNets'), written });
  return peers;
}

/** Pod terms of a peer entity with no `nets`: the namespaces in scope × selector × not notSelector. */
function peerPodTerms(scope: EntityScope, entity: Json, field: string, ref: SourceRef): readonly PodTerm[] | undefined {
  const { ctx, namespace } = scope;
  const given = (k: string) => entity[k] !== undefined && entity[k] !== null;
  const at = (k: string) => ctx.keyRef(entity, k, ref);
  const ns = given('namespaceSelector') ? selectorTerms(scope, entity.namespaceSelector, `${field}.namespaceSelector`, at('namespaceSelector'), 'namespaces') : [{ namespaces: scopeRequirements(namespace), pods: [] }];
  const sel = selectorTerms(scope, entity.selector, `${field}.selector`, at('selector'), 'pods');
  const not = given('notSelector') ? selectorTerms(scope, entity.notSelector, `${field}.notSelector`, at('notSelector'), 'pods', true) : [{ namespaces: [], pods: [] }];
  if (!ns || !sel || !not) return undefined;
  const scoped = andTerms(ns, sel);
  const terms = scoped && andTerms(scoped, not);
  if (!terms) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${field}: more than ${MAX_TERMS} alternatives once the selectors are expanded; read as every pod`, ref);
    return [{ namespaces: [], pods: [] }];
  }
  // notSelector alone matches "anywhere" but the endpoints it names in scope: pods of other namespaces too.
  if (!given('selector') && !given('namespaceSelector') && namespace !== undefined) terms.push({ namespaces: [{ key: NAMESPACE_NAME_LABEL, op: 'NotIn', values: [namespace] }], pods: [] });
  return terms;
}

/**
 * The own side of a rule (`destination` of an ingress rule, `source` of an egress one): which of the
 * policy's endpoints the rule applies to, as terms ANDed with the policy's subject; `all` when it narrows
 * nothing. Its address and account fields say nothing manifests hold about a pod: warned, not analysed.
 */
export function readOwnEntity(scope: EntityScope, entity: Json | undefined, field: string, ref: SourceRef): 'all' | readonly PodTerm[] | undefined {
  const { ctx, where } = scope;
  if (!entity) return 'all';
  const given = (k: string) => entity[k] !== undefined && entity[k] !== null;
  const at = (k: string) => ctx.keyRef(entity, k, ref);
  for (const k of ['nets', 'notNets', 'serviceAccounts', 'services', 'namespaceSelector']) {
    if (given(k)) ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}: ${field}.${k}: on the policy's own side this names the selected pods by what manifests do not hold; not analysed (the rule is read without it)`, at(k));
  }
  if (!given('selector') && !given('notSelector')) return 'all';
  const sel = selectorTerms(scope, entity.selector, `${field}.selector`, at('selector'), 'pods');
  const not = given('notSelector') ? selectorTerms(scope, entity.notSelector, `${field}.notSelector`, at('notSelector'), 'pods', true) : [{ namespaces: [], pods: [] }];
  if (!sel || !not) return undefined;
  return andTerms(sel, not) ?? 'all';
}

function readNets(scope: EntityScope, raw: unknown, field: string, ref: SourceRef): { block: AddressSet; cidrs: string[] } | null | undefined {
  if (raw === undefined || raw === null) return null;
  const list = asArray(raw);
  if (!list) {
    scope.ctx.report('error', 'INVALID_FIELD', `${scope.where}: ${field} must be a list of CIDRs`, ref);
    return undefined;
  }
  let block = AddressSet.NONE;
  const cidrs: string[] = [];
  for (const [i, c] of list.entries()) {
    const parsed = parseCidr(String(c));
    // A CIDR Flux's substitution emptied (emptied-values.ts): left out of the set, with a warning.
    if (!parsed.ok && emptiedAddress(scope.ctx, list, i, c, `${scope.where}: ${field}[${i}]`, `it is left out of ${field} (its addresses are not analysed)`, scope.ctx.itemRef(list, i, ref))) continue;
    if (!parsed.ok) {
      scope.ctx.report('error', 'INVALID_CIDR', `${scope.where}: ${field}: ${quote(c)} ${parsed.reason}`, ref);
      return undefined;
    }
    block = block.union(parsed.set);
    cidrs.push(String(c));
  }
  return { block, cidrs };
}

export { isObject };
