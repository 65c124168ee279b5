/** NetworkPolicy `ports`: numbers, ranges (endPort) and named ports, with the API server's checks. */
import type { PortSpec, Rule, SourceRef } from '../../engine/model.js';
import { ALL_PORTS } from '../../engine/model.js';
import type { DocContext } from '../context.js';
import type { DiagnosticCode } from '../diagnostics.js';
import { portNameError } from '../api-syntax.js';
import { asArray, isObject, readProtocol } from '../context.js';
import { checkFields } from '../field-checks.js';
import { NETWORK_POLICY_PORT } from '../known-fields.js';
import { quote } from '../quote.js';
import { emptiedValue } from '../emptied-values.js';

/**
 * `ports` absent or empty: all ports of all protocols. An entry without protocol means TCP. An entry whose
 * `port` or `endPort` a Flux variable without a value emptied (emptied-values.ts) is left out, with a warning:
 * when every entry is so, the rule admits nothing (an empty list of specs), not every port.
 */
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
    // A port a Flux variable without a value emptied is unknown: the entry is left out (a list left empty admits nothing, never every port).
    if (emptiedPort(ctx, p, `${where}[${i}]`, ctx.itemRef(list, i, listRef))) continue;
    const spec = readPortSpec(ctx, p, `${where}[${i}]`, ctx.itemRef(list, i, listRef));
    if (spec) specs.push(spec);
    else ok = false;
  }
  return ok ? specs : undefined;
}

/**
 * One `ports` entry. Every field is checked and each bad one reported at its own line, as the API server's
 * ValidateNetworkPolicyPort lists every error of an entry (`{port: 70000, protocol: TCPP}` is two); the
 * entry is read only when none is bad.
 */
function readPortSpec(ctx: DocContext, p: unknown, label: string, ref: SourceRef): PortSpec | undefined {
  const entry = p === null ? {} : p;
  if (!isObject(entry)) {
    ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, ref);
    return undefined;
  }
  if (!checkFields(ctx, entry, NETWORK_POLICY_PORT, label, ref)) return undefined;
  let ok = true;
  const fail: PortProblem = (code, key, message) => {
    ctx.report('error', code, `${label}: ${message}`, ctx.keyRef(entry, key, ref));
    ok = false;
  };
  const protocol = readProtocol(entry.protocol);
  if (!protocol) fail('UNKNOWN_PROTOCOL', 'protocol', `protocol ${quote(entry.protocol)} is not TCP, UDP or SCTP`);
  const ports = readPortFields(entry.port, entry.endPort, fail);
  return ok && protocol && ports ? { protocol, ...ports, ref } : undefined;
}

/** Reports one bad field of a `ports` entry: the code, the field (for its line), the message. */
type PortProblem = (code: DiagnosticCode, key: 'protocol' | 'port' | 'endPort', message: string) => void;

/**
 * `port` and `endPort`: absent is every port; a string is always a port name (IntOrString), so `"80"` is
 * rejected as the API server does (no letter); a number is 1-65535, and `endPort` (numbers only) is too,
 * not below `port`. Undefined when either is bad (each reported).
 */
function readPortFields(port: unknown, endPort: unknown, fail: PortProblem): Pick<PortSpec, 'port' | 'endPort'> | undefined {
  const hasEnd = endPort !== undefined && endPort !== null;
  if (port === undefined || port === null) {
    if (!hasEnd) return { port: ALL_PORTS };
    fail('ENDPORT_WITHOUT_NUMERIC_PORT', 'endPort', 'endPort needs a numeric port');
    return undefined;
  }
  if (typeof port === 'string') {
    const problem = portNameError(port);
    if (problem) fail('INVALID_PORT_NAME', 'port', problem);
    if (hasEnd) fail('ENDPORT_WITHOUT_NUMERIC_PORT', 'endPort', `endPort needs a numeric port, not ${quote(port)}`);
    return problem || hasEnd ? undefined : { port };
  }
  const inRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  const num = typeof port === 'number' ? port : NaN;
  if (!inRange(num)) fail('PORT_OUT_OF_RANGE', 'port', `port ${quote(port)} is not in 1-65535`);
  if (!hasEnd) return inRange(num) ? { port: num } : undefined;
  const end = typeof endPort === 'number' ? endPort : NaN;
  if (!inRange(end)) fail('PORT_OUT_OF_RANGE', 'endPort', `endPort ${quote(endPort)} is not in 1-65535`);
  if (end < num) fail('ENDPORT_BELOW_PORT', 'endPort', `endPort ${end} is below port ${num}`);
  return inRange(num) && inRange(end) && end >= num ? { port: num, endPort: end } : undefined;
}

/**
 * Whether the `ports` entry `p` lost its `port` or `endPort` to a Flux variable without a value (an unread
 * substituteFrom object may hold it), said once at that field's line (emptied-values.ts `emptiedValue`).
 * Shared by Cilium's `toPorts` entries.
 */
export function emptiedPort(ctx: DocContext, p: unknown, label: string, ref: SourceRef): boolean {
  if (!isObject(p)) return false;
  for (const key of ['port', 'endPort'] as const) {
    // Looked up first: the key's line costs a second parse, paid only for a value so emptied.
    if (ctx.emptied(p, key) && emptiedValue(ctx, p, key, p[key], `${label}.${key}`, 'this port entry is not analysed (the rule admits nothing on it here)', ctx.keyRef(p, key, ref))) return true;
  }
  return false;
}
