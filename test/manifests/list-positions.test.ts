/** Items of a typed List keep their own lines, so findings and annotations point at the item. */
import { analyzeYaml, ingressPeerPolicy } from '../helpers/analyze.js';

it('each item of a NetworkPolicyList is positioned at its own line', () => {
  const a = analyzeYaml(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
  - metadata: {name: a}
    spec:
      podSelector: {}
  - metadata: {name: b}
    spec:
      podSelector: {}
`);
  expect(a.loaded.cluster.policies.map((p) => [p.name, p.ref.line])).toEqual([
    ['a', 4],
    ['b', 7],
  ]);
});

it.each([
  ['except written as a string', `ipBlock: {cidr: 10.0.0.0/8, except: 10.1.0.0/16}`, 'INVALID_CIDR'],
  ['a boolean port', `podSelector: {}\n      ports: [{port: true}]`, 'PORT_OUT_OF_RANGE'],
  ['a port given as a list', `podSelector: {}\n      ports: [{port: [443]}]`, 'PORT_OUT_OF_RANGE'],
  ['selector values that are not a list', `podSelector: {matchExpressions: [{key: app, operator: Exists, values: x}]}`, 'BAD_SELECTOR'],
])('%s is rejected as the API server would, not read loosely', (_name, peer, code) => {
  const a = analyzeYaml(ingressPeerPolicy(peer));
  expect(a.loaded.diagnostics.map((d) => d.code)).toContain(code);
  expect(a.loaded.cluster.policies).toHaveLength(0);
});

it('a Service port with an unknown protocol is reported and ignored', () => {
  const a = analyzeYaml(`apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  selector: {app: x}
  ports:
    - {port: 80, protocol: udp}
`);
  expect(a.loaded.diagnostics.map((d) => [d.code, d.ref.line])).toEqual([['UNKNOWN_PROTOCOL', 7]]);
  expect(a.loaded.cluster.services[0].ports).toEqual([]);
});

it('an invalid first copy of a policy does not make the valid second copy "ignored"', () => {
  const policy = (port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {}
  ingress:
    - ports: [{port: ${port}}]
`;
  const a = analyzeYaml(`${policy('99999')}---\n${policy('80')}`);
  expect(a.loaded.cluster.policies).toHaveLength(1);
  expect(a.loaded.diagnostics.map((d) => d.code)).not.toContain('DUPLICATE_OBJECT');
});

it('a NetworkPolicy of another API group is reported, not silently dropped (one of a built-in group kubectl refuses: read-as-kubectl.test.ts)', () => {
  const a = analyzeYaml(`apiVersion: policy.example.com/v1
kind: NetworkPolicy
metadata: {name: old}
spec:
  podSelector: {}
`);
  // The object itself, and the count of its kind (see never-blind.test.ts).
  expect(a.loaded.diagnostics.map((d) => [d.code, d.ref.line])).toEqual([
    ['UNSUPPORTED_API_VERSION', 1],
    ['UNMODELLED_POLICY', 1],
  ]);
  expect(a.loaded.cluster.policies).toHaveLength(0);
});
