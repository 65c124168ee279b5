/**
 * A namespace's start (lapse) of isolation lists one line per policy (report/namespace-isolation-text.ts). Under
 * the comment's budget those lines were parts every row limit writes whole: bjw-s/home-ops a71f3ddae's 151
 * policy lines of ten namespaces (86,000 characters) filled the 60,000 of the comment, and no opened path showed.
 * Now the namespaces of a change share the row limit's lines (report/policy-line-shares.ts), at most five each,
 * and each says how many it leaves out and where they are.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { NAMESPACE_POLICY_LINES, policyLineShares } from '../../src/report/policy-line-shares.js';

const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata: {name: ${name}}
`;

const policy = (ns: string, name: string, selector: string, rule: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  podSelector: ${selector}
  policyTypes: [Ingress]
  ingress:
    - ${rule}
`;

/** Eight policies isolating every pod of `ns` for ingress at once: one over all its pods, three per app, four per component (pods of both at once). */
const isolating = (ns: string) => [
  policy(ns, 'allow-same-namespace', '{}', 'from: [{podSelector: {}}]'),
  ...[1, 2, 3].map((i) => policy(ns, `app-${i}`, `{matchLabels: {app: application-number-${i}}}`, `ports: [{protocol: TCP, port: ${8000 + i}}]`)),
  ...[1, 2, 3, 4].map((i) => policy(ns, `component-${i}`, `{matchLabels: {component: component-number-${i}}}`, `ports: [{protocol: TCP, port: ${9000 + i}}]`)),
];

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: apps}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: i}]}
`;

const api = (ports: string) => policy('apps', 'api', '{matchLabels: {app: api}}', `from: [{podSelector: {matchLabels: {app: web}}}]\n      ports: [${ports}]`);

const common = ['tools', 'ops', 'apps'].map(namespace).join('---\n') + '---\n' + deployment('web') + '---\n' + deployment('api');
const base = [{ path: 'all.yaml', text: common }, { path: 'api.yaml', text: api('{port: 80}') }, ...['tools', 'ops'].map((ns) => ({ path: `${ns}.yaml`, text: isolating(ns).join('---\n') }))];
// Head: both namespaces' policies removed (their isolation ends), and apps/api admits apps/web on 8080 too.
const head = [{ path: 'all.yaml', text: common }, { path: 'api.yaml', text: api('{port: 80}, {port: 8080}') }];

describe('the namespaces of a change share the row limit\'s policy lines', () => {
  it('deals the lines one per namespace in turn, at most five each, all of them in the whole report', () => {
    expect(policyLineShares([17, 22, 3], Infinity)).toEqual([17, 22, 3]);
    expect(policyLineShares([17, 22, 3], 10)).toEqual([4, 3, 3]);
    expect(policyLineShares([17, 22], 500)).toEqual([NAMESPACE_POLICY_LINES, NAMESPACE_POLICY_LINES]);
    expect(policyLineShares([17, 22], 1)).toEqual([1, 0]);
    expect(policyLineShares([2, 9], 0)).toEqual([0, 0]);
  });

  it('a report whose policy lines fill the budget still shows its opened path, and says what it leaves out', () => {
    const report = analyzeDiff(base, head);
    const whole = renderDiffMarkdown(report, { picture: false });
    const policyLine = /^ {2}- `(tools|ops)\/\[/gm;
    // The whole report: both namespaces' lapses, each with its eight policies, and the opened path.
    expect(whole).toMatch(/^- Ends ingress isolation in ops with 8 NetworkPolicies removed/m);
    expect(whole.match(policyLine)).toHaveLength(16);
    expect(whole).toContain('| `apps/web[Deployment]` | `apps/api[Deployment]` | TCP 8080 |');
    const lines = whole.split('\n').filter((l) => /^ {2}- `(tools|ops)\/\[/.test(l));
    const max = whole.length - lines.reduce((n, l) => n + l.length, 0);
    const md = renderDiffMarkdown(report, { picture: false, maxChars: max, fullReportHint: 'the check run' });
    expect(md.length).toBeLessThanOrEqual(max);
    // Before: the sixteen lines were written at every row limit, so the text at no rows was cut; the row was lost.
    expect(md).toContain('| `apps/web[Deployment]` | `apps/api[Deployment]` | TCP 8080 |');
    expect(md).not.toContain('Truncated: this report exceeds the size limit');
    for (const ns of ['tools', 'ops']) {
      const shown = (md.match(new RegExp(`^ {2}- \`${ns}/\\[`, 'gm')) ?? []).length;
      expect(shown).toBeLessThanOrEqual(NAMESPACE_POLICY_LINES);
      expect(md).toMatch(new RegExp(`^- Ends ingress isolation in ${ns} with 8 NetworkPolicies removed`, 'm'));
      expect(md).toContain(shown === 0 ? '  - _Its 8 policies are not shown here: see the check run._' : `  - _… and ${8 - shown} more policies not shown here: see the check run._`);
    }
  });
});
