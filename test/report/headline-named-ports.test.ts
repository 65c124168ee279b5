/**
 * A rule's port name toward a workload that numbers it and toward pods the manifests do not hold is one port:
 * the headline tells it by its name with the number each workload gives it (`TCP grpc (9090 on shop/payments)`),
 * not as two ports (`TCP 9090, TCP grpc`: the demo's headline, fresh-user trial 27). A number some rule gives by
 * number stays a port of its own. Text, Markdown and the check run's summary share the headline.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const deployment = (name: string, port: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: payments, v: ${name}}}\n  template:\n    metadata: {labels: {app: payments, v: ${name}}}\n    spec: {containers: [{name: c, image: i, ports: [{name: grpc, containerPort: ${port}}]}]}\n`;
const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checkout, namespace: shop}\nspec:\n  selector: {matchLabels: {app: checkout}}\n  template:\n    metadata: {labels: {app: checkout}}\n    spec: {containers: [{name: c, image: i}]}\n';
const policy = (from: string, ports: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: payments, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: payments}}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n${from}      ports:\n${ports}`;
const checkout = '        - podSelector: {matchLabels: {app: checkout}}\n';
const everyNamespace = `${checkout}        - namespaceSelector: {}\n`;
const grpc = '        - port: grpc\n';

function reports(workloads: string, ports: string) {
  const files = (p: string) => [{ path: 'w.yaml', text: `${workloads}---\n${client}` }, { path: 'np.yaml', text: p }];
  const report = analyzeDiff(files(policy(checkout, ports)), files(policy(everyNamespace, ports)));
  return [diffText(report), renderDiffMarkdown(report), checkRunResult(report, { failOn: 'opened', otherChanges: 'neutral', rollbackButton: false, text: '' }).summary];
}

describe('a port name numbered by the workloads and unknown for other pods, in the headline', () => {
  it('one workload: the name with its number there, in text, Markdown and the check run', () => {
    for (const out of reports(deployment('payments', 9090), grpc)) {
      expect(out).toContain('to entire-cluster on TCP grpc (9090 on shop/payments) (1 rule, np.yaml:10)');
      expect(out).not.toContain('TCP 9090, TCP grpc');
    }
  });

  it('workloads numbering it otherwise: each number with its workload', () => {
    const [text] = reports(`${deployment('payments', 9090)}---\n${deployment('canary', 9091)}`, grpc);
    expect(text).toContain('on TCP grpc (9090 on shop/payments, 9091 on shop/canary) (1 rule, np.yaml:10)');
    expect(text).not.toMatch(/TCP 9090(-9091)?, TCP grpc/);
  });

  it('a number a rule also gives by number stays a port of its own', () => {
    const [text] = reports(deployment('payments', 9090), `${grpc}        - port: 9090\n`);
    expect(text).toContain('on TCP 9090 and TCP grpc (1 rule, np.yaml:10)');
  });
});
