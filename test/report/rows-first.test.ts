/**
 * Under the comment's budget the opened and closed paths between workloads (table rows) keep their room
 * before the lines of pods the manifests do not hold, which give way first (report/diff-markdown.ts: the
 * most rows with no other line, then the most other lines at those rows, then the picture, then the patch).
 * Before, one row limit bounded both alike, so a report whose abstract lines are many and long lost table
 * rows to them: the paths a reviewer can act on first (bjw-s/home-ops a71f3ddae showed one of 2,439).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { renderAttempt, renderDiffMarkdown } from '../../src/report/diff-markdown.js';

const doc = (kind: string, ns: string, name: string, spec: string) => `apiVersion: ${kind === 'Namespace' ? 'v1' : kind === 'Deployment' ? 'apps/v1' : 'networking.k8s.io/v1'}
kind: ${kind}
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}
${spec}`;

const WEB = [1, 2, 3, 4, 5, 6].map((i) => `web-${i}`);
const deployment = (name: string) => doc('Deployment', 'apps', name, `spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: i}]}
`);
const api = (from: string) => doc('NetworkPolicy', 'apps', 'api', `spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: ${from}}]
      ports: [{protocol: TCP, port: 8080}]
`);
/** Policies of a namespace without workloads, each admitting its own consumers: removed, each leaves lines of pods the manifests do not hold. */
const ops = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => doc('NetworkPolicy', 'ops', `service-${i}`, `spec:
  podSelector: {matchLabels: {app: service-number-${i}}}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {team: consumers-of-service-${i}}}}]
      ports: [{protocol: TCP, port: ${9000 + i}}]
`));

const common = [doc('Namespace', '', 'apps', ''), doc('Namespace', '', 'ops', ''), ...[...WEB, 'api'].map(deployment)].join('---\n');
const base = [{ path: 'all.yaml', text: common }, { path: 'api.yaml', text: api('{matchLabels: {app: nobody}}') }, { path: 'ops.yaml', text: ops.join('---\n') }];
// Head: apps/api admits every pod of apps (six table rows), ops's policies removed (many long abstract lines).
const head = [{ path: 'all.yaml', text: common }, { path: 'api.yaml', text: api('{}') }];

const row = (w: string) => `| \`apps/${w}[Deployment]\` | \`apps/api[Deployment]\` | TCP 8080 |`;

describe('table rows keep their room before the lines of pods the manifests do not hold', () => {
  it('a budget that holds every row but not every line: every row, fewer lines, and the note of those left out', () => {
    const report = analyzeDiff(base, head);
    const whole = renderDiffMarkdown(report, { picture: false });
    for (const w of WEB) expect(whole).toContain(row(w));
    // The lines of pods the manifests do not hold: their section's, below its title.
    const abstractLines = (md: string) => md.slice(md.indexOf('#### Opened with pods')).split('\n').filter((l) => l.startsWith('- `ops/'));
    const lines = abstractLines(whole);
    expect(lines.length).toBeGreaterThan(8);
    // Room for every row and one of those lines, not for the others nor the patch.
    const patch = whole.slice(whole.indexOf('<details><summary>Patch'));
    const max = whole.length - patch.slice(0, patch.indexOf('</details>') + 11).length - lines.slice(1).reduce((n, l) => n + l.length + 1, 0) + 200;
    expect(renderAttempt(report, { picture: false }, Infinity, false, false, 1).length).toBeLessThanOrEqual(max);
    expect(whole.length).toBeGreaterThan(max);
    const md = renderDiffMarkdown(report, { picture: false, maxChars: max, fullReportHint: 'the check run' });
    expect(md.length).toBeLessThanOrEqual(max);
    // Before: one limit for both, the largest that fit gave five rows (and five lines).
    for (const w of WEB) expect(md).toContain(row(w));
    expect(abstractLines(md).length).toBeLessThan(lines.length);
    expect(md).toMatch(/_… and \d+ lines more not shown here\._/);
    expect(md).toMatch(/> ⚠️ Truncated: \d+ paths are not shown to stay under the size limit\. See the check run\./);
  });

  it('the whole report when it fits, as before', () => {
    const report = analyzeDiff(base, head);
    const whole = renderDiffMarkdown(report);
    expect(renderDiffMarkdown(report, { maxChars: whole.length })).toBe(whole);
  });
});
