/**
 * Peers and ports of AdminNetworkPolicy / BaselineAdminNetworkPolicy / ClusterNetworkPolicy rules,
 * validated as the CRDs define them (exactly one field per peer and per port, list bounds, CIDRs,
 * domain names), normalised to the engine's TierPeer / TierPortSpec.
 */
import { parseCidr } from '../../engine/cidr.js';
import { AddressSet } from '../../engine/address-set.js';
import type { Direction, Protocol, SourceRef, TierAction, TierPeer, TierPortSpec, TierRule } from '../../engine/model.js';
import { quote } from '../quote.js';
import { emptiedAddress } from '../emptied-values.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject, readProtocol } from '../context.js';
import type { KindRules } from './cluster-policy.js';
import { present, readNamespacedPods } from './cluster-policy.js';
import { readSelector } from './selector.js';
import { checkFields } from '../field-checks.js';
import { DESTINATION_PORT_RANGE, PORT_NUMBER, PORT_RANGE, PROTOCOL_PORT } from '../known-fields.js';
import { isNamespacedPeerForm, readNamespacedPeerForm } from './tier-namespaced-peer.js';

const MAX_ADDRESS_ITEMS = 25;
/** The DomainName pattern of the CRD: an exact name, or `*.` and a name. */
const DOMAIN_NAME = /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
function peerFields(direction: Direction, k: KindRules): string[] {
  if (direction === 'ingress') return ['namespaces', 'pods'];
  return k.kind === 'BaselineAdminNetworkPolicy' ? ['namespaces', 'pods', 'nodes', 'networks'] : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
}

/** `from` / `to`: required, 1..maxPeers items, each with exactly one field. `path`: the list as written (`ingress[0].from`), for each peer's `written`. */
export function readTierPeers(ctx: DocContext, raw: unknown, direction: Direction, action: TierAction, k: KindRules, where: string, ruleRef: SourceRef, path?: string): TierPeer[] | undefined {
  const list = asArray(raw);
  if (!list || list.length === 0 || list.length > k.maxPeers) {
    ctx.report('error', list && list.length > k.maxPeers ? 'TOO_MANY_ITEMS' : 'INVALID_PEER', `${where} must list 1 to ${k.maxPeers} peers`, ruleRef);
    return undefined;
  }
  const allowed = peerFields(direction, k);
  const listRef = ctx.ref(list, ruleRef);
  const peers: TierPeer[] = [];
  for (const [i, p] of list.entries()) {
    const label = `${where}[${i}]`;
    const ref = ctx.itemRef(list, i, listRef);
    const set = isObject(p) ? Object.keys(p).filter((f) => present(p[f])) : [];
    if (!isObject(p) || set.length !== 1 || !allowed.includes(set[0])) {
      ctx.report('error', 'INVALID_PEER', `${label} must set exactly one of ${allowed.join(', ')}`, ref);
      return undefined;
    }
    const peer = readPeer(ctx, p, set[0], action, k, label, ref);
    if (peer === undefined) return undefined;
    peers.push(path !== undefined && (peer.kind === 'pods' || peer.kind === 'networks') ? { ...peer, written: `${path}[${i}].${set[0]}` } : peer);
  }
  return peers;
}

function readPeer(ctx: DocContext, p: Json, field: string, action: TierAction, k: KindRules, label: string, ref: SourceRef): TierPeer | undefined {
  switch (field) {
    case 'namespaces':
    case 'pods': {
      if (isNamespacedPeerForm(p, field)) return readNamespacedPeerForm(ctx, p, field, k, label, ref);
      const sel = readNamespacedPods(ctx, p, label, ref);
      return sel && { kind: 'pods', namespaces: sel.namespaces, pods: sel.pods, ref };
    }
    case 'networks':
      return readNetworks(ctx, p.networks, `${label}.networks`, ctx.fieldRef(p, 'networks', ref));
    case 'domainNames':
      return readDomainNames(ctx, p.domainNames, action, `${label}.domainNames`, ctx.fieldRef(p, 'domainNames', ref));
    case 'nodes': {
      if (!readSelector(ctx, p.nodes, `${label}.nodes`, ctx.fieldRef(p, 'nodes', ref))) return undefined;
      ctx.report('warning', 'UNSUPPORTED_PEER', `${label}: nodes are selected by node IPs, which manifests do not hold; this peer is not analysed`, ref);
      return { kind: 'nodes', ref };
    }
    default:
      return undefined;
  }
}

function readNetworks(ctx: DocContext, raw: unknown, label: string, ref: SourceRef): TierPeer | undefined {
  const list = asArray(raw);
  if (!list || list.length === 0 || list.length > MAX_ADDRESS_ITEMS) {
    ctx.report('error', list && list.length > MAX_ADDRESS_ITEMS ? 'TOO_MANY_ITEMS' : 'INVALID_CIDR', `${label} must list 1 to ${MAX_ADDRESS_ITEMS} CIDRs`, ref);
    return undefined;
  }
  let block = AddressSet.NONE;
  const cidrs: string[] = [];
  for (const [i, c] of list.entries()) {
    const parsed = typeof c === 'string' ? parseCidr(c) : undefined;
    if ((!parsed || !parsed.ok) && emptiedAddress(ctx, list, i, c, `${label}[${i}]`, 'these addresses are not analysed (they match nothing here)', ctx.itemRef(list, i, ctx.ref(list, ref)))) continue;
    if (!parsed || !parsed.ok) {
      ctx.report('error', 'INVALID_CIDR', `${label}: ${quote(c)} ${parsed && !parsed.ok ? parsed.reason : 'is not a CIDR'}`, ctx.itemRef(list, i, ctx.ref(list, ref)));
      return undefined;
    }
    block = block.union(parsed.set);
    cidrs.push(c as string);
  }
  return { kind: 'networks', block, cidrs, ref };
}

/** "DomainNames is only supported for Accept rules"; up to 25 names, each exact or `*.` prefixed. */
function readDomainNames(ctx: DocContext, raw: unknown, action: TierAction, label: string, ref: SourceRef): TierPeer | undefined {
  const list = asArray(raw);
  if (!list || list.length === 0 || list.length > MAX_ADDRESS_ITEMS) {
    ctx.report('error', list && list.length > MAX_ADDRESS_ITEMS ? 'TOO_MANY_ITEMS' : 'INVALID_PEER', `${label} must list 1 to ${MAX_ADDRESS_ITEMS} domain names`, ref);
    return undefined;
  }
  if (action !== 'Allow') {
    ctx.report('error', 'INVALID_PEER', `${label}: domainNames are only supported in Accept/Allow rules`, ref);
    return undefined;
  }
  const badAt = list.findIndex((d) => typeof d !== 'string' || !DOMAIN_NAME.test(d));
  if (badAt >= 0) {
    ctx.report('error', 'INVALID_PEER', `${label}: ${quote(list[badAt])} is not a domain name (an exact name, or *. and a name)`, ctx.itemRef(list, badAt, ctx.ref(list, ref)));
    return undefined;
  }
  return { kind: 'domains', names: (list as string[]).map((d) => d.toLowerCase().replace(/\.$/, '')), ref };
}

/** v1alpha1 `ports` or v1alpha2 `protocols`; absent: every port of every protocol. */
export function readTierPorts(ctx: DocContext, raw: unknown, k: KindRules, where: string, ruleRef: SourceRef): TierRule['ports'] | undefined {
  if (!present(raw)) return 'any';
  const list = asArray(raw);
  const max = k.version === 'v1alpha1' ? 100 : 25;
  if (!list || list.length > max || (k.version === 'v1alpha2' && list.length === 0)) {
    ctx.report('error', list && list.length > max ? 'TOO_MANY_ITEMS' : 'INVALID_FIELD', `${where} must be a list of ${k.version === 'v1alpha2' ? 1 : 0} to ${max} entries`, ruleRef);
    return undefined;
  }
  if (list.length === 0) return 'any';
  const listRef = ctx.ref(list, ruleRef);
  const specs: TierPortSpec[] = [];
  for (const [i, p] of list.entries()) {
    const ref = ctx.itemRef(list, i, listRef);
    const spec = k.version === 'v1alpha1' ? readV1alpha1Port(ctx, p, `${where}[${i}]`, ref) : readV1alpha2Protocol(ctx, p, `${where}[${i}]`, ref);
    if (!spec) return undefined;
    specs.push(spec);
  }
  return specs;
}

function exactlyOne(ctx: DocContext, p: unknown, fields: readonly string[], label: string, ref: SourceRef): string | undefined {
  const set = isObject(p) ? Object.keys(p).filter((f) => present(p[f])) : [];
  if (!isObject(p) || set.length !== 1 || !fields.includes(set[0])) {
    ctx.report('error', 'INVALID_FIELD', `${label} must set exactly one of ${fields.join(', ')}`, ref);
    return undefined;
  }
  return set[0];
}

/** `portNumber {protocol, port}`, `namedPort`, or `portRange {protocol, start, end}`; protocol defaults to TCP. */
function readV1alpha1Port(ctx: DocContext, p: unknown, label: string, ref: SourceRef): TierPortSpec | undefined {
  const field = exactlyOne(ctx, p, ['portNumber', 'namedPort', 'portRange'], label, ref);
  if (!field) return undefined;
  const entry = (p as Json)[field];
  if (field === 'namedPort') return namedPort(ctx, entry, `${label}.namedPort`, ref);
  if (!isObject(entry)) {
    ctx.report('error', 'INVALID_FIELD', `${label}.${field} must be a map`, ref);
    return undefined;
  }
  if (!checkFields(ctx, entry, field === 'portNumber' ? PORT_NUMBER : PORT_RANGE, `${label}.${field}`, ctx.ref(entry, ref))) return undefined;
  const protocol = protocolOf(ctx, entry.protocol, `${label}.${field}`, ref);
  if (!protocol) return undefined;
  if (field === 'portNumber') {
    const port = portNumber(ctx, entry.port, `${label}.portNumber.port`, ref);
    return port === undefined ? undefined : { protocol, port, ref };
  }
  return portRange(ctx, entry, protocol, false, `${label}.portRange`, ref);
}

/** Exactly one of `tcp`, `udp`, `sctp` (each `destinationPort: {number | range}`) and `destinationNamedPort`. */
function readV1alpha2Protocol(ctx: DocContext, p: unknown, label: string, ref: SourceRef): TierPortSpec | undefined {
  const field = exactlyOne(ctx, p, ['tcp', 'udp', 'sctp', 'destinationNamedPort'], label, ref);
  if (!field) return undefined;
  const entry = (p as Json)[field];
  if (field === 'destinationNamedPort') return namedPort(ctx, entry, `${label}.destinationNamedPort`, ref);
  const protocol = field.toUpperCase() as Protocol;
  if (!isObject(entry) || !isObject(entry.destinationPort)) {
    ctx.report('error', 'INVALID_FIELD', `${label}.${field} needs a destinationPort`, ref);
    return undefined;
  }
  if (!checkFields(ctx, entry, PROTOCOL_PORT, `${label}.${field}`, ctx.ref(entry, ref))) return undefined;
  const dp = entry.destinationPort;
  const which = exactlyOne(ctx, dp, ['number', 'range'], `${label}.${field}.destinationPort`, ref);
  if (!which) return undefined;
  if (which === 'number') {
    const port = portNumber(ctx, dp.number, `${label}.${field}.destinationPort.number`, ref);
    return port === undefined ? undefined : { protocol, port, ref };
  }
  if (isObject(dp.range) && !checkFields(ctx, dp.range, DESTINATION_PORT_RANGE, `${label}.${field}.destinationPort.range`, ctx.ref(dp.range, ref))) return undefined;
  return portRange(ctx, dp.range, protocol, true, `${label}.${field}.destinationPort.range`, ref);
}

function protocolOf(ctx: DocContext, raw: unknown, label: string, ref: SourceRef): Protocol | undefined {
  const protocol = readProtocol(raw);
  if (!protocol) ctx.report('error', 'UNKNOWN_PROTOCOL', `${label}: protocol ${quote(raw)} is not TCP, UDP or SCTP`, ref);
  return protocol;
}

function portNumber(ctx: DocContext, raw: unknown, label: string, ref: SourceRef): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= 65535) return raw;
  ctx.report('error', 'PORT_OUT_OF_RANGE', `${label}: ${quote(raw)} is not a port in 1-65535`, ref);
  return undefined;
}

/** `start` and `end` in 1-65535; "Start port must be less than End port" (a v1alpha2 rule; v1alpha1 allows equal). */
function portRange(ctx: DocContext, raw: unknown, protocol: Protocol, strict: boolean, label: string, ref: SourceRef): TierPortSpec | undefined {
  if (!isObject(raw)) {
    ctx.report('error', 'INVALID_FIELD', `${label} must be a map with start and end`, ref);
    return undefined;
  }
  const start = portNumber(ctx, raw.start, `${label}.start`, ref);
  const end = portNumber(ctx, raw.end, `${label}.end`, ref);
  if (start === undefined || end === undefined) return undefined;
  if (end < start || (strict && end === start)) {
    ctx.report('error', 'ENDPORT_BELOW_PORT', `${label}: end ${end} must be greater than start ${start}`, ref);
    return undefined;
  }
  return { protocol, port: start, endPort: end, ref };
}

function namedPort(ctx: DocContext, raw: unknown, label: string, ref: SourceRef): TierPortSpec | undefined {
  if (typeof raw !== 'string' || raw.length > 15 || !PORT_NAME.test(raw) || !/[a-z]/.test(raw)) {
    ctx.report('error', 'INVALID_PORT_NAME', `${label}: ${quote(raw)} is not a valid port name`, ref);
    return undefined;
  }
  return { protocol: 'any', port: raw, ref };
}
