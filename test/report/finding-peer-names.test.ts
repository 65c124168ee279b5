import { findingMessageText } from '../../src/report/finding-peer-names.js';
import { idText } from '../../src/report/pods-text.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const LONG = 'monitoring/[pod with {alertmanager=other-stack-alertmanager-xx,app.kubernetes.io/instance=other-stack-alertmanager-xx,app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=alertmanager-b}]';

describe('a finding names the pods it points to as the diff names them (new-user 46b #3)', () => {
  it('after a colon in the remark, and alone in brackets', () => {
    expect(findingMessageText(`so it applies only to pods they do not hold (made by an operator, a chart or another repository: ${LONG} in diff).`, idText)).toBe(
      'so it applies only to pods they do not hold (made by an operator, a chart or another repository: monitoring/[pod with {app.kubernetes.io/name=alertmanager-b} +3 labels] in diff).',
    );
    expect(findingMessageText('it would match a pod created later with those labels (shop/[pod with {app=ghost,tier NotIn (a,b)}] in diff).', (id) => `<${id}>`)).toBe(
      'it would match a pod created later with those labels (<shop/[pod with {app=ghost,tier NotIn (a,b)}]> in diff).',
    );
  });

  it('a message without the remark is unchanged', () => {
    expect(findingMessageText('NetworkPolicy shop/a selects no pod (podSelector {a=b}).', () => 'x')).toBe('NetworkPolicy shop/a selects no pod (podSelector {a=b}).');
  });
});

const GRAFANA = `apiVersion: v1
kind: Namespace
metadata: {name: monitoring}
---
${appDeployment('grafana', 'monitoring')}`;
const OPERATOR = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: alertmanager-b, namespace: monitoring}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: alertmanager-b
      app.kubernetes.io/instance: other-stack-alertmanager-xx
      app.kubernetes.io/managed-by: prometheus-operator
      alertmanager: other-stack-alertmanager-xx
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: grafana}}}]
      ports: [{port: 9093}]
`;

describe('a diff over an operator\'s pods named by one label', () => {
  const report = analyzeDiff([{ path: 'np.yaml', text: GRAFANA }], [{ path: 'np.yaml', text: GRAFANA + OPERATOR }]);
  const short = 'monitoring/[pod with {app.kubernetes.io/name=alertmanager-b} +3 labels]';
  const full = 'monitoring/[pod with {alertmanager=other-stack-alertmanager-xx,app.kubernetes.io/instance=other-stack-alertmanager-xx,app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=alertmanager-b}]';

  it('text: the finding names them as the sections do, and the full names are listed at the end, as Markdown lists them', () => {
    const text = diffText(report);
    expect(text).toContain(`a chart or another repository: ${short} in diff). [POLICY_SELECTS_NOTHING]`);
    expect(text).toMatch(/\nFull names of the \d+ shortened names? above:\n/);
    expect(text).toContain(`\n  ${short} is ${full}\n`);
    // The id once, in the list: nowhere else.
    expect(text.split(full).length).toBe(2);
    const md = renderDiffMarkdown(report);
    expect(md).toContain(`another repository: ${short} in diff)`);
    expect(md).toContain(`- \`${short}\` is \`${full}\``);
  });

  it('JSON keeps the finding as written, with the id', () => {
    expect(report.findings.find((f) => f.code === 'POLICY_SELECTS_NOTHING')?.message).toContain(`${full} in diff)`);
  });
});
