/**
 * `toPorts` of a Cilium rule → the rule's ports (Cilium's policy API, l4.go `PortRule`, `PortProtocol`;
 * docs "Layer 4 Policies").
 */
import type { PortSpec, Protocol, SourceRef } from '../../engine/model.js';
import { ALL_PORTS } from '../../engine/model.js';
import type { Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';
import type { CRule, Scope } from './cilium-scope.js';
import { invalid } from './cilium-scope.js';
import { CILIUM_PORT_PROTOCOL, CILIUM_PORT_RULE, DENY_HINTS, warnUnknownFields } from './cilium-fields.js';

/**
 * `toPorts`: absent or empty, every port; else the ports its entries list (protocol TCP/UDP/SCTP/ANY). An
 * entry without `ports` lists none: Cilium makes its L4 filters from each entry's ports alone (pkg/policy
 * rule.go, `for _, p := range r.GetPortProtocols()`), and a non-empty `toPorts` leaves no L3-only filter,
 * so such an entry (an L7 `rules` written without the ports it applies to) allows, or denies, nothing.
 */
export function readToPorts(scope: Scope, r: Json, isDeny: boolean, where: string, ref: SourceRef): CRule['ports'] | undefined {
  const { ctx } = scope;
  if (r.icmps !== undefined && r.icmps !== null && (r.toPorts === undefined || r.toPorts === null)) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.icmps: ICMP is not analysed (only TCP, UDP and SCTP); this rule matches none of them`, ctx.keyRef(r, 'icmps', ref));
    return [];
  }
  if (r.toPorts === undefined || r.toPorts === null) return 'any';
  const list = asArray(r.toPorts);
  if (!list) return invalid(scope, `toPorts must be a list`, ctx.keyRef(r, 'toPorts', ref));
  if (list.length === 0) return 'any';
  const listRef = ctx.ref(list, ctx.keyRef(r, 'toPorts', ref));
  const out: PortSpec[] = [];
  for (const [i, pr] of list.entries()) {
    const pref = ctx.itemRef(list, i, listRef);
    if (!isObject(pr)) return invalid(scope, `toPorts[${i}] must be a map`, pref);
    const label = `${where.slice(scope.where.length + 2)}.toPorts[${i}]`;
    warnUnknownFields(scope, pr, CILIUM_PORT_RULE[isDeny ? 'deny' : 'allow'], label, pref, isDeny ? DENY_HINTS : {});
    const ports = asArray(pr.ports);
    if (!ports || ports.length === 0) {
      const dns = isObject(pr.rules) && pr.rules.dns !== undefined && pr.rules.dns !== null ? '; Cilium also refuses DNS rules without port 53, which leaves the whole policy out' : '';
      ctx.report('warning', 'MISSING_FIELD', `${where}.toPorts[${i}] has no \`ports\`: Cilium matches a toPorts entry by its ports only, so it ${isDeny ? 'denies' : 'allows'} nothing${dns}`, pref);
      continue;
    }
    if (!isDeny && pr.rules !== undefined && pr.rules !== null) {
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.toPorts[${i}].rules: L7 rules are not analysed; the rule is read as allowing its whole L4 ports (the cluster may allow less)`, ctx.keyRef(pr, 'rules', pref));
    }
    const portsRef = ctx.ref(ports, pref);
    for (const [j, p] of ports.entries()) {
      const ppref = ctx.itemRef(ports, j, portsRef);
      if (isObject(p)) warnUnknownFields(scope, p, CILIUM_PORT_PROTOCOL, `${label}.ports[${j}]`, ppref);
      const spec = readPortProtocol(scope, p, `toPorts[${i}].ports[${j}]`, ppref);
      if (!spec) return undefined;
      out.push(...spec);
    }
  }
  return out;
}

/** IP protocols Cilium's PortProtocol accepts beside TCP, UDP, SCTP and ANY (port empty or 0). */
const PORTLESS_PROTOCOLS = ['VRRP', 'IGMP'];

function readPortProtocol(scope: Scope, p: unknown, label: string, ref: SourceRef): PortSpec[] | undefined {
  if (!isObject(p)) return invalid(scope, `${label} must be a map`, ref);
  const proto = p.protocol === undefined || p.protocol === null || p.protocol === '' ? 'ANY' : String(p.protocol).toUpperCase();
  if (PORTLESS_PROTOCOLS.includes(proto)) {
    // Newer Cilium matches these IP protocols (no transport ports); the model holds TCP, UDP and SCTP only.
    scope.ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${label}: protocol ${proto} is not analysed (only TCP, UDP and SCTP); this port matches none of them`, ref);
    return [];
  }
  if (!['TCP', 'UDP', 'SCTP', 'ANY'].includes(proto)) {
    scope.ctx.report('error', 'UNKNOWN_PROTOCOL', `${scope.where}: ${label}: protocol ${quote(p.protocol)} is not TCP, UDP, SCTP or ANY`, ref);
    return undefined;
  }
  // ANY, or none: "any protocols with transport ports (TCP, UDP, SCTP)" (PortProtocol); pkg/policy expands it to
  // the three (agents from before SCTP support expanded it to TCP and UDP).
  const protocols: Protocol[] = proto === 'ANY' ? ['TCP', 'UDP', 'SCTP'] : [proto as Protocol];
  const rawPort = p.port === undefined || p.port === null ? '0' : String(p.port);
  if (/^\d+$/.test(rawPort)) {
    const port = Number(rawPort);
    if (port > 65535) {
      scope.ctx.report('error', 'PORT_OUT_OF_RANGE', `${scope.where}: ${label}.port: ${quote(p.port)} is not a port in 0-65535`, ref);
      return undefined;
    }
    // Port 0 (or none) is every port of the protocol.
    if (port === 0) return protocols.map((protocol) => ({ protocol, port: ALL_PORTS, ref }));
    const end = typeof p.endPort === 'number' && p.endPort > port ? p.endPort : undefined;
    if (typeof p.endPort === 'number' && p.endPort !== 0 && p.endPort < port) {
      scope.ctx.report('error', 'ENDPORT_BELOW_PORT', `${scope.where}: ${label}: endPort ${p.endPort} is below port ${port}`, ref);
      return undefined;
    }
    return protocols.map((protocol) => ({ protocol, port, ...(end !== undefined ? { endPort: Math.min(end, 65535) } : {}), ref }));
  }
  // A named container port (Cilium ignores endPort with a name).
  return protocols.map((protocol) => ({ protocol, port: rawPort.toLowerCase(), ref }));
}
