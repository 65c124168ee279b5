/**
 * A target of several whose "no change" is not proven — the pull request edits its policies and the analysis
 * of pods the manifests do not hold was cut short by the region bound — is never folded into "no change":
 * real-eval 8 (kubeflow 67707dcfd) read "a: no change; b: no change." (exit 0, ✅) while `b` alone printed
 * "Incomplete for pods the manifests do not hold". The headline says it, the target keeps its section with
 * the note, the Markdown is ⚠️, and the App comments (report/unproven.ts). Its changed policy, which no path shows,
 * is "not analysed in full" (the verdict names its changed rule) and the check run fails (new-user trial 41); the
 * headline says the same, not "no change found, unproven".
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- np.yaml\n';
const policy = (name: string, ns: string, selector: string, rule: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector: ${selector}\n  policyTypes: [Ingress]\n  ingress:\n  - ${rule}\n`;

/** Targets a (untouched) and b: namespace `big` admits its own pods everywhere, so b's edit of api's port changes no path. */
const side = (port: number) => [
  { path: 'a/kustomization.yaml', text: KUSTOMIZATION },
  { path: 'a/np.yaml', text: `apiVersion: v1\nkind: Namespace\nmetadata: {name: small}\n---\n${policy('web', 'small', '{matchLabels: {app: web}}', 'ports: [{port: 80}]')}` },
  { path: 'b/kustomization.yaml', text: KUSTOMIZATION },
  {
    path: 'b/np.yaml',
    text: `apiVersion: v1\nkind: Namespace\nmetadata: {name: big}\n---\n${policy('same-ns', 'big', '{}', 'from: [{podSelector: {}}]')}---\n${policy('api', 'big', '{matchLabels: {app: api}}', `from: [{podSelector: {}}]\n    ports: [{port: ${port}}]`)}`,
  },
];

describe('a target whose "no change" the region bound (here 1 box per partition) leaves unproven', () => {
  const analysed = (maxBoxes?: number) => analyzeTargets(side(80), side(8080), maxBoxes === undefined ? {} : { maxBoxes });

  it('is named in the headline with why, keeps its section and note, and is not ✅ nor success', async () => {
    const report = await analysed(1);
    const b = report.targets.find((t) => t.name === 'b')!;
    expect(b.report.abstractPeers?.incomplete).toBe(true);
    expect(b.report.counts.opened + b.report.counts.closed).toBe(0);
    const text = targetsText(report);
    // The headline says what the section and the check run say: not analysed in full, never "no change found".
    expect(text.split('\n')[0]).toBe('b: the change of big/api (b/np.yaml:21) not analysed in full for pods the manifests do not hold; no change in what could be analysed; a: no change.');
    // The changed policy no path shows, its pods' analysis cut short: not analysed in full, at its changed rule (new-user trial 41).
    expect(text).toContain('== b ==\nThe change of big/api (b/np.yaml:21) not analysed in full for pods the manifests do not hold; no change in what could be analysed.\n\nNote: Incomplete for pods the manifests do not hold');
    const md = renderTargetsMarkdown(report);
    expect(md.split('\n')[0]).toBe('### ⚠️ reachdiff: b: the change of big/api (b/np.yaml:21) not analysed in full for pods the manifests do not hold; no change in what could be analysed; a: no change.');
    expect(md).toContain('#### ⚠️ b: The change of big/api (b/np.yaml:21) not analysed in full for pods the manifests do not hold; no change in what could be analysed.');
    expect(md).toContain('> ⚠️ Incomplete for pods the manifests do not hold');
    const check = targetsCheckRun(report, { failOn: ['opened', 'errors'], otherChanges: 'neutral', rollbackButton: false, text: md });
    // Not analysed fails the run, as a changed build not analysed does (report/verdict.ts `fails`).
    expect(check.conclusion).toBe('failure');
  });

  it('without the bound, the same change is proven: "no change" for both, ✅', async () => {
    const report = await analysed();
    expect(report.targets.every((t) => !t.report.abstractPeers?.incomplete)).toBe(true);
    expect(targetsText(report).split('\n')[0]).toBe('No change in allowed connectivity (2 targets).');
    expect(renderTargetsMarkdown(report).split('\n')[0]).toBe('### ✅ reachdiff: No change in allowed connectivity (2 targets).');
  });
});
