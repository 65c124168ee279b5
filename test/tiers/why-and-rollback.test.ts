/**
 * Why and rollback across tiers: a path opened by a new Admin Pass, by a removed Baseline Deny, or by a
 * ClusterNetworkPolicy Accept names that rule and its line; the rollback reverts any of the three kinds.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { reasonText } from '../../src/report/reason-text.js';
import { twoTeams } from '../helpers/clusters.js';

const WORKLOADS = twoTeams('Pod', '[{name: http, containerPort: 8080}]');

const DENY_FROM_A = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-from-red}
spec:
  priority: 20
  subject: {namespaces: {matchLabels: {team: blue}}}
  ingress:
    - name: deny-red
      action: Deny
      from: [{namespaces: {matchLabels: {team: red}}}]
`;

const PASS_FROM_A = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: pass-red}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: blue}}}
  ingress:
    - name: delegate-red
      action: Pass
      from: [{namespaces: {matchLabels: {team: red}}}]
      ports: [{portNumber: {protocol: TCP, port: 8080}}]
`;

const BASELINE_DENY = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
    - action: Deny
      from: [{namespaces: {matchLabels: {team: red}}}]
`;

const CNP_ACCEPT = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: accept-red-http}
spec:
  tier: Admin
  priority: 5
  subject: {pods: {namespaceSelector: {matchLabels: {team: blue}}, podSelector: {matchLabels: {app: server}}}}
  ingress:
    - action: Accept
      from: [{pods: {namespaceSelector: {matchLabels: {team: red}}, podSelector: {}}}]
      protocols: [{destinationNamedPort: http}]
`;

function files(...policies: [string, string][]): ManifestFile[] {
  return [{ path: 'workloads.yaml', text: WORKLOADS }, ...policies.map(([path, text]) => ({ path, text }))];
}

function openedPair(report: DiffReport) {
  const pairs = report.pairs.filter((p) => p.opened && p.src.type === 'workload' && p.dst.type === 'workload' && p.src.workload !== p.dst.workload);
  expect(pairs.map((p) => `${p.src.type === 'workload' ? p.src.workload.id : ''} => ${p.dst.type === 'workload' ? p.dst.workload.id : ''} : ${p.opened!.toText()}`)).toEqual([
    'a/client[Pod] => b/server[Pod] : TCP 8080',
  ]);
  return pairs[0];
}

describe('why and rollback across tiers', () => {
  it('a new Admin Pass delegates past a lower-precedence Deny: the Pass rule and the Deny are named', () => {
    const report = analyzeDiff(files(['deny.yaml', DENY_FROM_A]), files(['deny.yaml', DENY_FROM_A], ['pass.yaml', PASS_FROM_A]));
    const pair = openedPair(report);
    const why = pair.whyOpened.map((r) => reasonText(r));
    expect(why).toEqual([
      'passed to the next tier by AdminNetworkPolicy pass-red ingress rule 1 "delegate-red" (Admin tier, pass.yaml:8)',
      'no policy isolates b/server[Pod] for ingress',
      'AdminNetworkPolicy pass-red is new (pass.yaml:1)',
      'in base, denied by AdminNetworkPolicy deny-from-red ingress rule 1 "deny-red" (Admin tier, base:deny.yaml:8)',
    ]);
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['AdminNetworkPolicy//pass-red']);
  });

  it('a removed Baseline Deny: the base rule is named and the rollback restores the BaselineAdminNetworkPolicy', () => {
    const report = analyzeDiff(files(['banp.yaml', BASELINE_DENY]), files());
    const pair = report.pairs.find((p) => p.opened && p.src.type === 'workload' && p.dst.type === 'workload' && p.dst.workload.id === 'b/server[Pod]' && p.src.workload.id === 'a/client[Pod]')!;
    expect(pair.opened!.toText()).toBe('All Connections');
    expect(pair.whyOpened.map((r) => reasonText(r))).toEqual([
      'no policy isolates b/server[Pod] for ingress',
      'in base, denied by BaselineAdminNetworkPolicy default ingress rule 1 (Baseline tier, base:banp.yaml:7)',
    ]);
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['removed BaselineAdminNetworkPolicy//default']);
  });

  it('a ClusterNetworkPolicy Accept above an AdminNetworkPolicy Deny opens the named port only', () => {
    const report = analyzeDiff(files(['deny.yaml', DENY_FROM_A]), files(['deny.yaml', DENY_FROM_A], ['cnp.yaml', CNP_ACCEPT]));
    const pair = openedPair(report);
    expect(pair.whyOpened.map((r) => reasonText(r))).toEqual([
      'allowed by ClusterNetworkPolicy accept-red-http ingress rule 1 (Admin tier, cnp.yaml:9)',
      'ClusterNetworkPolicy accept-red-http is new (cnp.yaml:1)',
      'in base, denied by AdminNetworkPolicy deny-from-red ingress rule 1 "deny-red" (Admin tier, base:deny.yaml:8)',
    ]);
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['ClusterNetworkPolicy//accept-red-http']);
  });

  it('an edited NetworkPolicy under an Admin Pass: the Pass and the NetworkPolicy rule are both reasons', () => {
    const np = (port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: b}
spec:
  podSelector: {}
  ingress:
    - ports: [{port: ${port}}]
`;
    const report = analyzeDiff(files(['deny.yaml', DENY_FROM_A], ['pass.yaml', PASS_FROM_A], ['np.yaml', np(9090)]), files(['deny.yaml', DENY_FROM_A], ['pass.yaml', PASS_FROM_A], ['np.yaml', np(8080)]));
    const pair = openedPair(report);
    expect(pair.whyOpened.map((r) => reasonText(r))).toEqual([
      'passed to the next tier by AdminNetworkPolicy pass-red ingress rule 1 "delegate-red" (Admin tier, pass.yaml:8)',
      'allowed by NetworkPolicy b/web ingress rule 1 (np.yaml:7)',
      'in base, NetworkPolicy b/web ingress rule 1 did not allow it (base:np.yaml:7)',
    ]);
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/b/web']);
  });
});
