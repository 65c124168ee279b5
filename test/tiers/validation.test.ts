/**
 * Cluster-wide policies are validated as their CRDs define them: an invalid object is reported (code and
 * line) and not applied, like a NetworkPolicy the API server would reject.
 */
import { analyzeYaml, lines } from '../helpers/analyze.js';

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: y, labels: {app: b}}
spec: {containers: [{name: c, image: i}]}
---
`;

const anp = (spec: string, name = 'p', kind = 'AdminNetworkPolicy', version = 'v1alpha1') => `apiVersion: policy.networking.k8s.io/${version}
kind: ${kind}
metadata: {name: ${name}}
spec:
${spec
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;

const DENY_ALL_INGRESS = `subject: {namespaces: {}}
ingress:
  - action: Deny
    from: [{namespaces: {}}]`;

function errorsOf(yaml: string): string[] {
  return analyzeYaml(PODS + yaml).json.warnings.filter((w) => w.severity === 'error').map((w) => `${w.code}:${w.line}`);
}

/** A rejected policy changes nothing: both pods still reach each other. */
function notApplied(yaml: string): void {
  expect(lines(analyzeYaml(PODS + yaml))).toEqual(lines(analyzeYaml(PODS)));
}

const INVALID: [string, string, string[]][] = [
  ['a priority above 1000', anp(`priority: 1001\n${DENY_ALL_INGRESS}`), ['INVALID_PRIORITY:15', 'INVALID_FIELD:11']],
  ['a negative priority', anp(`priority: -1\n${DENY_ALL_INGRESS}`), ['INVALID_PRIORITY:15', 'INVALID_FIELD:11']],
  ['no priority', anp(DENY_ALL_INGRESS), ['INVALID_PRIORITY:14', 'INVALID_FIELD:11']],
  ['a subject with both namespaces and pods', anp(`priority: 1\nsubject: {namespaces: {}, pods: {podSelector: {}}}\ningress: [{action: Deny, from: [{namespaces: {}}]}]`), ['INVALID_FIELD:16', 'INVALID_FIELD:11']],
  ['a subject with neither', anp(`priority: 1\nsubject: {}\ningress: [{action: Deny, from: [{namespaces: {}}]}]`), ['INVALID_FIELD:16', 'INVALID_FIELD:11']],
  ['a peer with two fields', anp(`priority: 1\nsubject: {namespaces: {}}\ningress: [{action: Deny, from: [{namespaces: {}, pods: {podSelector: {}}}]}]`), ['INVALID_PEER:17', 'INVALID_FIELD:11']],
  ['an empty from', anp(`priority: 1\nsubject: {namespaces: {}}\ningress: [{action: Deny, from: []}]`), ['INVALID_PEER:17', 'INVALID_FIELD:11']],
  ['an unknown action', anp(`priority: 1\nsubject: {namespaces: {}}\ningress: [{action: Reject, from: [{namespaces: {}}]}]`), ['INVALID_FIELD:17', 'INVALID_FIELD:11']],
  ['Accept in a v1alpha1 AdminNetworkPolicy', anp(`priority: 1\nsubject: {namespaces: {}}\ningress: [{action: Accept, from: [{namespaces: {}}]}]`), ['INVALID_FIELD:17', 'INVALID_FIELD:11']],
  ['Pass in a BaselineAdminNetworkPolicy', anp(`subject: {namespaces: {}}\ningress: [{action: Pass, from: [{namespaces: {}}]}]`, 'default', 'BaselineAdminNetworkPolicy'), ['INVALID_FIELD:16', 'INVALID_FIELD:11']],
  ['a BaselineAdminNetworkPolicy not named default', anp(DENY_ALL_INGRESS, 'strict', 'BaselineAdminNetworkPolicy'), ['INVALID_FIELD:11', 'INVALID_FIELD:11']],
  ['a ClusterNetworkPolicy without tier', anp(`priority: 1\n${DENY_ALL_INGRESS}`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'), ['INVALID_FIELD:14', 'INVALID_FIELD:11']],
  ['Allow (v1alpha1 wording) in a ClusterNetworkPolicy', anp(`tier: Admin\npriority: 1\nsubject: {namespaces: {}}\ningress: [{action: Allow, from: [{namespaces: {}}]}]`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'), ['INVALID_FIELD:18', 'INVALID_FIELD:11']],
  ['26 rules in a ClusterNetworkPolicy', anp(`tier: Admin\npriority: 1\nsubject: {namespaces: {}}\ningress:\n${'  - {action: Deny, from: [{namespaces: {}}]}\n'.repeat(26)}`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'), ['TOO_MANY_ITEMS:18', 'INVALID_FIELD:11']],
  ['a port range whose end is not above its start (v1alpha2)', anp(`tier: Admin\npriority: 1\nsubject: {namespaces: {}}\ningress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {range: {start: 90, end: 90}}}}]}]`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'), ['ENDPORT_BELOW_PORT:18', 'INVALID_FIELD:11']],
  ['a protocol entry with tcp and udp', anp(`tier: Admin\npriority: 1\nsubject: {namespaces: {}}\ningress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 80}}, udp: {destinationPort: {number: 53}}}]}]`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'), ['INVALID_FIELD:18', 'INVALID_FIELD:11']],
  ['a port with portNumber and namedPort', anp(`priority: 1\nsubject: {namespaces: {}}\ningress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}, namedPort: http}]}]`), ['INVALID_FIELD:17', 'INVALID_FIELD:11']],
  ['port 0', anp(`priority: 1\nsubject: {namespaces: {}}\ningress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 0}}]}]`), ['PORT_OUT_OF_RANGE:17', 'INVALID_FIELD:11']],
  ['an invalid CIDR in networks', anp(`priority: 1\nsubject: {namespaces: {}}\negress: [{action: Deny, to: [{networks: [10.0.0.300/8]}]}]`), ['INVALID_CIDR:17', 'INVALID_FIELD:11']],
  ['networks on ingress', anp(`priority: 1\nsubject: {namespaces: {}}\ningress: [{action: Deny, from: [{networks: [10.0.0.0/8]}]}]`), ['INVALID_PEER:17', 'INVALID_FIELD:11']],
  ['domainNames in a Deny rule', anp(`tier: Admin\npriority: 1\nsubject: {namespaces: {}}\negress: [{action: Deny, to: [{domainNames: [example.com]}]}]`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'), ['INVALID_PEER:18', 'INVALID_FIELD:11']],
  ['a malformed domain name', anp(`tier: Admin\npriority: 1\nsubject: {namespaces: {}}\negress: [{action: Accept, to: [{domainNames: ["foo.*.com"]}]}]`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'), ['INVALID_PEER:18', 'INVALID_FIELD:11']],
  ['a bad selector operator', anp(`priority: 1\nsubject: {namespaces: {matchExpressions: [{key: a, operator: Has}]}}\ningress: [{action: Deny, from: [{namespaces: {}}]}]`), ['BAD_SELECTOR:16', 'INVALID_FIELD:11']],
];

describe('cluster-wide policies are validated as their CRDs define them', () => {
  it.each(INVALID)('rejects %s, with the line, and does not apply it', (_name, yaml, errors) => {
    expect(errorsOf(yaml).sort()).toEqual([...errors].sort());
    notApplied(yaml);
  });

  it('accepts the largest valid values (priority 1000, 25 ClusterNetworkPolicy rules, 100 AdminNetworkPolicy rules)', () => {
    expect(errorsOf(anp(`priority: 1000\n${DENY_ALL_INGRESS}`))).toEqual([]);
    expect(errorsOf(anp(`tier: Baseline\npriority: 0\nsubject: {namespaces: {}}\ningress:\n${'  - {action: Deny, from: [{namespaces: {}}]}\n'.repeat(25)}`, 'p', 'ClusterNetworkPolicy', 'v1alpha2'))).toEqual([]);
    expect(errorsOf(anp(`priority: 3\nsubject: {namespaces: {}}\ningress:\n${'  - {action: Deny, from: [{namespaces: {}}]}\n'.repeat(100)}`))).toEqual([]);
  });

  it('a second BaselineAdminNetworkPolicy named default is a duplicate; the last copy applies (as kubectl apply leaves it)', () => {
    const banp = anp(DENY_ALL_INGRESS, 'default', 'BaselineAdminNetworkPolicy');
    const a = analyzeYaml(PODS + banp + '---\n' + anp(`subject: {namespaces: {}}\ningress: [{action: Allow, from: [{namespaces: {}}]}]`, 'default', 'BaselineAdminNetworkPolicy'));
    expect(a.json.warnings.map((w) => w.code)).toContain('DUPLICATE_OBJECT');
    expect(lines(a).filter((l) => l.includes('[Pod] => ') && l.endsWith('[Pod] : All Connections'))).toEqual(['x/a[Pod] => y/b[Pod] : All Connections', 'y/b[Pod] => x/a[Pod] : All Connections']);
  });

  it('another apiVersion of a known kind is a warning, not silently dropped', () => {
    const a = analyzeYaml(PODS + anp(`priority: 1\n${DENY_ALL_INGRESS}`, 'p', 'AdminNetworkPolicy', 'v1alpha2'));
    expect(a.json.warnings.map((w) => `${w.code}:${w.line}`)).toEqual(['UNSUPPORTED_API_VERSION:11']);
  });

  it('nodes peers are warnings; the rest of the policy applies (sameLabels between unlabelled namespaces selects nothing)', () => {
    const a = analyzeYaml(
      PODS +
        anp(`priority: 1\nsubject: {namespaces: {}}\negress:\n  - {action: Deny, to: [{nodes: {}}]}\n  - {action: Deny, to: [{namespaces: {sameLabels: [team]}}]}\n  - {action: Deny, to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}}]}`),
    );
    expect(a.json.warnings.map((w) => `${w.code}:${w.line}`)).toEqual(['UNSUPPORTED_PEER:18']);
    expect(lines(a).filter((l) => /^\S+\[Pod\] => \S+\[Pod\]/.test(l))).toEqual(['y/b[Pod] => x/a[Pod] : All Connections']);
  });
});
