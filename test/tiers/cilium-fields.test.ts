/**
 * Fields Cilium's policy API lacks (a misspelt `toPort:`, `fromEndpoint:`): a warning at the field's line naming
 * it and the nearest known field, and the policy read without it, as the API server stores a custom resource
 * (docs/cilium.md). Before, such a field was dropped in silence, and `specs` was refused as unknown.
 */
import { analyzeYaml, lines } from '../helpers/analyze.js';

const WORLD = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
---
`;
/** Line of the first policy document's `apiVersion` in `WORLD + policy`. */
const FIRST = WORLD.split('\n').length;

const run = (policy: string) => analyzeYaml(WORLD + policy);
const unknown = (a: ReturnType<typeof run>) => a.json.warnings.filter((w) => w.code === 'UNKNOWN_FIELD').map((w) => ({ line: w.line - FIRST + 1, severity: w.severity, message: w.message }));
const into = (a: ReturnType<typeof run>, dst: string) => lines(a).filter((l) => l.split(' => ')[1].startsWith(dst));

describe('a field Cilium does not have', () => {
  it('in a rule: a warning at its line with the nearest field, and the rule read without it (every peer on its toPorts; every port)', () => {
    const a = run(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-in, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoint: [{matchLabels: {app: web}}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
    - fromEndpoints: [{matchLabels: {app: web}}]
      toPort: [{ports: [{port: "80", protocol: TCP}]}]
`);
    const w = unknown(a);
    expect(w.map((x) => [x.line, x.severity])).toEqual([
      [7, 'warning'],
      [10, 'warning'],
    ]);
    expect(w[0].message).toContain('unknown field `spec.ingress[0].fromEndpoint` (did you mean `fromEndpoints`?)');
    expect(w[0].message).toMatch(/read without it: with no L3 field left it allows every peer .* on its toPorts/);
    expect(w[1].message).toContain('unknown field `spec.ingress[1].toPort` (did you mean `toPorts`?)');
    expect(w[1].message).toMatch(/with no toPorts left it allows its peers on every port/);
    // As stored: rule 1 admits everyone on TCP 443, rule 2 admits web on every port.
    expect(into(a, 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : All Connections', '0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => shop/api[Deployment] : TCP 443']);
  });

  it('in a selector, a CIDR set, a toPorts entry, a port, enableDefaultDeny and the spec: each warned at its line; a deny rule is told it has no L7 rules', () => {
    const a = run(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-in, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  enableDefaultDeny: {ingres: true}
  descripton: typo
  ingress:
    - fromEndpoints:
        - matchLabel: {app: web}
      toPorts:
        - ports: [{port: "443", protocl: TCP}]
          rule: {http: [{method: GET}]}
  egressDeny:
    - toCIDRSet: [{cidr: 10.0.0.0/8, excpt: [10.1.0.0/16]}]
      toPorts: [{ports: [{port: "22"}], rules: {http: [{method: GET}]}}]
`);
    expect(unknown(a).map((w) => [w.line, w.message.replace(/^CiliumNetworkPolicy shop\/api-in: unknown field /, '').replace(/;.*/, '')])).toEqual([
      [6, '`spec.enableDefaultDeny.ingres` (did you mean `ingress`?)'],
      [7, '`spec.descripton` (did you mean `description`?)'],
      [10, '`spec.ingress[0].fromEndpoints[0].matchLabel` (did you mean `matchLabels`?)'],
      [12, '`spec.ingress[0].toPorts[0].ports[0].protocl` (did you mean `protocol`?)'],
      [13, '`spec.ingress[0].toPorts[0].rule` (did you mean `rules`?)'],
      [15, '`spec.egressDeny[0].toCIDRSet[0].excpt` (did you mean `except`?)'],
      [16, '`spec.egressDeny[0].toPorts[0].rules` (deny rules have no L7 `rules`)'],
    ]);
    expect(unknown(a).every((w) => w.severity === 'warning')).toBe(true);
    // Read as stored: `matchLabel` dropped leaves `{}`, every pod of shop; `protocl` dropped leaves ANY.
    expect(into(a, 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : SCTP 443,TCP 443,UDP 443']);
  });

  it('`specs` is a field of the kind (one policy, several rules), analysed with no warning', () => {
    const a = run(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-in, namespace: shop}
specs:
  - endpointSelector: {matchLabels: {app: api}}
    ingress: [{fromEndpoints: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: "443", protocol: TCP}]}]}]
`);
    expect(a.json.warnings).toEqual([]);
    expect(into(a, 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : TCP 443']);
  });

  it('every field of the API is known: a policy using them all has no UNKNOWN_FIELD warning', () => {
    const a = run(`apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: all-fields}
spec:
  description: every field
  labels: [{key: team, value: net}]
  endpointSelector:
    matchLabels: {app: api}
    matchExpressions: [{key: tier, operator: NotIn, values: [x]}]
  enableDefaultDeny: {ingress: true, egress: true}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
      toPorts: [{ports: [{port: "8000", endPort: 8100, protocol: TCP}], serverNames: [a.example], terminatingTLS: {secret: {name: s}}, originatingTLS: {secret: {name: s}}}]
    - fromCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]
      authentication: {mode: disabled}
  ingressDeny:
    - fromCIDR: [192.0.2.0/24]
      toPorts: [{ports: [{port: "22", protocol: TCP}]}]
  egress:
    - toEndpoints: [{matchLabels: {app: web}}]
      toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]
  egressDeny:
    - toEntities: [world]
`);
    expect(a.json.warnings.filter((w) => w.code === 'UNKNOWN_FIELD')).toEqual([]);
  });
});
