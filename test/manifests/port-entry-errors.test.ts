/**
 * Every invalid field of a NetworkPolicy `ports` entry is reported, each at its own line, as the API
 * server's ValidateNetworkPolicyPort lists every error of the entry. Before, the first one found hid the
 * others: `{port: 70000, protocol: TCPP}` reported only the protocol.
 */
import { analyzeYaml } from '../helpers/analyze.js';

const policy = (ports: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: default}
spec:
  podSelector: {}
  ingress:
    - ports:
${ports}
`;

const where = 'NetworkPolicy default/p: spec.ingress[0].ports[0]';
/** The entry's problems (beside them, one line says the policy is not applied). */
const problems = (ports: string) =>
  analyzeYaml(policy(ports))
    .loaded.diagnostics.filter((d) => d.message.startsWith(where))
    .map((d) => `${d.ref.file}:${d.ref.line} ${d.code} ${d.message}`);

it.each([
  [
    'a bad port and a bad protocol, in one line',
    '        - {port: 70000, protocol: TCPP}',
    [`manifests.yaml:8 UNKNOWN_PROTOCOL ${where}: protocol "TCPP" is not TCP, UDP or SCTP`, `manifests.yaml:8 PORT_OUT_OF_RANGE ${where}: port 70000 is not in 1-65535`],
  ],
  [
    'each at its own line',
    '        - protocol: TCPP\n          port: 70000\n          endPort: 0',
    [
      `manifests.yaml:8 UNKNOWN_PROTOCOL ${where}: protocol "TCPP" is not TCP, UDP or SCTP`,
      `manifests.yaml:9 PORT_OUT_OF_RANGE ${where}: port 70000 is not in 1-65535`,
      `manifests.yaml:10 PORT_OUT_OF_RANGE ${where}: endPort 0 is not in 1-65535`,
      `manifests.yaml:10 ENDPORT_BELOW_PORT ${where}: endPort 0 is below port 70000`,
    ],
  ],
  [
    'a bad port name with an endPort',
    '        - protocol: udp\n          port: Web_Port\n          endPort: 90',
    [
      `manifests.yaml:8 UNKNOWN_PROTOCOL ${where}: protocol "udp" is not TCP, UDP or SCTP`,
      expect.stringMatching(/^manifests.yaml:9 INVALID_PORT_NAME /),
      `manifests.yaml:10 ENDPORT_WITHOUT_NUMERIC_PORT ${where}: endPort needs a numeric port, not "Web_Port"`,
    ],
  ],
])('%s', (_name, ports, expected) => {
  expect(problems(ports)).toEqual(expected);
  expect(analyzeYaml(policy(ports)).loaded.cluster.policies).toHaveLength(0);
});

it('a valid entry is read as before', () => {
  const a = analyzeYaml(policy('        - {port: 80, endPort: 90, protocol: UDP}'));
  expect(a.loaded.diagnostics).toEqual([]);
  expect(a.loaded.cluster.policies[0].ingress[0].ports).toEqual([expect.objectContaining({ protocol: 'UDP', port: 80, endPort: 90 })]);
});
