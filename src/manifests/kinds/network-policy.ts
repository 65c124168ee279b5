/**
 * networking.k8s.io/v1 NetworkPolicy → model, validated as the API server would. An invalid policy is
 * reported as an error and not applied: Kubernetes would not have accepted it.
 */
import type { Direction, NetworkPolicy, Peer, Rule, SourceRef } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { checkFields, readMap } from '../field-checks.js';
import { EGRESS_RULE, INGRESS_RULE, NETWORK_POLICY_PEER, NETWORK_POLICY_SPEC } from '../known-fields.js';
import { quote } from '../quote.js';
import { readIpBlock } from './ip-block.js';
import { readPorts } from './ports.js';
import { readSelector } from './selector.js';
import { listedDirections } from './policy-types.js';
import { isEmptySelector } from '../../engine/selectors.js';

const PEER_KEY: Record<Direction, 'from' | 'to'> = { ingress: 'from', egress: 'to' };

/** `where`: how messages name the policy (default `NetworkPolicy namespace/name`; a generated one names its generator). */
export function readNetworkPolicy(ctx: DocContext, obj: Json, namespace: string, name: string, where = `NetworkPolicy ${namespace}/${name}`): NetworkPolicy | undefined {
  const ref = ctx.ref(obj);
  const spec = readMap(ctx, obj, 'spec', `${where}: spec`, ref);
  if (!spec) return undefined;
  const fieldsOk = checkFields(ctx, spec, NETWORK_POLICY_SPEC, `${where}: spec`, ctx.ref(spec, ref));
  const podSelector = readSelector(ctx, spec.podSelector, `${where}: spec.podSelector`, ctx.fieldRef(spec, 'podSelector', ctx.ref(spec, ref)));
  const affects = readPolicyTypes(ctx, spec, where, ref);
  const ingress = readRules(ctx, spec, 'ingress', where, ref);
  const egress = readRules(ctx, spec, 'egress', where, ref);
  if (!fieldsOk || !podSelector || !affects || !ingress || !egress) return undefined;
  return { id: `${namespace}/${name}`, namespace, name, podSelector, affects, ingress, egress, ref };
}

/** policyTypes absent or empty: Ingress, plus Egress only when the `egress` list is non-empty. */
function readPolicyTypes(ctx: DocContext, spec: Json, where: string, ref: SourceRef): Record<Direction, boolean> | undefined {
  const raw = asArray(spec.policyTypes);
  if (spec.policyTypes !== undefined && spec.policyTypes !== null && !raw) {
    ctx.report('error', 'INVALID_POLICY_TYPE', `${where}: spec.policyTypes must be a list`, ctx.keyRef(spec, 'policyTypes', ctx.ref(spec.policyTypes, ctx.ref(spec, ref))));
    return undefined;
  }
  if (!raw || raw.length === 0) {
    const egress = asArray(spec.egress);
    return { ingress: true, egress: !!egress && egress.length > 0 };
  }
  return listedDirections(raw, (t) => ctx.report('error', 'INVALID_POLICY_TYPE', `${where}: spec.policyTypes value ${quote(t)} is not Ingress or Egress`, ctx.ref(raw, ref)));
}

function readRules(ctx: DocContext, spec: Json, direction: Direction, where: string, ref: SourceRef): Rule[] | undefined {
  const raw = spec[direction];
  if (raw === undefined || raw === null) return [];
  const list = asArray(raw);
  if (!list) {
    ctx.report('error', 'INVALID_FIELD', `${where}: spec.${direction} must be a list`, ctx.keyRef(spec, direction, ctx.ref(raw, ctx.ref(spec, ref))));
    return undefined;
  }
  const rules: Rule[] = [];
  const listRef = ctx.ref(list, ref);
  let ok = true;
  list.forEach((r, i) => {
    const rref = ctx.itemRef(list, i, listRef);
    const label = `${where}: spec.${direction}[${i}]`;
    if (r === null) {
      rules.push({ peers: 'any', ports: 'any', ref: rref });
      return;
    }
    if (!isObject(r)) {
      ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, rref);
      ok = false;
      return;
    }
    const fieldsOk = checkFields(ctx, r, direction === 'ingress' ? INGRESS_RULE : EGRESS_RULE, label, rref);
    const peers = readPeers(ctx, r[PEER_KEY[direction]], `${label}.${PEER_KEY[direction]}`, ctx.fieldRef(r, PEER_KEY[direction], rref));
    const ports = readPorts(ctx, r.ports, `${label}.ports`, ctx.fieldRef(r, 'ports', rref));
    if (!peers || !ports || !fieldsOk) ok = false;
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
    const pref = ctx.itemRef(list, i, listRef);
    const label = `${where}[${i}]`;
    if (!isObject(p)) {
      ctx.report('error', 'INVALID_PEER', `${label} must be a map`, pref);
      return undefined;
    }
    if (!checkFields(ctx, p, NETWORK_POLICY_PEER, label, pref)) return undefined;
    // A field written but left empty (`namespaceSelector:`) is null in JSON, a nil pointer: absent, not `{}`.
    const present = (v: unknown) => v !== undefined && v !== null;
    const hasSelectors = present(p.podSelector) || present(p.namespaceSelector);
    if (present(p.ipBlock) && hasSelectors) {
      ctx.report('error', 'INVALID_PEER', `${label}: ipBlock cannot be combined with podSelector or namespaceSelector`, pref);
      return undefined;
    }
    if (present(p.ipBlock)) {
      const peer = readIpBlock(ctx, p.ipBlock, label, ctx.fieldRef(p, 'ipBlock', pref));
      if (!peer) return undefined;
      peers.push(peer);
    } else if (hasSelectors) {
      const pods = readSelector(ctx, p.podSelector, `${label}.podSelector`, ctx.fieldRef(p, 'podSelector', pref));
      const namespaces = !present(p.namespaceSelector) ? 'own' : readSelector(ctx, p.namespaceSelector, `${label}.namespaceSelector`, ctx.fieldRef(p, 'namespaceSelector', pref), 'namespaces');
      if (!pods || !namespaces) return undefined;
      // `{matchLabels: {}}` selects every namespace as `{}` does: a finding quotes it as written.
      const written = namespaces !== 'own' && isEmptySelector(namespaces) && isObject(p.namespaceSelector) && Object.keys(p.namespaceSelector).length > 0 ? flowText(p.namespaceSelector) : undefined;
      peers.push({ kind: 'pods', pods, namespaces, ref: pref, ...(written !== undefined ? { namespaceSelectorWritten: written } : {}) });
    } else {
      ctx.report('error', 'INVALID_PEER', `${label} must specify podSelector, namespaceSelector or ipBlock`, pref);
      return undefined;
    }
  }
  return peers;
}

/** A parsed YAML value in flow style, keys in written order (`{matchLabels: {}}`, `{matchExpressions: []}`). */
function flowText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `${k}: ${flowText(x)}`).join(', ')}}`;
  return v === null ? 'null' : typeof v === 'string' ? v : String(v);
}
