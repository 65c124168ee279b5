/**
 * The rules of a Cilium spec (`ingress`, `egress`, `ingressDeny`, `egressDeny`) and their L3 peers
 * (Cilium's policy API: ingress.go / egress.go `IngressCommonRule`, `EgressCommonRule`; entity.go; docs
 * "Layer 3 Examples"). Their ports: cilium-ports.ts; endpoint selectors: cilium-selector.ts.
 */
import { AddressSet } from '../../engine/address-set.js';
import { parseCidr } from '../../engine/cidr.js';
import type { Direction, SourceRef } from '../../engine/model.js';
import { EVERYTHING } from '../../engine/selectors.js';
import { CILIUM_PEER_FIELDS } from '../../engine/policy-terms.js';
import type { Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';
import { emptiedAddress } from '../emptied-values.js';
import { readToPorts } from './cilium-ports.js';
import type { CPeer, CRule, Scope } from './cilium-scope.js';
import { invalid } from './cilium-scope.js';
import { CILIUM_CIDR_RULE, CILIUM_RULE, DENY_HINTS, ruleReading, warnUnknownFields } from './cilium-fields.js';
import { readEndpointSelector } from './cilium-selector.js';
import type { CidrGroupUse } from './cilium-cidr-group.js';
import { readSelector } from './selector.js';

const PEER_FIELDS: Record<Direction, { endpoints: string; cidr: string; cidrSet: string; entities: string; requires: string; unknowable: readonly string[] }> = {
  ingress: { ...CILIUM_PEER_FIELDS.ingress, requires: 'fromRequires', unknowable: ['fromNodes', 'fromGroups'] },
  egress: { ...CILIUM_PEER_FIELDS.egress, requires: 'toRequires', unknowable: ['toNodes', 'toGroups', 'toServices', 'toFQDNs'] },
};

/** Entities manifests say nothing about (nodes, the API server, Cilium's own endpoints). */
const UNKNOWABLE_ENTITIES = new Set(['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged']);

/** The rules of one list (`ingress`, `egressDeny` …) of a spec; undefined when one is invalid (reported). */
export function readRules(scope: Scope, spec: Json, direction: Direction, isDeny: boolean, label: string, specRef: SourceRef): CRule[] | undefined {
  const { ctx } = scope;
  const field = isDeny ? `${direction}Deny` : direction;
  const raw = spec[field];
  if (raw === undefined || raw === null) return [];
  const list = asArray(raw);
  if (!list) return invalid(scope, `${label}.${field} must be a list`, ctx.keyRef(spec, field, specRef));
  const listRef = ctx.ref(list, ctx.keyRef(spec, field, specRef));
  if (list.length === 0 && !isDeny) warnEmptyList(scope, spec, direction, label, listRef);
  const rules: CRule[] = [];
  for (const [i, r] of list.entries()) {
    const ref = ctx.itemRef(list, i, listRef);
    const where = `${scope.where}: ${label}.${field}[${i}]`;
    if (r === null || (isObject(r) && Object.keys(r).length === 0)) {
      // `{}`: no peer and no port, so it allows (or denies) nothing; it still puts the pods in default deny
      // that way ("Ingress/Egress Default Deny": `egress: [{}]` isolates "without whitelisting other peers").
      rules.push({ peers: [], ports: 'any', ref });
      continue;
    }
    if (!isObject(r)) return invalid(scope, `${label}.${field}[${i}] must be a map`, ref);
    const auth = isObject(r.authentication) ? r.authentication.mode : undefined;
    if (!isDeny && auth !== undefined && auth !== null && auth !== 'disabled') {
      // Mutual authentication (Cilium "Mutual Authentication"): traffic the rule allows is dropped until the handshake succeeds.
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.authentication: mutual authentication (mode ${quote(auth)}) is not analysed; the rule is read as allowing without it (the cluster may allow less)`, ctx.keyRef(r, 'authentication', ref));
    }
    const peers = readPeers(scope, r, direction, where, ref);
    const ports = readToPorts(scope, r, direction, isDeny, where, ref);
    if (peers === undefined || ports === undefined) return undefined;
    const host = direction === 'egress' && !isDeny ? hostEntity(scope, r, ref) : undefined;
    const rule: CRule = { peers, ports, ref, ...(host ? { hostEntity: host } : {}) };
    // Said after reading, with what the rule became without the field (cilium-fields.ts).
    warnUnknownFields(scope, r, CILIUM_RULE[direction][isDeny ? 'deny' : 'allow'], `${label}.${field}[${i}]`, ref, isDeny ? DENY_HINTS : {}, ruleReading(rule, isDeny));
    rules.push(rule);
  }
  return rules;
}

/**
 * `ingress: []` / `egress: []` written alone that way: Cilium puts pods in default deny for a direction only
 * when a list of it holds a rule (its policy repository: `len(r.Ingress) > 0 || len(r.IngressDeny) > 0`), so
 * the empty list isolates nothing and allows nothing, though it reads like NetworkPolicy's deny-all (real-eval
 * 24: a CiliumNetworkPolicy whose comment meant "no egress at all" wrote `egress: []`, and the diff said only
 * "No change"). Said at the field's line unless the spec has deny rules that way (which do isolate), with the
 * form Cilium documents for deny-all; `enableDefaultDeny` does not make an empty list apply.
 */
function warnEmptyList(scope: Scope, spec: Json, direction: Direction, label: string, ref: SourceRef): void {
  const deny = asArray(spec[`${direction}Deny`]);
  if (deny && deny.length > 0) return;
  scope.ctx.report(
    'warning',
    'MISSING_FIELD',
    `${scope.where}: ${label}.${direction} is an empty list, which Cilium ignores: it puts no pod in default deny for ${direction} and allows nothing (to deny all ${direction}, write \`${direction}: [{}]\`)`,
    ref,
  );
}

/** The `toEntities` item `host` of an egress rule, at its line (read as matching nothing: readPeers); undefined when none. */
function hostEntity(scope: Scope, r: Json, ref: SourceRef): { ref: SourceRef } | undefined {
  const field = PEER_FIELDS.egress.entities;
  const list = asArray(r[field]);
  const i = list ? list.findIndex((e) => e === 'host') : -1;
  if (!list || i < 0) return undefined;
  return { ref: scope.ctx.itemRef(list, i, scope.ctx.ref(list, scope.ctx.keyRef(r, field, ref))) };
}

function readPeers(scope: Scope, r: Json, direction: Direction, where: string, ref: SourceRef): CRule['peers'] | undefined {
  const { ctx } = scope;
  const f = PEER_FIELDS[direction];
  const given = (k: string) => r[k] !== undefined && r[k] !== null;
  for (const k of f.unknowable) {
    if (given(k)) ctx.report('warning', 'UNSUPPORTED_PEER', `${where}.${k}: ${unknowableWhy(k)}; this peer is not analysed (it matches nothing here)`, ctx.keyRef(r, k, ref));
  }
  if (given(f.requires)) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.${f.requires}: requirements on the peer's labels across every rule are not analysed (the rules are read without them, so they may allow more than the cluster does)`, ctx.keyRef(r, f.requires, ref));
  }
  const l3 = [f.endpoints, f.cidr, f.cidrSet, f.entities, ...f.unknowable];
  if (!l3.some(given)) {
    // No L3 field: every peer on the rule's toPorts; without toPorts, no peer at all (Cilium's mergeIngress /
    // mergeEgress make an L3-only filter only from L3 selectors, and wildcard L3 only for each toPorts entry).
    // fromRequires alone grants nothing either (Cilium: it only narrows other rules).
    const ports = asArray(r.toPorts);
    return given(f.requires) || !ports || ports.length === 0 ? [] : 'any';
  }
  const peers: CPeer[] = [];
  const items = (k: string): { list: unknown[]; listRef: SourceRef } | undefined => {
    if (!given(k)) return { list: [], listRef: ref };
    const list = asArray(r[k]);
    if (!list) {
      invalid(scope, `${where.slice(scope.where.length + 2)}.${k} must be a list`, ctx.keyRef(r, k, ref));
      return undefined;
    }
    return { list, listRef: ctx.ref(list, ctx.keyRef(r, k, ref)) };
  };
  const eps = items(f.endpoints);
  const cidrs = items(f.cidr);
  const sets = items(f.cidrSet);
  const ents = items(f.entities);
  if (!eps || !cidrs || !sets || !ents) return undefined;
  for (const [i, e] of eps.list.entries()) {
    const pref = ctx.itemRef(eps.list, i, eps.listRef);
    if (!isObject(e)) return invalid(scope, `${f.endpoints}[${i}] must be a label selector`, pref);
    const sel = readEndpointSelector(scope, e, `${where.slice(scope.where.length + 2)}.${f.endpoints}[${i}]`, pref, false);
    if (!sel) return undefined;
    if (sel !== 'none') peers.push({ kind: 'pods', sel, ref: pref, written: `${f.endpoints}[${i}]` });
  }
  for (const [i, c] of cidrs.list.entries()) {
    const pref = ctx.itemRef(cidrs.list, i, cidrs.listRef);
    const block = readCidr(scope, { holder: cidrs.list, key: i }, c, [], `${f.cidr}[${i}]`, pref);
    if (!block) return undefined;
    peers.push({ kind: 'addresses', block, cidrs: [String(c)], ref: pref, written: `${f.cidr}[${i}]` });
  }
  for (const [i, s] of sets.list.entries()) {
    const pref = ctx.itemRef(sets.list, i, sets.listRef);
    if (!isObject(s)) return invalid(scope, `${f.cidrSet}[${i}] must be a map`, pref);
    warnUnknownFields(scope, s, CILIUM_CIDR_RULE, `${where.slice(scope.where.length + 2)}.${f.cidrSet}[${i}]`, pref);
    if (s.cidr === undefined || s.cidr === null) {
      const use = readGroupUse(scope, s, `${where}.${f.cidrSet}[${i}]`, pref);
      if (use === 'invalid') return undefined;
      if (use) peers.push({ kind: 'group', use, ref: pref, written: `${f.cidrSet}[${i}]`, where: `${where}.${f.cidrSet}[${i}]` });
      continue;
    }
    const block = readCidr(scope, { holder: s, key: 'cidr' }, s.cidr, asArray(s.except) ?? [], `${f.cidrSet}[${i}]`, pref);
    if (!block) return undefined;
    peers.push({ kind: 'addresses', block, cidrs: [String(s.cidr)], ref: pref, written: `${f.cidrSet}[${i}]` });
  }
  const unknowable: string[] = [];
  for (const [i, e] of ents.list.entries()) {
    const pref = ctx.itemRef(ents.list, i, ents.listRef);
    const entity = String(e);
    const written = `${f.entities}[${i}]`;
    if (entity === 'world' || entity === 'all') peers.push({ kind: 'addresses', block: AddressSet.ALL, cidrs: ['0.0.0.0/0', '::/0'], ref: pref, written });
    if (entity === 'world-ipv4') peers.push({ kind: 'addresses', block: AddressSet.ALL_V4, cidrs: ['0.0.0.0/0'], ref: pref, written });
    if (entity === 'world-ipv6') peers.push({ kind: 'addresses', block: AddressSet.ALL_V6, cidrs: ['::/0'], ref: pref, written });
    if (entity === 'cluster' || entity === 'all') peers.push({ kind: 'pods', sel: { namespaces: EVERYTHING, pods: EVERYTHING }, ref: pref, written });
    if (UNKNOWABLE_ENTITIES.has(entity)) unknowable.push(entity);
    else if (!['world', 'world-ipv4', 'world-ipv6', 'cluster', 'all'].includes(entity)) {
      return invalid(scope, `${f.entities}[${i}]: ${quote(e)} is not a Cilium entity`, pref);
    }
  }
  if (unknowable.length > 0) {
    // One warning for the field, not one per entity: `fromEntities: [host, remote-node, ingress]` is one
    // idiom (node and ingress traffic), written in every policy of a repository that uses it.
    const [what, verb, peer] = unknowable.length === 1 ? ['entity', 'is', 'this peer is not analysed (it matches'] : ['entities', 'are', 'these peers are not analysed (they match'];
    ctx.report('warning', 'UNSUPPORTED_PEER', `${where}.${f.entities}: ${what} ${unknowable.map((x) => quote(x)).join(', ')} (nodes, the API server or Cilium's own endpoints) ${verb} not in manifests; ${peer} nothing here)`, ctx.keyRef(r, f.entities, ref));
  }
  return peers;
}

/**
 * A CIDR rule naming CiliumCIDRGroups (`cidrGroupRef: NAME`, or `cidrGroupSelector`), resolved with the build's
 * groups in mergeDocuments (cilium-cidr-group.ts); undefined when it names none (said), 'invalid' (reported).
 * Cilium's API: "using ExceptCIDRs together with CIDRGroupRef is not supported", so `except` beside it is
 * read as absent, and said.
 */
function readGroupUse(scope: Scope, s: Json, where: string, ref: SourceRef): CidrGroupUse | 'invalid' | undefined {
  const { ctx } = scope;
  if (s.except !== undefined && s.except !== null) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.except: Cilium does not support except together with a CiliumCIDRGroup reference; read without it (the cluster may allow less)`, ctx.keyRef(s, 'except', ref));
  }
  if (typeof s.cidrGroupRef === 'string' && s.cidrGroupRef !== '') return { name: s.cidrGroupRef };
  if (isObject(s.cidrGroupSelector)) {
    const sel = readSelector(ctx, s.cidrGroupSelector, `${where.slice(scope.where.length + 2)}.cidrGroupSelector`, ctx.keyRef(s, 'cidrGroupSelector', ref));
    return sel ? { selector: sel } : 'invalid';
  }
  ctx.report('warning', 'MISSING_FIELD', `${where}: a CIDR rule needs cidr, cidrGroupRef or cidrGroupSelector; it names no address`, ref);
  return undefined;
}

function unknowableWhy(field: string): string {
  if (field.endsWith('Nodes')) return 'nodes are selected by node labels, which manifests do not hold';
  if (field.endsWith('Groups')) return 'cloud provider groups are resolved to addresses in the cloud, not in manifests';
  if (field === 'toServices') return 'Services without a selector name endpoints the manifests do not resolve';
  return 'DNS names resolve to addresses only at run time';
}

/**
 * A CIDR less its excepts; `at`: where the CIDR is written (a list item or the `cidr` key), for a value
 * Flux's substitution emptied (emptied-values.ts: the peer matches nothing, an emptied except is not applied).
 */
function readCidr(scope: Scope, at: { readonly holder: object; readonly key: string | number }, raw: unknown, excepts: readonly unknown[], label: string, ref: SourceRef): AddressSet | undefined {
  const { ctx } = scope;
  const c = parseCidr(String(raw));
  if (!c.ok && emptiedAddress(ctx, at.holder, at.key, raw, `${scope.where}: ${label}`, 'this peer is not analysed (it matches nothing here)', ref)) return AddressSet.NONE;
  if (!c.ok) return invalid(scope, `${label}: ${quote(raw)} ${c.reason}`, ref);
  let block = c.set;
  for (const [i, e] of excepts.entries()) {
    const ex = parseCidr(String(e));
    if (!ex.ok && emptiedAddress(ctx, excepts, i, e, `${scope.where}: ${label}.except[${i}]`, 'this except is not applied', ref)) continue;
    if (!ex.ok) return invalid(scope, `${label}.except: ${quote(e)} ${ex.reason}`, ref);
    block = block.subtract(ex.set);
  }
  return block;
}

