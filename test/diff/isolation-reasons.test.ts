/**
 * A policy that isolates a workload but does not admit this peer (or these ports) is described by what
 * it does allow: no traffic at all, other peers (with its rules' lines), or this peer on other ports.
 * A Pass rule of an AdminNetworkPolicy that handed the traffic to the NetworkPolicies is named too.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { reasonText } from '../../src/report/reason-text.js';

const ns = (name: string, team: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {team: ${team}}}\n`;
const deploy = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n`;
const apps = [ns('web', 'web'), ns('db', 'data'), ns('ops', 'ops'), deploy('front', 'web'), deploy('pg', 'db'), deploy('tool', 'ops')].join('---\n');
const policy = (rules: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-in, namespace: db}\nspec:\n  podSelector: {matchLabels: {app: pg}}\n  policyTypes: [Ingress]\n${rules}`;
const fromWeb = '  - from:\n    - namespaceSelector: {matchLabels: {team: web}}\n    ports: [{port: 5432}]\n';
const fromOps = '  - from:\n    - namespaceSelector: {matchLabels: {team: ops}}\n    ports: [{port: 5432}]\n';
const anyNamespace5432 = '  ingress:\n  - from:\n    - namespaceSelector: {}\n    ports: [{port: 5432}]\n';

function why(base: string, head: string, pair: string, which: 'opened' | 'closed', extra: { path: string; text: string }[] = []): string[] {
  const report = analyzeDiff([{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: base }], [{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: head }, ...extra]);
  const p = report.pairs.find((x) => `${x.src.type === 'workload' ? x.src.workload.id : ''} => ${x.dst.type === 'workload' ? x.dst.workload.id : ''}` === pair);
  expect(p).toBeDefined();
  return (which === 'opened' ? p!.whyOpened : p!.whyClosed).map((r) => reasonText(r));
}

describe('why lines of a policy that isolates without admitting the peer', () => {
  it('base policy allowed another peer: its rule and line are named, and that it did not admit this one', () => {
    const lines = why(policy(`  ingress:\n${fromWeb}`), policy(`  ingress:\n${fromWeb}${fromOps}`), 'ops/tool[Deployment] => db/pg[Deployment]', 'opened');
    expect(lines).toContain('in base, NetworkPolicy db/pg-in (base:pol.yaml:1) isolated ingress; its ingress rule 1 (base:pol.yaml:8) allowed other peers, not this one');
  });

  it('head policy allows this peer on other ports only: those ports are named', () => {
    const lines = why('', policy(anyNamespace5432), 'web/front[Deployment] => db/pg[Deployment]', 'closed');
    expect(lines).toContain('NetworkPolicy db/pg-in (pol.yaml:1) isolates ingress; its ingress rule 1 (pol.yaml:8) allows this peer only on TCP 5432');
  });

  it('a policy with no rule in that direction allows nothing', () => {
    const lines = why('', policy(''), 'web/front[Deployment] => db/pg[Deployment]', 'closed');
    expect(lines).toContain('NetworkPolicy db/pg-in (pol.yaml:1) isolates ingress and allows no ingress');
  });

  it('an AdminNetworkPolicy Pass that handed the traffic to the NetworkPolicies is named before them', () => {
    const anp =
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: pass-web}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {team: data}}\n  ingress:\n  - name: pass-web\n    action: Pass\n    from:\n    - namespaces: {matchLabels: {team: web}}\n';
    const lines = why('', policy(anyNamespace5432), 'web/front[Deployment] => db/pg[Deployment]', 'closed', [{ path: 'anp.yaml', text: anp }]);
    const pass = lines.findIndex((l) => l.startsWith('passed to the next tier by AdminNetworkPolicy pass-web ingress rule 1'));
    const np = lines.findIndex((l) => l.startsWith('NetworkPolicy db/pg-in (pol.yaml:1) isolates ingress; its ingress rule 1 (pol.yaml:8) allows this peer only on TCP 5432'));
    expect(pass).toBeGreaterThanOrEqual(0);
    expect(np).toBeGreaterThan(pass);
  });
});
