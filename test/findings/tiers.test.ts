/** Findings with cluster-wide policies: AMBIGUOUS_PRIORITY, and Admin/Baseline policies counting as protection and isolation. */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { twoTeams } from '../helpers/clusters.js';

const WORKLOADS = twoTeams('Deployment');

const anp = (name: string, priority: number, action: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
  subject: {namespaces: {matchLabels: {team: blue}}}
  ingress:
    - name: r
      action: ${action}
      from: [{namespaces: {matchLabels: {team: red}}}]
`;

const BASELINE_DENY_EGRESS = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  egress:
    - action: Deny
      to: [{namespaces: {}}]
`;

function findings(...docs: string[]) {
  const loaded = loadManifests([{ path: 'k8s.yaml', text: [WORKLOADS, ...docs].join('---\n') }]);
  return commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG });
}
const codes = (f: ReturnType<typeof findings>, code: string) => f.filter((x) => x.code === code).map((x) => `${x.subject} ${x.object}`);

describe('AMBIGUOUS_PRIORITY', () => {
  it('two Admin policies of equal priority that both match a connection', () => {
    const f = findings(anp('allow-red', 10, 'Allow'), anp('deny-red', 10, 'Deny'));
    expect(codes(f, 'AMBIGUOUS_PRIORITY')).toEqual(['AdminNetworkPolicy/deny-red ingress:AdminNetworkPolicy/allow-red']);
    expect(f.find((x) => x.code === 'AMBIGUOUS_PRIORITY')).toMatchObject({ severity: 'warning' });
  });

  it('does not fire for different priorities (near miss)', () => {
    expect(codes(findings(anp('allow-red', 10, 'Allow'), anp('deny-red', 11, 'Deny')), 'AMBIGUOUS_PRIORITY')).toEqual([]);
  });

  it('is new in a diff when the PR gives a second policy the same priority', () => {
    const files = (...docs: string[]) => [{ path: 'k8s.yaml', text: [WORKLOADS, ...docs].join('---\n') }];
    const report = analyzeDiff(files(anp('allow-red', 10, 'Allow'), anp('deny-red', 11, 'Deny')), files(anp('allow-red', 10, 'Allow'), anp('deny-red', 10, 'Deny')));
    expect(report.findings.filter((f) => f.new && f.code === 'AMBIGUOUS_PRIORITY')).toHaveLength(1);
    // A finding is not a warning as well.
    expect(report.warnings.head.map((w) => w.code)).not.toContain('TIER_PRIORITY_AMBIGUOUS');
  });
});

describe('cluster-wide policies in other findings', () => {
  it('an Admin policy selecting a workload protects it in that direction', () => {
    const f = findings(anp('deny-red', 10, 'Deny'));
    expect(codes(f, 'UNPROTECTED_WORKLOAD')).toEqual(['a/client[Deployment] egress', 'a/client[Deployment] ingress', 'b/server[Deployment] egress']);
  });

  it('a Baseline deny of all egress isolates it: DNS is missing, and the finding names the policy', () => {
    const f = findings(BASELINE_DENY_EGRESS);
    expect(codes(f, 'DNS_EGRESS_MISSING')).toEqual(['a/client[Deployment] dns', 'b/server[Deployment] dns']);
    expect(f.find((x) => x.code === 'DNS_EGRESS_MISSING')!.message).toContain('BaselineAdminNetworkPolicy default');
  });
});
