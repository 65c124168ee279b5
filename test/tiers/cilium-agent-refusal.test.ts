/**
 * What Cilium's agent refuses when it validates a policy's rules (pkg/policy/api rule_validation.go:
 * `PortProtocol` "port must be specified", `L7Rules` "port 53 must be specified for DNS rules", `PortRule`
 * "DNS rules are not allowed on ingress", "L7 rules can only apply to TCP", "L7 rules can not be used when a
 * port is 0", "DNS rules do not support port ranges") is an AGENT_REFUSED error at the field's line, and the
 * policy is not applied, as the agent imports none of it; in a diff, an edit it refuses leaves base's rules.
 * Before, a port-less `{protocol: TCP}` was read as every port, and DNS rules without ports were warned as
 * refused yet read. DNS rules on another port than 53 are accepted (that port goes to the DNS proxy): read
 * as allowing the port, with a warning. Hand-written manifests (test/helpers/tier-world.ts).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { analyzeYaml, lines } from '../helpers/analyze.js';
import { WORLD } from '../helpers/tier-world.js';

const cnp = (name: string, ns: string, spec: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

/** Line `n` of the policy document appended to WORLD. */
const at = (n: number) => `${WORLD}---\n`.split('\n').length + n - 1;
const run = (policy: string) => analyzeYaml(`${WORLD}---\n${policy}`);
const refused = (a: ReturnType<typeof run>) => a.json.warnings.filter((w) => w.code === 'AGENT_REFUSED').map((w) => [w.line, w.message]);
const into = (a: ReturnType<typeof run>, dst: string) => lines(a).filter((l) => l.split(' => ')[1].startsWith(dst));

const DB_IN = (ports: string) =>
  cnp('db-in', 'data', `  endpointSelector: {matchLabels: {app: db}}
  ingress:
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: shop}}]
      toPorts:
        - ports: [${ports}]
`);

describe("what Cilium's agent refuses", () => {
  it('a port without `port`: an error at its line, and the policy not applied (db open to all), where it was read as every port', () => {
    const a = run(DB_IN('{protocol: TCP}'));
    expect(refused(a)).toEqual([
      [at(1), "CiliumNetworkPolicy data/db-in is refused by Cilium's agent; it is not applied"],
      [at(9), 'CiliumNetworkPolicy data/db-in: spec.ingress[0].toPorts[0].ports[0]: no `port` (every port of a protocol is port "0"); Cilium\'s agent refuses this policy ("port must be specified"), so none of it is applied'],
    ]);
    expect(into(a, 'data/db')).toContain('other/client[Deployment] => data/db[Deployment] : All Connections');
    // Port "0" is every port of the protocol: accepted.
    const zero = run(DB_IN('{port: "0", protocol: TCP}'));
    expect(refused(zero)).toEqual([]);
    expect(into(zero, 'data/db')).toEqual(expect.arrayContaining(['shop/api[Deployment] => data/db[Deployment] : TCP 1-65535']));
    expect(into(zero, 'data/db').some((l) => l.startsWith('other/client'))).toBe(false);
  });

  it('a port without `port` in a deny rule too (PortDenyRule)', () => {
    const a = run(cnp('no-db', 'shop', '  endpointSelector: {}\n  egressDeny:\n    - toEndpoints: [{matchLabels: {app: db}}]\n      toPorts: [{ports: [{protocol: UDP}]}]\n'));
    expect(refused(a).map(([line]) => line)).toEqual([at(1), at(8)]);
  });

  it('DNS rules without ports, on ingress, on a range; L7 rules on a port 0 or not TCP (an omitted protocol is ANY)', () => {
    const cases: [string, string][] = [
      ['  egress:\n    - toPorts: [{rules: {dns: [{matchPattern: "*"}]}}]\n', 'port 53 must be specified for DNS rules'],
      ['  ingress:\n    - toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]\n', 'DNS rules are not allowed on ingress'],
      ['  egress:\n    - toPorts: [{ports: [{port: "53", endPort: 54, protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]\n', 'DNS rules do not support port ranges'],
      ['  ingress:\n    - toPorts: [{ports: [{port: "0", protocol: TCP}], rules: {http: [{method: GET}]}}]\n', 'L7 rules can not be used when a port is 0'],
      ['  ingress:\n    - toPorts: [{ports: [{port: "80"}], rules: {http: [{method: GET}]}}]\n', 'L7 rules can only apply to TCP (not ANY) except for DNS rules'],
    ];
    for (const [spec, reason] of cases) {
      const a = run(cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}\n${spec}`));
      expect(refused(a)).toEqual([[at(1), expect.stringContaining('is refused')], [at(7), expect.stringContaining(`.toPorts[0].rules: Cilium's agent refuses this policy ("${reason}")`)]]);
      expect(a.json.warnings.filter((w) => w.code === 'MISSING_FIELD')).toEqual([]);
    }
  });

  it('DNS rules on another port than 53 are accepted: the port allowed, with a warning that the DNS proxy filters it', () => {
    const a = run(cnp('dns', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  egress:\n    - toEndpoints: [{matchLabels: {app: web}}]\n      toPorts: [{ports: [{port: "5353", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]\n'));
    expect(refused(a)).toEqual([]);
    expect(lines(a)).toContain('shop/api[Deployment] => shop/web[Deployment] : UDP 5353');
    expect(a.json.warnings.filter((w) => w.code === 'UNSUPPORTED_FIELD').map((w) => w.message)).toEqual([expect.stringContaining('DNS rules on a port other than 53: Cilium sends that port to its DNS proxy')]);
  });

  // Real repositories 36: a CiliumNetworkPolicy's `port: "1-65535"` (a range written as one port, which the CRD's
  // pattern lets through) was read as a port named "1-65535"; the agent parses it as a number and refuses the policy.
  it('a port that is neither a number nor a port name (a range in `port`, a name over 15 characters): refused', () => {
    for (const port of ['1-65535', 'metrics-exporter-http', '-web', '08']) {
      const a = run(DB_IN(`{port: "${port}", protocol: TCP}`));
      expect(refused(a)).toEqual([[at(1), expect.stringContaining('is refused')], [at(9), expect.stringContaining(`spec.ingress[0].toPorts[0].ports[0].port: "${port}" `)]]);
      expect(refused(a)[1][1]).toContain('Cilium\'s agent refuses this policy ("unable to parse port"), so none of it is applied');
      expect(into(a, 'data/db')).toContain('other/client[Deployment] => data/db[Deployment] : All Connections');
    }
    // Port names and numbers the agent accepts: a name with single hyphens, a number with a leading 0 read as octal.
    expect(refused(run(DB_IN('{port: "http-metrics", protocol: TCP}')))).toEqual([]);
    const octal = run(DB_IN('{port: "010", protocol: TCP}'));
    expect(refused(octal)).toEqual([]);
    expect(into(octal, 'data/db')).toContain('shop/api[Deployment] => data/db[Deployment] : TCP 8');
  });

  it("in a diff, an edit the agent refuses leaves base's rules, said as the agent's", () => {
    const files = (ports: string) => [{ path: 'k8s.yaml', text: `${WORLD}---\n${DB_IN(ports)}` }];
    const report = analyzeDiff(files('{port: "5432", protocol: TCP}'), files('{protocol: TCP}'));
    expect(report.pairs.filter((p) => p.opened || p.closed)).toEqual([]);
    expect(report.warnings.head.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CiliumNetworkPolicy data\/db-in: Cilium's agent refuses head's version \(k8s\.yaml:\d+\), so it keeps the rules of base's version \(base:k8s\.yaml:\d+\); analysed with base's$/)]),
    );
  });
});
