/**
 * `toPorts` of a Cilium rule → the rule's ports (Cilium's policy API, l4.go `PortRule`, `PortProtocol`;
 * docs "Layer 4 Policies").
 */
import type { Direction, PortSpec, Protocol, SourceRef } from '../../engine/model.js';
import { ALL_PORTS } from '../../engine/model.js';
import type { Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';
import { emptiedPort } from './ports.js';
import type { CRule, Scope } from './cilium-scope.js';
import { invalid } from './cilium-scope.js';
import { CILIUM_PORT_PROTOCOL, CILIUM_PORT_RULE, DENY_HINTS, warnUnknownFields } from './cilium-fields.js';

/**
 * `toPorts`: absent or empty, every port; else the ports its entries list (protocol TCP/UDP/SCTP/ANY). An
 * entry without `ports` lists none: Cilium makes its L4 filters from each entry's ports alone (pkg/policy
 * rule.go, `for _, p := range r.GetPortProtocols()`), and a non-empty `toPorts` leaves no L3-only filter,
 * so such an entry (an L7 `rules` written without the ports it applies to) allows, or denies, nothing.
 * What Cilium's agent refuses when it validates a rule (pkg/policy/api rule_validation.go: `PortRule`,
 * `PortDenyRule`, `PortProtocol`, `L7Rules` `Validate`) is an error, and the policy is not applied: the
 * agent imports none of an object one rule of which fails (an update it refuses leaves the rules it had).
 */
export function readToPorts(scope: Scope, r: Json, direction: Direction, isDeny: boolean, where: string, ref: SourceRef): CRule['ports'] | undefined {
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
    const ports = asArray(pr.ports) ?? [];
    const rules = isDeny ? undefined : l7Rules(pr);
    const refusal = rules && l7Refusal(rules, ports, direction);
    if (refusal) return agentRefuses(scope, `${label}.rules`, refusal, ctx.keyRef(pr, 'rules', pref));
    if (ports.length === 0) {
      ctx.report('warning', 'MISSING_FIELD', `${where}.toPorts[${i}] has no \`ports\`: Cilium matches a toPorts entry by its ports only, so it ${isDeny ? 'denies' : 'allows'} nothing`, pref);
      continue;
    }
    if (rules) {
      const dns = rules.dns && !ports.every((p) => isObject(p) && String(p.port) === '53') ? ' (DNS rules on a port other than 53: Cilium sends that port to its DNS proxy, which passes only the queries they match)' : '';
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.toPorts[${i}].rules: L7 rules are not analysed; the rule is read as allowing its whole L4 ports (the cluster may allow less)${dns}`, ctx.keyRef(pr, 'rules', pref));
    }
    const portsRef = ctx.ref(ports, pref);
    for (const [j, p] of ports.entries()) {
      const ppref = ctx.itemRef(ports, j, portsRef);
      if (isObject(p)) warnUnknownFields(scope, p, CILIUM_PORT_PROTOCOL, `${label}.ports[${j}]`, ppref);
      // A port a Flux variable without a value emptied: unknown, left out (the rule admits nothing on it here).
      if (emptiedPort(ctx, p, `${scope.where}: ${label}.ports[${j}]`, ppref)) continue;
      const spec = readPortProtocol(scope, p, `toPorts[${i}].ports[${j}]`, ppref, `${label}.ports[${j}]`);
      if (!spec) return undefined;
      out.push(...spec);
    }
  }
  return out;
}

/** The L7 rules of an allow rule's toPorts entry, by protocol (`http`, `dns`, `kafka` …); undefined when none are written. */
function l7Rules(pr: Json): Record<string, unknown> | undefined {
  if (!isObject(pr.rules)) return undefined;
  const written = Object.entries(pr.rules).filter(([, v]) => v !== undefined && v !== null);
  return written.length ? Object.fromEntries(written) : undefined;
}

/**
 * Why Cilium's agent refuses an entry's L7 rules, in its own words, or undefined (rule_validation.go
 * `PortRule.Validate`, `L7Rules.Validate`, `PortProtocol.Validate`): DNS rules on ingress, DNS rules without
 * ports, L7 rules on a port 0 (every port), L7 rules other than DNS on a protocol other than TCP (an omitted
 * protocol is ANY), DNS rules on a port range.
 */
function l7Refusal(rules: Record<string, unknown>, ports: readonly unknown[], direction: Direction): string | undefined {
  const dns = rules.dns !== undefined;
  if (dns && direction === 'ingress') return 'DNS rules are not allowed on ingress';
  if (dns && ports.length === 0) return 'port 53 must be specified for DNS rules';
  for (const p of ports.filter(isObject)) {
    if (p.port !== undefined && p.port !== null && /^0+$/.test(String(p.port))) return 'L7 rules can not be used when a port is 0';
    const protocol = p.protocol === undefined || p.protocol === null || p.protocol === '' ? 'ANY' : String(p.protocol).toUpperCase();
    if (!dns && protocol !== 'TCP') return `L7 rules can only apply to TCP (not ${protocol}) except for DNS rules`;
    if (dns && typeof p.endPort === 'number' && p.endPort > Number(p.port)) return 'DNS rules do not support port ranges';
  }
  return undefined;
}

/** An AGENT_REFUSED error at `field`: Cilium's agent refuses the policy for `reason` (its own message), so none of it is applied. */
function agentRefuses(scope: Scope, field: string, reason: string, ref: SourceRef, what = ''): undefined {
  scope.ctx.report('error', 'AGENT_REFUSED', `${scope.where}: ${field}: ${what}Cilium's agent refuses this policy ("${reason}"), so none of it is applied`, ref);
  return undefined;
}

/**
 * Whether `port` is an IANA service name as Cilium's agent tells a port name from a number (pkg/iana IsSvcName, RFC 6335
 * section 5.1): 1 to 15 letters, digits and hyphens, at least one letter, no hyphen first, last or doubled.
 */
export function isServiceName(port: string): boolean {
  return port.length > 0 && port.length <= 15 && /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/.test(port);
}

/** IP protocols Cilium's PortProtocol accepts beside TCP, UDP, SCTP and ANY (port empty or 0). */
const PORTLESS_PROTOCOLS = ['VRRP', 'IGMP'];

/** One `ports` entry; `label` names it in its rule's messages (`toPorts[0].ports[1]`), `path` from the spec (`egress[0].toPorts[0].ports[1]`). */
function readPortProtocol(scope: Scope, p: unknown, label: string, ref: SourceRef, path: string): PortSpec[] | undefined {
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
  // "port must be specified" (every port of a protocol is port "0"): the default agent refuses a port-less entry
  // (one with extended IP protocols enabled accepts it).
  if (p.port === undefined || p.port === null || p.port === '') return agentRefuses(scope, path, 'port must be specified', ref, 'no `port` (every port of a protocol is port "0"); ');
  const rawPort = String(p.port);
  // A port is an IANA service name (a named container port), else a number as Go's ParseUint(port, 0, 16) reads it:
  // anything else ("1-65535", a name over 15 characters) the agent refuses (PortProtocol.Validate, "unable to parse port").
  if (!isServiceName(rawPort) && !/^\d+$/.test(rawPort)) return agentRefuses(scope, `${path}.port`, 'unable to parse port', ref, `${quote(p.port)} is neither a port number nor a port name (1 to 15 letters, digits and single hyphens, at least one letter); `);
  if (/^\d+$/.test(rawPort)) {
    // A leading 0 is octal to ParseUint (base 0): "010" is port 8, "08" does not parse.
    if (/^0\d/.test(rawPort) && !/^0[0-7]+$/.test(rawPort)) return agentRefuses(scope, `${path}.port`, 'unable to parse port', ref, `${quote(p.port)} starts with 0, which Cilium reads as octal; `);
    const port = /^0\d/.test(rawPort) ? parseInt(rawPort, 8) : Number(rawPort);
    if (port > 65535) {
      scope.ctx.report('error', 'PORT_OUT_OF_RANGE', `${scope.where}: ${label}.port: ${quote(p.port)} is not a port in 0-65535`, ref);
      return undefined;
    }
    // Port 0 is every port of the protocol.
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
