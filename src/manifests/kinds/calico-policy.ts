/**
 * projectcalico.org/v3 (and crd.projectcalico.org/v1) NetworkPolicy and GlobalNetworkPolicy, and Tier → a
 * draft per object, read with positions; calico-tiers.ts places the drafts of a whole cluster into the one
 * model once every policy and tier is known (their order decides where each rule goes).
 *
 * From Calico's documentation (docs.tigera.io/calico/latest/reference/resources/: networkpolicy,
 * globalnetworkpolicy, tier; "Rule", "EntityRule", "Ports"):
 * - `selector` (default `all()`) selects endpoints of the policy's namespace (NetworkPolicy) or of every
 *   namespace `namespaceSelector` (default `all()`) selects (GlobalNetworkPolicy);
 * - `types` when absent: Ingress, plus Egress when egress rules are present; Egress alone when only egress
 *   rules are present;
 * - rules in order: `Allow` / `Deny` final, `Pass` to the next tier, `Log` goes on (no effect on traffic);
 * - `protocol` TCP, UDP, SCTP (or 6, 17, 132), others (ICMP …) are not analysed; `notProtocol`;
 *   `destination.ports` / `notPorts`: numbers, `"a:b"` ranges, named ports; `source.ports` are the client's
 *   source ports (not analysed).
 */
import type { ClusterSubject, Direction, PortSpec, Protocol, SourceRef } from '../../engine/model.js';
import { ALL_PORTS, DIRECTIONS } from '../../engine/model.js';
import { PortSet } from '../../engine/port-set.js';
import type { CalicoPolicyKind } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';
import type { CalicoPeer, EntityScope, PodTerm } from './calico-entity.js';
import { andTerms, readOwnEntity, readPeerEntity, requirementsSelector, scopeRequirements, selectorTerms } from './calico-entity.js';
import { listedDirections } from './policy-types.js';

export const CALICO_GROUPS: ReadonlySet<string> = new Set(['projectcalico.org', 'crd.projectcalico.org']);
/** `group/` of each Calico group: how the apiVersion of one starts. */
const CALICO_API_PREFIXES: readonly string[] = [...CALICO_GROUPS].map((g) => `${g}/`);

/** The model kind of a Calico object (`NetworkPolicy` of a Calico group), or undefined. */
export function calicoKind(kind: string, apiVersion: string): CalicoPolicyKind | 'CalicoTier' | undefined {
  if (!ofCalicoGroup(apiVersion)) return undefined;
  if (kind === 'NetworkPolicy') return 'CalicoNetworkPolicy';
  if (kind === 'GlobalNetworkPolicy') return 'CalicoGlobalNetworkPolicy';
  if (kind === 'Tier') return 'CalicoTier';
  return undefined;
}

/**
 * Whether an apiVersion's group (what precedes its first `/`) is Calico's: tested in place, no string cut and
 * hashed per object (every object of both sides is asked).
 */
function ofCalicoGroup(apiVersion: string): boolean {
  for (let i = 0; i < CALICO_API_PREFIXES.length; i++) if (apiVersion.startsWith(CALICO_API_PREFIXES[i])) return true;
  return false;
}

export type CalicoAction = 'Allow' | 'Deny' | 'Pass';

export interface CalicoRuleDraft {
  readonly action: CalicoAction;
  /** `any`: every pod and every address. */
  readonly peers: 'any' | readonly CalicoPeer[];
  /** `any`: every port of every protocol. */
  readonly ports: 'any' | readonly PortSpec[];
  /** Which of the policy's endpoints the rule applies to (its own-side selector), ANDed with the subject. */
  readonly own: 'all' | readonly PodTerm[];
  readonly ref: SourceRef;
}

export interface CalicoPolicyDraft {
  /** The object's key, `CalicoNetworkPolicy/ns/name` or `CalicoGlobalNetworkPolicy//name`. */
  readonly key: string;
  readonly kind: CalicoPolicyKind;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly tier: string;
  readonly order: number | undefined;
  readonly types: Readonly<Record<Direction, boolean>>;
  readonly subjects: readonly ClusterSubject[];
  /** Per direction, the written rules by position; null for one that never decides traffic here (Log, ICMP). */
  readonly rules: Readonly<Record<Direction, readonly (CalicoRuleDraft | null)[]>>;
  readonly ref: SourceRef;
}

export interface CalicoTierDraft {
  readonly key: string;
  readonly name: string;
  readonly order: number | undefined;
  readonly defaultAction: 'Deny' | 'Pass';
  readonly ref: SourceRef;
}

/** The key of a Calico object, as documents list it. */
export function calicoObjectKey(p: { readonly kind: CalicoPolicyKind | 'CalicoTier'; readonly name: string; readonly namespace?: string }): string {
  return p.kind === 'CalicoNetworkPolicy' ? `${p.kind}/${p.namespace}/${p.name}` : `${p.kind}//${p.name}`;
}

export function readCalicoTier(ctx: DocContext, obj: Json, name: string): CalicoTierDraft | undefined {
  const ref = ctx.ref(obj);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const order = readOrder(ctx, spec, `Tier ${name}`, ref);
  if (order === null) return undefined;
  const action = spec.defaultAction ?? 'Deny';
  if (action !== 'Deny' && action !== 'Pass') {
    ctx.report('error', 'INVALID_FIELD', `Tier ${name}: defaultAction ${quote(action)} is not Deny or Pass`, ctx.keyRef(spec, 'defaultAction', ref));
    return undefined;
  }
  return { key: calicoObjectKey({ kind: 'CalicoTier', name }), name, order, defaultAction: action, ref };
}

function readOrder(ctx: DocContext, spec: Json, where: string, ref: SourceRef): number | undefined | null {
  const raw = spec.order;
  if (raw === undefined || raw === null) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) {
    ctx.report('error', 'INVALID_FIELD', `${where}: order ${quote(raw)} is not a number`, ctx.keyRef(spec, 'order', ref));
    return null;
  }
  return n;
}

/** A Calico NetworkPolicy (`namespace` given) or GlobalNetworkPolicy; undefined when invalid (reported). */
export function readCalicoPolicy(ctx: DocContext, obj: Json, kind: CalicoPolicyKind, namespace: string | undefined, name: string): CalicoPolicyDraft | undefined {
  const ref = ctx.ref(obj);
  const label = kind === 'CalicoNetworkPolicy' ? 'Calico NetworkPolicy' : 'Calico GlobalNetworkPolicy';
  const scope: EntityScope = { ctx, where: namespace === undefined ? `${label} ${name}` : `${label} ${namespace}/${name}`, namespace };
  const spec = isObject(obj.spec) ? obj.spec : {};
  const at = (k: string) => ctx.keyRef(spec, k, ref);
  const order = readOrder(ctx, spec, scope.where, ref);
  if (order === null) return undefined;
  for (const k of ['doNotTrack', 'preDNAT']) {
    if (spec[k] === true) {
      // Host endpoint policies: "meaningful only when applying policy to a host endpoint".
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${k}: a policy for host endpoints (nodes), which manifests do not hold; not analysed`, at(k));
      return { key: calicoObjectKey({ kind, name, namespace }), kind, namespace, name, tier: 'default', order, types: { ingress: false, egress: false }, subjects: [], rules: { ingress: [], egress: [] }, ref };
    }
  }
  if (spec.serviceAccountSelector !== undefined && spec.serviceAccountSelector !== null && String(spec.serviceAccountSelector).trim() !== 'all()') {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: serviceAccountSelector: pods are selected by the account they run as, which the model does not hold; read without it (the policy may select more pods than the cluster does)`, at('serviceAccountSelector'));
  }
  const subjects = readSubjects(scope, spec, ref);
  if (!subjects) return undefined;
  const rules = { ingress: [] as (CalicoRuleDraft | null)[], egress: [] as (CalicoRuleDraft | null)[] };
  for (const direction of DIRECTIONS) {
    const read = readRules(scope, spec, direction, ref);
    if (!read) return undefined;
    rules[direction] = read;
  }
  const types = readTypes(scope, spec, rules, ref);
  if (!types) return undefined;
  const tier = typeof spec.tier === 'string' && spec.tier !== '' ? spec.tier : 'default';
  return { key: calicoObjectKey({ kind, name, namespace }), kind, namespace, name, tier, order, types, subjects, rules, ref };
}

/** The policy's endpoints: namespace scope × `namespaceSelector` (global) × `selector`. */
function readSubjects(scope: EntityScope, spec: Json, ref: SourceRef): ClusterSubject[] | undefined {
  const at = (k: string) => scope.ctx.keyRef(spec, k, ref);
  const ns =
    scope.namespace === undefined
      ? selectorTerms(scope, spec.namespaceSelector, 'namespaceSelector', at('namespaceSelector'), 'namespaces')
      : [{ namespaces: scopeRequirements(scope.namespace), pods: [] }];
  if (scope.namespace !== undefined && spec.namespaceSelector !== undefined && spec.namespaceSelector !== null) {
    scope.ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: namespaceSelector is a field of GlobalNetworkPolicy; a NetworkPolicy selects pods of its own namespace only (ignored)`, at('namespaceSelector'));
  }
  const sel = selectorTerms(scope, spec.selector, 'selector', at('selector'), 'pods');
  if (!ns || !sel) return undefined;
  const terms = andTerms(ns, sel) ?? [{ namespaces: [], pods: [] }];
  return terms.map((t) => ({ namespaces: requirementsSelector(t.namespaces), pods: requirementsSelector(t.pods) }));
}

function readTypes(scope: EntityScope, spec: Json, rules: Record<Direction, unknown[]>, ref: SourceRef): Record<Direction, boolean> | undefined {
  const list = asArray(spec.types);
  if (!list || list.length === 0) {
    // "If types has no value": Ingress, unless only egress rules are present; Egress when egress rules are.
    const e = rules.egress.length > 0;
    return { ingress: rules.ingress.length > 0 || !e, egress: e };
  }
  return listedDirections(list, (t) => scope.ctx.report('error', 'INVALID_POLICY_TYPE', `${scope.where}: types: ${quote(t)} is not Ingress or Egress`, scope.ctx.keyRef(spec, 'types', ref)));
}

function readRules(scope: EntityScope, spec: Json, direction: Direction, specRef: SourceRef): (CalicoRuleDraft | null)[] | undefined {
  const { ctx, where } = scope;
  const raw = spec[direction];
  if (raw === undefined || raw === null) return [];
  const list = asArray(raw);
  if (!list) {
    ctx.report('error', 'INVALID_FIELD', `${where}: ${direction} must be a list of rules`, ctx.keyRef(spec, direction, specRef));
    return undefined;
  }
  const listRef = ctx.ref(list, ctx.keyRef(spec, direction, specRef));
  const out: (CalicoRuleDraft | null)[] = [];
  for (const [i, r] of list.entries()) {
    const ref = ctx.itemRef(list, i, listRef);
    const label = `${direction}[${i}]`;
    if (!isObject(r)) {
      ctx.report('error', 'INVALID_FIELD', `${where}: ${label} must be a map`, ref);
      return undefined;
    }
    const rule = readRule({ ...scope, where: `${where}: ${label}` }, r, direction, ref, label);
    if (rule === undefined) return undefined;
    out.push(rule);
  }
  return out;
}

function readRule(scope: EntityScope, r: Json, direction: Direction, ref: SourceRef, label: string): CalicoRuleDraft | null | undefined {
  const { ctx, where } = scope;
  const at = (k: string) => ctx.keyRef(r, k, ref);
  const action = r.action;
  if (action === 'Log') return null;
  if (action !== 'Allow' && action !== 'Deny' && action !== 'Pass') {
    ctx.report('error', 'INVALID_FIELD', `${where}.action: ${quote(action)} is not Allow, Deny, Pass or Log`, action === undefined ? ref : at('action'));
    return undefined;
  }
  if (r.http !== undefined && r.http !== null) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.http: application layer matches are not analysed; the rule is read on its L4 ports (it may match more than the cluster does)`, at('http'));
  }
  const source = isObject(r.source) ? r.source : undefined;
  const destination = isObject(r.destination) ? r.destination : undefined;
  const [peerField, ownField] = direction === 'ingress' ? ['source', 'destination'] : ['destination', 'source'];
  const peerEntity = direction === 'ingress' ? source : destination;
  const ownEntity = direction === 'ingress' ? destination : source;
  if (source && source.ports !== undefined && source.ports !== null) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.source.ports: source ports (the client's, usually ephemeral) are not analysed; the rule is read without them`, ctx.keyRef(source, 'ports', ref));
  }
  const protocols = readProtocols(scope, r, ref);
  if (protocols === undefined) return undefined;
  if (protocols.length === 0) return null;
  const ports = readPorts(scope, r, destination, protocols, ref);
  const peers = readPeerEntity(scope, peerEntity, peerField, peerEntity ? at(peerField) : ref, label);
  const own = readOwnEntity(scope, ownEntity, ownField, ownEntity ? at(ownField) : ref);
  if (ports === undefined || peers === undefined || own === undefined) return undefined;
  return { action, peers, ports, own, ref };
}

const PROTOCOL_NUMBERS: Readonly<Record<string, Protocol>> = { '6': 'TCP', '17': 'UDP', '132': 'SCTP', TCP: 'TCP', UDP: 'UDP', SCTP: 'SCTP' };

/** The protocols of TCP, UDP and SCTP the rule matches ([] for ICMP and others: warned), undefined on error. */
function readProtocols(scope: EntityScope, r: Json, ref: SourceRef): Protocol[] | undefined {
  const all: Protocol[] = ['TCP', 'UDP', 'SCTP'];
  const read = (k: string): Protocol | 'other' | undefined => {
    const raw = r[k];
    if (raw === undefined || raw === null) return undefined;
    const p = PROTOCOL_NUMBERS[String(raw).toUpperCase()];
    return p ?? 'other';
  };
  const p = read('protocol');
  if (p === 'other') {
    scope.ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}.protocol: ${quote(r.protocol)} is not analysed (only TCP, UDP and SCTP); this rule matches none of them`, scope.ctx.keyRef(r, 'protocol', ref));
    return [];
  }
  const not = read('notProtocol');
  const base = p ? [p] : all;
  return not && not !== 'other' ? base.filter((x) => x !== not) : base;
}

/** `destination.ports` minus `destination.notPorts`, per protocol; `any` when neither and every protocol. */
function readPorts(scope: EntityScope, r: Json, destination: Json | undefined, protocols: readonly Protocol[], ref: SourceRef): 'any' | PortSpec[] | undefined {
  const { ctx, where } = scope;
  const list = (k: string) => (destination && destination[k] !== undefined && destination[k] !== null ? asArray(destination[k]) ?? [destination[k]] : undefined);
  const ports = list('ports');
  const notPorts = list('notPorts');
  const portsRef = destination ? ctx.keyRef(destination, ports ? 'ports' : 'notPorts', ref) : ref;
  if ((ports || notPorts) && (r.protocol === undefined || r.protocol === null)) {
    ctx.report('error', 'INVALID_FIELD', `${where}.destination: ports need a protocol (TCP, UDP or SCTP) on the rule`, portsRef);
    return undefined;
  }
  if (!ports && !notPorts) return protocols.length === 3 ? 'any' : protocols.map((protocol) => ({ protocol, port: ALL_PORTS, ref }));
  let numbers = ports ? PortSet.NONE : PortSet.range(1, 65535);
  const names: string[] = [];
  for (const p of ports ?? []) {
    const read = readPort(scope, p, portsRef);
    if (read === undefined) return undefined;
    if (typeof read === 'string') names.push(read);
    else numbers = numbers.union(read);
  }
  for (const p of notPorts ?? []) {
    const read = readPort(scope, p, portsRef);
    if (read === undefined) return undefined;
    if (typeof read === 'string') ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.destination.notPorts: the named port ${quote(read)} is not excluded (it resolves per pod); the rule may match more than the cluster does`, portsRef);
    else numbers = numbers.subtract(read);
  }
  if (names.length > 0 && notPorts) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.destination.notPorts: named ports (${names.join(', ')}) resolve per pod and are not narrowed by notPorts; the rule may match more than the cluster does`, ctx.keyRef(destination!, 'notPorts', ref));
  }
  const out: PortSpec[] = [];
  for (const protocol of protocols) {
    if (numbers.isAll()) out.push({ protocol, port: ALL_PORTS, ref: portsRef });
    else for (const [a, b] of numbers.intervals) out.push({ protocol, port: a, ...(b > a ? { endPort: b } : {}), ref: portsRef });
    for (const name of names) out.push({ protocol, port: name, ref: portsRef });
  }
  return out;
}

/** A port entry: a number, `"a:b"`, or a name. */
function readPort(scope: EntityScope, p: unknown, ref: SourceRef): PortSet | string | undefined {
  const text = String(p).trim();
  const range = /^(\d+)(?::(\d+))?$/.exec(text);
  if (range) {
    const a = Number(range[1]);
    const b = range[2] === undefined ? a : Number(range[2]);
    if (a < 0 || b > 65535 || b < a) {
      scope.ctx.report('error', 'PORT_OUT_OF_RANGE', `${scope.where}: port ${quote(p)} is not a port or range in 0-65535`, ref);
      return undefined;
    }
    return PortSet.range(Math.max(a, 1), b);
  }
  if (typeof p === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(text)) return text;
  scope.ctx.report('error', 'INVALID_FIELD', `${scope.where}: port ${quote(p)} is not a number, a range "a:b" or a port name`, ref);
  return undefined;
}
