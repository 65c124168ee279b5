/**
 * A kustomization reads only what it names: a changed manifest in its folder that it does not list is
 * in no build (the target holds the folder, the renderer never reads the file), so it is named in an
 * OUTSIDE_TARGETS notice (real case: HomeLab 23ff359c changed a policy file its kustomization did not
 * list yet). Files a plain target reads by folder stay deployed; the verdict does not change.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import type { TargetSpec } from '../../src/targets/types.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';
import { renderPrReport } from '../../src/github/publish.js';
import { DEFAULT_CONFIG } from '../../src/github/config.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allow = (name: string) => `${deny(name)}  ingress: [{}]\n`;
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);

const app: Files = {
  'app/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - deny.yaml\n',
  'app/deployment.yaml': deploy('web'),
  'app/deny.yaml': deny('deny'),
  'app/network-policy.yaml': `${deny('deny-egress').replace('[Ingress]', '[Egress]')}---\n${allow('allow-api')}`,
};

describe('a changed manifest in a kustomization folder that its kustomization does not list', () => {
  it('a policy file: named in an OUTSIDE_TARGETS notice with its kustomization; the verdict stays "no change"', async () => {
    const report = await analyzeTargets(list(app), list({ ...app, 'app/network-policy.yaml': deny('deny-egress').replace('[Ingress]', '[Egress]') }));
    expect(outside(report)).toEqual([
      'Not analysed: a changed manifest file that no build reads: app/network-policy.yaml is in the folder of app/kustomization.yaml, which does not list it. If a cluster should apply it, list it there',
    ]);
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
  });

  it('any manifest, policy or not (a Deployment added beside the listed ones); a file with no objects is not named', async () => {
    const head = { ...app, 'app/worker.yaml': deploy('worker'), 'app/notes.yaml': 'owner: shop\n', 'app/deny.yaml': allow('deny') };
    const report = await analyzeTargets(list(app), list(head));
    expect(outside(report)).toEqual(['Not analysed: a changed manifest file that no build reads: app/worker.yaml is in the folder of app/kustomization.yaml, which does not list it. If a cluster should apply it, list it there']);
    // The listed policy's change is analysed as before.
    expect(report.counts.opened).toBeGreaterThan(0);
  });

  it('several files, in an included base too: one notice listing them', async () => {
    const base = { ...app, 'overlay/kustomization.yaml': 'resources:\n  - ../app\n', 'overlay/extra.yaml': deny('extra') };
    const head = { ...base, 'overlay/extra.yaml': allow('extra'), 'app/network-policy.yaml': allow('allow-api') };
    expect(outside(await analyzeTargets(list(base), list(head)))).toEqual([
      'Not analysed: 2 changed manifest files that no build reads, each in the folder of a kustomization that does not list it: app/network-policy.yaml, overlay/extra.yaml. If a cluster should apply them, list them in their kustomizations',
    ]);
  });

  it('listed on one side (the change that wires it in), or named as a patch: read, no notice', async () => {
    const head = { ...app, 'app/kustomization.yaml': `${app['app/kustomization.yaml']}  - network-policy.yaml\n`, 'app/network-policy.yaml': allow('allow-api') };
    expect(outside(await analyzeTargets(list(app), list(head)))).toEqual([]);
    const patched = { ...app, 'app/kustomization.yaml': `${app['app/kustomization.yaml']}patches:\n  - path: network-policy.yaml\n` };
    expect(outside(await analyzeTargets(list(patched), list({ ...patched, 'app/network-policy.yaml': allow('allow-api') })))).toEqual([]);
  });

  it('a file in a subfolder that the kustomization above names files of, one by one: named too, "under" its folder (fresh-user trial P17)', async () => {
    // kube-prometheus ea158da2: kustomization.yaml at the top names ./manifests/*.yaml one by one; two new policy files were not named.
    const top = { 'kustomization.yaml': 'resources:\n  - ./manifests/web.yaml\n', 'manifests/web.yaml': deploy('web') };
    const report = await analyzeTargets(list(top), list({ ...top, 'manifests/deny.yaml': deny('deny') }));
    expect(outside(report)).toEqual(['Not analysed: a changed manifest file that no build reads: manifests/deny.yaml is under the folder of kustomization.yaml, which does not list it. If a cluster should apply it, list it there']);
    const named = { ...app, 'app/kustomization.yaml': `${app['app/kustomization.yaml']}  - more/db.yaml\n`, 'app/more/db.yaml': deploy('db') };
    const two = await analyzeTargets(list(named), list({ ...named, 'app/network-policy.yaml': allow('allow-api'), 'app/more/extra.yaml': deny('extra') }));
    expect(outside(two)).toEqual(['Not analysed: 2 changed manifest files that no build reads, each in or under the folder of a kustomization that does not list it: app/more/extra.yaml, app/network-policy.yaml. If a cluster should apply them, list them in their kustomizations']);
    // A subfolder none of whose files the kustomization names is not taken for its own: no target deploys it.
    const apart = await analyzeTargets(list(app), list({ ...app, 'app/more/extra.yaml': deny('extra') }));
    // Its folder is one app/kustomization.yaml does not list, which is the reason said (unlisted-folders.ts), not "name its folder under targets:".
    expect(outside(apart)).toEqual(['Not analysed: a changed file holding policies that no target deploys: app/more/extra.yaml. Its folder app/more is not listed in app/kustomization.yaml, which a target builds; if a cluster applies it, list more/extra.yaml under resources: there']);
  });

  it('a plain folder target reads every file it recurses over (a kustomization file there is not rendered): no notice', async () => {
    const target: TargetSpec = { name: 'shop', origin: 'config', roots: ['apps'], namespace: 'shop', helm: [], why: 'configured' };
    const base = { 'apps/web.yaml': deploy('web'), 'apps/deny.yaml': deny('deny'), 'apps/k/kustomization.yaml': 'resources: [db.yaml]\n', 'apps/k/db.yaml': deploy('db'), 'apps/k/loose.yaml': deny('loose') };
    const head = { ...base, 'apps/k/loose.yaml': allow('loose') };
    const report = await analyzeTargets(list(base), list(head), { discover: { configTargets: [target] } });
    expect(outside(report)).toEqual([]);
    // Its change is analysed: it opens what the folder's deny closed.
    expect(report.counts.opened).toBeGreaterThan(0);
  });
});

describe('a changed file no build reads is said under the verdict (fresh-user trial P17)', () => {
  it('text and Markdown: right after the verdict line, not among the notes at the end', async () => {
    const report = await analyzeTargets(list(app), list({ ...app, 'app/network-policy.yaml': allow('allow-api') }));
    const message = 'Not analysed: a changed manifest file that no build reads: app/network-policy.yaml is in the folder of app/kustomization.yaml, which does not list it. If a cluster should apply it, list it there';
    const text = targetsText(report);
    // The headline names what was not analysed, as Markdown marks it ⚠️ (report/targets-markdown.ts unanalysedInputs).
    const headline = 'No change found in what was analysed; not analysed: app/network-policy.yaml, a changed manifest file that no build reads; 1 finding (0 new).';
    expect(text.split('\n').slice(0, 3)).toEqual([headline, '', `Note: ${message}.`]);
    expect(text.split(message)).toHaveLength(2);
    const md = renderTargetsMarkdown(report);
    expect(md.split('\n').slice(0, 3)).toEqual([`### ⚠️ reachdiff: ${headline}`, '', `> ⚠️ ${message}.`]);
    expect(md.split(message)).toHaveLength(2);
  });

  it('several files: what they are, then the files in parentheses (listed first, they read as more items)', async () => {
    const report = await analyzeTargets(list(app), list({ ...app, 'app/network-policy.yaml': allow('allow-api'), 'app/extra.yaml': deny('extra') }));
    expect(targetsText(report).split('\n')[0]).toBe('No change found in what was analysed; not analysed: 2 changed manifest files that no build reads (app/extra.yaml, app/network-policy.yaml); 1 finding (0 new).');
  });

  it('no other change: the comment is ⚠️, not ✅, and the check run is neutral with the files named; with a change too, the check keeps its conclusion', async () => {
    // Every pod isolated both ways: no finding, so nothing else would make the comment ⚠️.
    const dns = '  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]\n';
    const quiet = { ...app, 'app/deny.yaml': `${deny('deny').replace('[Ingress]', '[Ingress, Egress]')}${dns}` };
    const report = await analyzeTargets(list(quiet), list({ ...quiet, 'app/network-policy.yaml': allow('allow-api') }));
    const message = 'Not analysed: a changed manifest file that no build reads: app/network-policy.yaml is in the folder of app/kustomization.yaml, which does not list it. If a cluster should apply it, list it there';
    expect(report.combined.findings).toEqual([]);
    expect(renderTargetsMarkdown(report).split('\n')[0]).toBe('### ⚠️ reachdiff: No change found in what was analysed; not analysed: app/network-policy.yaml, a changed manifest file that no build reads.');
    const run = targetsCheckRun(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });
    expect(run.conclusion).toBe('neutral');
    expect(run.title).toBe('No change found in what was analysed; changed files not analysed');
    expect(run.summary.split('\n').slice(0, 3)).toEqual([expect.stringMatching(/^\*\*No change/), '', `⚠️ ${message}. So the check is not \`success\`.`]);
    // The App comments on it (a comment is otherwise posted only when something changed).
    const commits = { htmlUrl: 'https://github.com/acme/gitops', baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40) };
    expect(renderPrReport(report, DEFAULT_CONFIG, commits, false).changed).toBe(true);
    // Without such files the same run is a success, and no comment is due.
    const clean = await analyzeTargets(list(quiet), list(quiet));
    expect(renderPrReport(clean, DEFAULT_CONFIG, commits, false).changed).toBe(false);
    expect(targetsCheckRun(clean, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' }).conclusion).toBe('success');
    expect(renderTargetsMarkdown(clean).split('\n')[0]).toMatch(/^### ✅/);
    // A listed policy that opens paths fails the run as before; the unread file is still named.
    const both = await analyzeTargets(list(app), list({ ...app, 'app/network-policy.yaml': allow('allow-api'), 'app/deny.yaml': allow('deny') }));
    const failing = targetsCheckRun(both, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });
    expect(failing.conclusion).toBe('failure');
    expect(failing.summary).toContain(`⚠️ ${message}.`);
    expect(renderTargetsMarkdown(both).split('\n')[0]).toMatch(/^### 🔓/);
  });
});
