/**
 * The fields Cilium's policy API has at each level of a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy,
 * and the warning for a field it lacks. Source: cilium/cilium pkg/policy/api (rule.go `Rule`,
 * `DefaultDenyConfig`; ingress.go `IngressCommonRule`, `IngressRule`, `IngressDenyRule`; egress.go
 * `EgressCommonRule`, `EgressRule`, `EgressDenyRule`; l4.go `PortRule`, `PortDenyRule`, `PortProtocol`;
 * cidr.go `CIDRRule`; selector.go `EndpointSelector`) and the CRD schema generated from them.
 *
 * A field the schema lacks (`toPort:`, `fromEndpoint:`) is not an error here: the API server stores a custom
 * resource without the fields its structural schema lacks (Flux, Helm and other clients that do not ask for
 * strict field validation apply it so; `kubectl apply` refuses it). The object is read as it is then stored,
 * without the field, which is what Cilium enforces; the warning names the field, the nearest known one, and
 * what the rule becomes without it, so an opening it causes (`fromEndpoint:` beside `toPorts` admits every
 * peer) is reported as opened, never hidden.
 */
import type { Direction, SourceRef } from '../../engine/model.js';
import type { Json } from '../context.js';
import { checkFields } from '../field-checks.js';
import type { UnknownFieldReading } from '../field-checks.js';
import { OBJECT_TOP_LEVEL } from '../known-fields.js';
import type { CRule, Scope } from './cilium-scope.js';

const fields = (...names: string[]): ReadonlySet<string> => new Set(names);

/** The object's top level: a CiliumNetworkPolicy holds one `spec`, several `specs`, or both. */
export const CILIUM_TOP_LEVEL = fields(...OBJECT_TOP_LEVEL, 'specs');
/** `Rule`: one spec. */
export const CILIUM_SPEC = fields('endpointSelector', 'nodeSelector', 'ingress', 'ingressDeny', 'egress', 'egressDeny', 'labels', 'description', 'enableDefaultDeny', 'log');
export const CILIUM_DEFAULT_DENY = fields('ingress', 'egress');
/** `EndpointSelector` (a LabelSelector) and its requirements. */
export const CILIUM_SELECTOR = fields('matchLabels', 'matchExpressions');
export const CILIUM_REQUIREMENT = fields('key', 'operator', 'values');
export const CILIUM_CIDR_RULE = fields('cidr', 'cidrGroupRef', 'cidrGroupSelector', 'except');
export const CILIUM_PORT_PROTOCOL = fields('port', 'endPort', 'protocol');

const INGRESS_COMMON = ['fromEndpoints', 'fromRequires', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromGroups', 'fromNodes'];
const EGRESS_COMMON = ['toEndpoints', 'toRequires', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toGroups', 'toNodes'];

/** The fields of a rule, by direction, allow (`IngressRule`, `EgressRule`) or deny (`IngressDenyRule`, `EgressDenyRule`). */
export const CILIUM_RULE: Record<Direction, Record<'allow' | 'deny', ReadonlySet<string>>> = {
  ingress: { allow: fields(...INGRESS_COMMON, 'toPorts', 'icmps', 'authentication'), deny: fields(...INGRESS_COMMON, 'toPorts', 'icmps') },
  egress: { allow: fields(...EGRESS_COMMON, 'toPorts', 'toFQDNs', 'icmps', 'authentication'), deny: fields(...EGRESS_COMMON, 'toPorts', 'icmps') },
};

/** A `toPorts` entry: `PortRule` on an allow rule, `PortDenyRule` (ports only) on a deny rule. */
export const CILIUM_PORT_RULE: Record<'allow' | 'deny', ReadonlySet<string>> = {
  allow: fields('ports', 'rules', 'terminatingTLS', 'originatingTLS', 'serverNames', 'listener'),
  deny: fields('ports'),
};

/** Fields an allow rule has and a deny rule lacks, said as the reason instead of a near name. */
export const DENY_HINTS: Readonly<Record<string, string>> = {
  authentication: 'deny rules have no `authentication`',
  toFQDNs: 'deny rules have no `toFQDNs`',
  rules: 'deny rules have no L7 `rules`',
  terminatingTLS: 'deny rules have no TLS settings',
  originatingTLS: 'deny rules have no TLS settings',
  serverNames: 'deny rules have no `serverNames`',
  listener: 'deny rules have no `listener`',
};

const DROPPED = 'the API server stores a custom resource without the fields its schema lacks (`kubectl apply` refuses it instead)';

/** The reading of an unknown field of a Cilium policy: a warning; the object is read without it. */
export const CILIUM_UNKNOWN_FIELD: UnknownFieldReading = { severity: 'warning', consequence: `${DROPPED}, so it is read without it` };

/** Warns about each field of `obj` that `known` lacks; the reading goes on without them. */
export function warnUnknownFields(scope: Scope, obj: Json, known: ReadonlySet<string>, label: string, ref: SourceRef, hints: Readonly<Record<string, string>> = {}, reading: UnknownFieldReading = CILIUM_UNKNOWN_FIELD): void {
  checkFields(scope.ctx, obj, known, `${scope.where}: ${label}`, ref, hints, reading);
}

/**
 * The reading of an unknown field of a rule, with what the rule became without it: a `toPorts`-only rule
 * admits every peer, a rule without `toPorts` every port, an emptied rule nothing.
 */
export function ruleReading(rule: CRule, isDeny: boolean): UnknownFieldReading {
  const verb = isDeny ? 'denies' : 'allows';
  const became =
    rule.peers === 'any'
      ? `: with no L3 field left it ${verb} every peer (every pod and address) on its toPorts`
      : rule.peers.length === 0 && (rule.ports === 'any' || rule.ports.length === 0)
        ? `: it ${verb} nothing`
        : rule.ports === 'any'
          ? `: with no toPorts left it ${verb} its peers on every port`
          : '';
  return { severity: 'warning', consequence: `${DROPPED}, so the rule is read without it${became}` };
}
