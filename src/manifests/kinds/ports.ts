/** NetworkPolicy `ports`: numbers, ranges (endPort) and named ports, with the API server's checks. */
import type { PortSpec, Rule, SourceRef } from '../../engine/model.js';
import { ALL_PORTS } from '../../engine/model.js';
import type { DocContext } from '../context.js';
import { portNameError } from '../api-syntax.js';
import { asArray, isObject, readProtocol } from '../context.js';
import { checkFields } from '../field-checks.js';
import { NETWORK_POLICY_PORT } from '../known-fields.js';
import { quote } from '../quote.js';

/** `ports` absent or empty: all ports of all protocols. An entry without protocol means TCP. */
export function readPorts(ctx: DocContext, raw: unknown, where: string, ruleRef: SourceRef): Rule['ports'] | undefined {
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
    const spec = readPortSpec(ctx, p, `${where}[${i}]`, ctx.itemRef(list, i, listRef));
    if (spec) specs.push(spec);
    else ok = false;
  }
  return ok ? specs : undefined;
}

function readPortSpec(ctx: DocContext, p: unknown, label: string, ref: SourceRef): PortSpec | undefined {
  const entry = p === null ? {} : p;
  if (!isObject(entry)) {
    ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, ref);
    return undefined;
  }
  if (!checkFields(ctx, entry, NETWORK_POLICY_PORT, label, ref)) return undefined;
  const protocol = readProtocol(entry.protocol);
  if (!protocol) {
    ctx.report('error', 'UNKNOWN_PROTOCOL', `${label}: protocol ${quote(entry.protocol)} is not TCP, UDP or SCTP`, ref);
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
    const problem = portNameError(port);
    if (problem) {
      ctx.report('error', 'INVALID_PORT_NAME', `${label}: ${problem}`, ref);
      return undefined;
    }
    if (endPort !== undefined && endPort !== null) {
      ctx.report('error', 'ENDPORT_WITHOUT_NUMERIC_PORT', `${label}: endPort needs a numeric port, not ${quote(port)}`, ref);
      return undefined;
    }
    return { protocol: proto, port, ref };
  }
  const num = typeof port === 'number' ? port : NaN;
  if (!Number.isInteger(num) || num < 1 || num > 65535) {
    ctx.report('error', 'PORT_OUT_OF_RANGE', `${label}: port ${quote(port)} is not in 1-65535`, ref);
    return undefined;
  }
  if (endPort === undefined || endPort === null) return { protocol: proto, port: num, ref };
  const end = typeof endPort === 'number' ? endPort : NaN;
  if (!Number.isInteger(end) || end < 1 || end > 65535) {
    ctx.report('error', 'PORT_OUT_OF_RANGE', `${label}: endPort ${quote(endPort)} is not in 1-65535`, ref);
    return undefined;
  }
  if (end < num) {
    ctx.report('error', 'ENDPORT_BELOW_PORT', `${label}: endPort ${end} is below port ${num}`, ref);
    return undefined;
  }
  return { protocol: proto, port: num, endPort: end, ref };
}
