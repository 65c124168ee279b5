/**
 * networking.k8s.io/v1 NetworkPolicy → model, validated as the API server would. An invalid policy is
 * reported as an error and not applied: Kubernetes would not have accepted it.
 */
import { parseCidr } from '../../engine/cidr.js';
import type { Direction, NetworkPolicy, Peer, PortSpec, Rule, SourceRef } from '../../engine/model.js';
import { ALL_PORTS } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject, readProtocol } from '../context.js';
import { readSelector } from './selector.js';

const PEER_KEY: Record<Direction, 'from' | 'to'> = { ingress: 'from', egress: 'to' };

export function readNetworkPolicy(ctx: DocContext, obj: Json, namespace: string, name: string): NetworkPolicy | undefined {
  const ref = ctx.ref(obj);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const where = `NetworkPolicy ${namespace}/${name}`;
  const podSelector = readSelector(ctx, spec.podSelector, `${where}: spec.podSelector`, ctx.ref(spec, ref));
  const affects = readPolicyTypes(ctx, spec, where, ref);
  const ingress = readRules(ctx, spec, 'ingress', where, ref);
  const egress = readRules(ctx, spec, 'egress', where, ref);
  if (!podSelector || !affects || !ingress || !egress) return undefined;
  return { id: `${namespace}/${name}`, namespace, name, podSelector, affects, ingress, egress, ref };
}

/** policyTypes absent or empty: Ingress, plus Egress only when the `egress` list is non-empty. */
function readPolicyTypes(ctx: DocContext, spec: Json, where: string, ref: SourceRef): Record<Direction, boolean> | undefined {
  const raw = asArray(spec.policyTypes);
  if (spec.policyTypes !== undefined && spec.policyTypes !== null && !raw) {
    ctx.report('error', 'INVALID_POLICY_TYPE', `${where}: spec.policyTypes must be a list`, ctx.ref(spec, ref));
    return undefined;
  }
  if (!raw || raw.length === 0) {
    const egress = asArray(spec.egress);
    return { ingress: true, egress: !!egress && egress.length > 0 };
  }
  const out = { ingress: false, egress: false };
  for (const t of raw) {
    if (t === 'Ingress') out.ingress = true;
    else if (t === 'Egress') out.egress = true;
    else {
      ctx.report('error', 'INVALID_POLICY_TYPE', `${where}: policyTypes value "${String(t)}" is not Ingress or Egress`, ctx.ref(raw, ref));
      return undefined;
    }
  }
  return out;
}

function readRules(ctx: DocContext, spec: Json, direction: Direction, where: string, ref: SourceRef): Rule[] | undefined {
  const raw = spec[direction];
  if (raw === undefined || raw === null) return [];
  const list = asArray(raw);
  if (!list) {
    ctx.report('error', 'INVALID_FIELD', `${where}: spec.${direction} must be a list`, ctx.ref(raw, ctx.ref(spec, ref)));
    return undefined;
  }
  const rules: Rule[] = [];
  const listRef = ctx.ref(list, ref);
  let ok = true;
  list.forEach((r, i) => {
    const rref = ctx.ref(r, listRef);
    const label = `${where}: ${direction}[${i}]`;
    if (r === null) {
      rules.push({ peers: 'any', ports: 'any', ref: rref });
      return;
    }
    if (!isObject(r)) {
      ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, rref);
      ok = false;
      return;
    }
    const peers = readPeers(ctx, r[PEER_KEY[direction]], `${label}.${PEER_KEY[direction]}`, rref);
    const ports = readPorts(ctx, r.ports, `${label}.ports`, rref);
    if (!peers || !ports) ok = false;
    else rules.push({ peers, ports, ref: rref });
  });
  return ok ? rules : undefined;
}

/** `from`/`to` absent or empty: every source/destination, pods and addresses alike. */
function readPeers(ctx: DocContext, raw: unknown, where: string, ruleRef: SourceRef): Rule['peers'] | undefined {
  if (raw === undefined || raw === null) return 'any';
  const list = asArray(raw);
  if (!list) {
    ctx.report('error', 'INVALID_PEER', `${where} must be a list`, ruleRef);
    return undefined;
  }
  if (list.length === 0) return 'any';
  const peers: Peer[] = [];
  const listRef = ctx.ref(list, ruleRef);
  for (const [i, p] of list.entries()) {
    const pref = ctx.ref(p, listRef);
    const label = `${where}[${i}]`;
    if (!isObject(p)) {
      ctx.report('error', 'INVALID_PEER', `${label} must be a map`, pref);
      return undefined;
    }
    // A field written but left empty (`namespaceSelector:`) is null in JSON, a nil pointer: absent, not `{}`.
    const present = (v: unknown) => v !== undefined && v !== null;
    const hasSelectors = present(p.podSelector) || present(p.namespaceSelector);
    if (present(p.ipBlock) && hasSelectors) {
      ctx.report('error', 'INVALID_PEER', `${label}: ipBlock cannot be combined with podSelector or namespaceSelector`, pref);
      return undefined;
    }
    if (present(p.ipBlock)) {
      const peer = readIpBlock(ctx, p.ipBlock, label, pref);
      if (!peer) return undefined;
      peers.push(peer);
    } else if (hasSelectors) {
      const pods = readSelector(ctx, p.podSelector, `${label}.podSelector`, pref);
      const namespaces = !present(p.namespaceSelector) ? 'own' : readSelector(ctx, p.namespaceSelector, `${label}.namespaceSelector`, pref);
      if (!pods || !namespaces) return undefined;
      peers.push({ kind: 'pods', pods, namespaces, ref: pref });
    } else {
      ctx.report('error', 'INVALID_PEER', `${label} must specify podSelector, namespaceSelector or ipBlock`, pref);
      return undefined;
    }
  }
  return peers;
}

function readIpBlock(ctx: DocContext, raw: unknown, label: string, pref: SourceRef): Peer | undefined {
  const ref = ctx.ref(raw, pref);
  if (!isObject(raw) || typeof raw.cidr !== 'string') {
    ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock needs a cidr`, ref);
    return undefined;
  }
  const cidr = parseCidr(raw.cidr);
  if (!cidr.ok) {
    ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock.cidr: ${cidr.message}`, ref);
    return undefined;
  }
  let block = cidr.set;
  if (raw.except !== undefined && raw.except !== null && !Array.isArray(raw.except)) {
    // Ignoring a malformed except would widen the block; the API server rejects it.
    ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock.except must be a list of CIDRs`, ref);
    return undefined;
  }
  for (const e of asArray(raw.except) ?? []) {
    const ex = parseCidr(String(e));
    if (!ex.ok) {
      ctx.report('error', 'INVALID_CIDR', `${label}.ipBlock.except: ${ex.message}`, ref);
      return undefined;
    }
    // The API server requires each except to be a strict subset of the cidr, same IP family.
    if (ex.first < cidr.first || ex.last > cidr.last || (ex.first === cidr.first && ex.last === cidr.last)) {
      ctx.report('error', 'EXCEPT_OUTSIDE_CIDR', `${label}.ipBlock.except "${String(e)}" is not strictly inside cidr "${raw.cidr}"`, ref);
      return undefined;
    }
    block = block.subtract(ex.set);
  }
  return { kind: 'ipBlock', block, cidr: raw.cidr, ref };
}

/** `ports` absent or empty: all ports of all protocols. An entry without protocol means TCP. */
function readPorts(ctx: DocContext, raw: unknown, where: string, ruleRef: SourceRef): Rule['ports'] | undefined {
  if (raw === undefined || raw === null) return 'any';
  const list = asArray(raw);
  if (!list) {
    ctx.report('error', 'INVALID_FIELD', `${where} must be a list`, ruleRef);
    return undefined;
  }
  if (list.length === 0) return 'any';
  const specs: PortSpec[] = [];
  const listRef = ctx.ref(list, ruleRef);
  // Every entry is checked, so one run reports every problem of the list.
  let ok = true;
  for (const [i, p] of list.entries()) {
    const spec = readPortSpec(ctx, p, `${where}[${i}]`, ctx.ref(p, listRef));
    if (spec) specs.push(spec);
    else ok = false;
  }
  return ok ? specs : undefined;
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function readPortSpec(ctx: DocContext, p: unknown, label: string, ref: SourceRef): PortSpec | undefined {
  const entry = p === null ? {} : p;
  if (!isObject(entry)) {
    ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, ref);
    return undefined;
  }
  const protocol = readProtocol(entry.protocol);
  if (!protocol) {
    ctx.report('error', 'UNKNOWN_PROTOCOL', `${label}: protocol "${String(entry.protocol)}" is not TCP, UDP or SCTP`, ref);
    return undefined;
  }
  const proto = protocol;
  const port = entry.port;
  const endPort = entry.endPort;
  if (port === undefined || port === null) {
    if (endPort !== undefined && endPort !== null) {
      ctx.report('error', 'ENDPORT_WITHOUT_NUMERIC_PORT', `${label}: endPort needs a numeric port`, ref);
      return undefined;
    }
    return { protocol: proto, port: ALL_PORTS, ref };
  }
  // A string is always a port name (IntOrString), so `"80"` is rejected like the API server does: no letter.
  if (typeof port === 'string') {
    if (port.length > 15 || !PORT_NAME.test(port) || !/[a-z]/.test(port) || port.includes('--')) {
      ctx.report('error', 'INVALID_PORT_NAME', `${label}: "${port}" is not a valid port name`, ref);
      return undefined;
    }
    if (endPort !== undefined && endPort !== null) {
      ctx.report('error', 'ENDPORT_WITHOUT_NUMERIC_PORT', `${label}: endPort needs a numeric port, not "${port}"`, ref);
      return undefined;
    }
    return { protocol: proto, port, ref };
  }
  const num = typeof port === 'number' ? port : NaN;
  if (!Number.isInteger(num) || num < 1 || num > 65535) {
    ctx.report('error', 'PORT_OUT_OF_RANGE', `${label}: port ${String(port)} is not in 1-65535`, ref);
    return undefined;
  }
  if (endPort === undefined || endPort === null) return { protocol: proto, port: num, ref };
  const end = typeof endPort === 'number' ? endPort : NaN;
  if (!Number.isInteger(end) || end < 1 || end > 65535) {
    ctx.report('error', 'PORT_OUT_OF_RANGE', `${label}: endPort ${String(endPort)} is not in 1-65535`, ref);
    return undefined;
  }
  if (end < num) {
    ctx.report('error', 'ENDPORT_BELOW_PORT', `${label}: endPort ${end} is below port ${num}`, ref);
    return undefined;
  }
  return { protocol: proto, port: num, endPort: end, ref };
}
