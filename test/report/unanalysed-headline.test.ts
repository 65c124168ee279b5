/**
 * A change that is only in input reachdiff does not analyse (an app-template `values.networkpolicies` entry of a
 * form it does not model, a chart nothing renders) is never a plain "No change in allowed connectivity." in
 * one format while another marks it ⚠️: text, Markdown and the check run say one headline, naming what was
 * not analysed at its file and line, and the JSON counts it beside the paths (new-user trial 42, nu42a's
 * leftovers). The note names the changed value, at its line, and no longer says the release is in no analysis.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);
const checkRun = (r: TargetsReport) => targetsCheckRun(r, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });

const dns = '  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]\n';
// Isolated both ways (DNS allowed): no finding, so only what was not analysed can make the comment ⚠️.
const isolate = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: isolate, namespace: apps}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n${dns}`;
const release = (policies: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  chartRef: {kind: OCIRepository, name: app-template}\n  values:\n    controllers: {web: {containers: {app: {image: {repository: example/web}}}}}\n${policies}`;
const modelled = '    networkpolicies:\n      main:\n        controller: web\n        policyTypes: [Ingress]\n';
const cilium = '      extra:\n        type: cilium\n        controller: web\n';

describe('a change only in input that is not analysed', () => {
  it('an app-template entry of a form not modelled, beside one that is: one headline in every format, the value named at its line', async () => {
    const base = { 'deploy/isolate.yaml': isolate, 'deploy/release.yaml': release(modelled) };
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/release.yaml': release(modelled + cilium) }));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    // The note: the changed value at its line (12: `extra:`), why it is not read, and what of the release is analysed.
    const note = 'Not analysed: a value of Flux HelmRelease apps/web that reachdiff does not read changed in deploy/release.yaml: values.networkpolicies.extra (line 12: has type "cilium", which makes a policy of another kind). Its controllers and the values.networkpolicies entries reachdiff models are analysed; what the chart makes of this value is in no analysis (see docs/targets.md, "Helm charts and other rendered manifests")';
    expect(outside(report)).toEqual([note]);
    expect(note).not.toContain('What it installs is in no analysis');
    const headline = 'No change found in what was analysed; not analysed: values.networkpolicies.extra of Flux HelmRelease apps/web (deploy/release.yaml:12).';
    expect(targetsText(report).split('\n').slice(0, 3)).toEqual([headline, '', `Note: ${note}.`]);
    expect(renderTargetsMarkdown(report).split('\n').slice(0, 3)).toEqual([`### ⚠️ reachdiff: ${headline}`, '', `> ⚠️ ${note}.`]);
    const run = checkRun(report);
    expect(run.conclusion).toBe('neutral');
    expect(run.summary.split('\n')[0]).toBe(`**${headline}**`);
    expect(run.title).toBe('No change found in what was analysed; changed files not analysed');
    const json = JSON.parse(targetsJson(report)) as { summary: Record<string, number> };
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0, notAnalysedInputs: 1 });
  });

  it('several targets, a Helm values file nothing renders: the short verdict says it too; a change analysed in full keeps the plain headline and no count', async () => {
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
    const base: Files = { 'install.yaml': deployment('api'), 'ha/install.yaml': deployment('api'), 'web.yaml': deployment('web'), 'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n', 'chart/values.yaml': 'a: 1\n' };
    const report = await analyzeTargets(list(base), list({ ...base, 'chart/values.yaml': 'a: 2\n' }));
    expect(report.targets.length).toBeGreaterThan(1);
    const headline = `No change found in what was analysed (${report.targets.length} targets); not analysed: a changed Helm values file outside any chart, which nothing here renders (chart/values.yaml:1).`;
    expect(targetsText(report).split('\n')[0]).toBe(headline);
    expect(renderTargetsMarkdown(report).split('\n')[0]).toBe(`### ⚠️ reachdiff: ${headline}`);
    expect(checkRun(report).summary.split('\n')[0]).toBe(`**${headline}**`);
    // Nothing outside the analysis changed: the headline and the JSON as before.
    const same = await analyzeTargets(list(base), list({ ...base, 'web.yaml': `${base['web.yaml']}# tidy\n` }));
    expect(targetsText(same).split('\n')[0]).toBe(`No change in allowed connectivity (${same.targets.length} targets).`);
    expect((JSON.parse(targetsJson(same)) as { summary: object }).summary).toEqual({ opened: 0, closed: 0, errors: 0 });
  });
});
