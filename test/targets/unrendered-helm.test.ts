/**
 * A change to Helm inputs nothing rendered is not analysed, and says so as changed files no build reads
 * do: a `Not analysed:` note under the verdict, ⚠️ in the comment, a `neutral` check run (real-eval 11 A:
 * OLM dcd8ad89c and mctl-gitops 1d53c884 added policies to an unrendered chart's templates and read "No
 * change", ✅, exit 0). A chart that is rendered is analysed and gets no note; an unchanged chart keeps
 * only its footnote.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import type { Renderers } from '../../src/targets/target-files.js';
import { renderedStream } from '../../src/targets/rendered-stream.js';
import type { TargetSpec } from '../../src/targets/types.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);
const footnotes = (r: TargetsReport) => r.notices.filter((n) => n.code === 'CHART_NOT_RENDERED').map((n) => n.message);
const checkRun = (r: TargetsReport) => targetsCheckRun(r, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });

const dns = '  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]\n';
// Namespace and Deployment shop/api, isolated both ways (DNS allowed): no finding of its own.
const app = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
const isolate = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: isolate, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n${dns}`;
const template = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: {{ .Values.namespace }}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
// Repro /work/realeval11/repro/01: a plain manifest beside a chart of one ConfigMap template.
const base: Files = {
  'deploy/app.yaml': app,
  'chart/Chart.yaml': 'apiVersion: v2\nname: shop-policies\nversion: 0.1.0\n',
  'chart/values.yaml': 'namespace: shop\n',
  'chart/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: {{ .Values.namespace }}}\ndata: {a: b}\n',
};
const withTemplate = { ...base, 'chart/templates/networkpolicy.yaml': template };

describe('a changed chart that is not rendered', () => {
  it('repro 01, a policy template added: not analysed under the verdict, ⚠️ in the comment, neutral check run, footnote kept', async () => {
    // The Deployment isolated (DNS allowed): no finding, so only what was not analysed can make the comment ⚠️.
    const quiet = { ...base, 'deploy/isolate.yaml': isolate };
    const report = await analyzeTargets(list(quiet), list({ ...quiet, 'chart/templates/networkpolicy.yaml': template }));
    expect(report.combined.findings).toEqual([]);
    const message = 'Not analysed: a changed file of Helm chart chart, which is not rendered: chart/templates/networkpolicy.yaml. Render it with targets[].helm or --render (see docs/targets.md, "Helm charts and other rendered manifests")';
    expect(outside(report)).toEqual([message]);
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    // Never a plain "No change": the headline names what was not analysed (report/targets-markdown.ts unanalysedInputs).
    const headline = 'No change found in what was analysed; not analysed: chart/templates/networkpolicy.yaml of Helm chart chart, which is not rendered.';
    expect(targetsText(report).split('\n').slice(0, 3)).toEqual([headline, '', `Note: ${message}.`]);
    expect(renderTargetsMarkdown(report).split('\n').slice(0, 3)).toEqual([`### ⚠️ reachdiff: ${headline}`, '', `> ⚠️ ${message}.`]);
    const run = checkRun(report);
    expect(run.conclusion).toBe('neutral');
    expect(run.title).toBe('No change found in what was analysed; changed files not analysed');
    expect(footnotes(report)).toHaveLength(1);
  });

  it('a values.yaml change alone, and Chart.yaml with charts/**: named, one note per chart', async () => {
    const values = await analyzeTargets(list(withTemplate), list({ ...withTemplate, 'chart/values.yaml': 'namespace: other\n' }));
    expect(outside(values)).toEqual(['Not analysed: a changed file of Helm chart chart, which is not rendered: chart/values.yaml. Render it with targets[].helm or --render (see docs/targets.md, "Helm charts and other rendered manifests")']);
    expect(checkRun(values).conclusion).toBe('neutral');
    const more = { ...withTemplate, 'chart/Chart.yaml': `${base['chart/Chart.yaml']}dependencies: [{name: sub, version: 1.0.0}]\n`, 'chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n', 'chart/charts/sub/templates/np.yaml': template, 'chart/README.md': 'docs\n' };
    expect(outside(await analyzeTargets(list(withTemplate), list(more)))).toEqual([
      'Not analysed: 3 changed files of Helm chart chart, which is not rendered: chart/Chart.yaml, chart/charts/sub/Chart.yaml, chart/charts/sub/templates/np.yaml. Render it with targets[].helm or --render (see docs/targets.md, "Helm charts and other rendered manifests")',
    ]);
  });

  it('an unchanged chart beside a plain-manifest change: no note, the verdict as before, the one footnote', async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/isolate.yaml': isolate }));
    expect(outside(report)).toEqual([]);
    expect(report.counts.closed).toBeGreaterThan(0);
    expect(footnotes(report)).toEqual([
      'Helm chart chart not rendered: reachdiff runs helm only when asked (a target\'s helm: entry, an Argo CD Application, --render), and the values it is deployed with may be set elsewhere, so nothing from its templates is analysed. ' +
        'To analyse it (CLI or GitHub Action): --render \'helm template chart chart --values FILE\', or a target in .github/reachdiff.yml with helm: {chart: chart, valuesFiles: [FILE]} (see docs/targets.md, "Helm charts and other rendered manifests")',
    ]);
    const text = targetsText(report);
    expect(text).not.toContain('Note: ');
    expect(text.split('Helm chart chart not rendered')).toHaveLength(2);
    // With nothing else changed, no note at all: the run is the success it was.
    const same = await analyzeTargets(list({ ...base, 'deploy/isolate.yaml': isolate }), list({ ...base, 'deploy/isolate.yaml': isolate, 'deploy/app.yaml': `${app}# tidy\n` }));
    expect(outside(same)).toEqual([]);
    expect(checkRun(same).conclusion).toBe('success');
  });
});

describe('a chart whose rendering is configured', () => {
  // A stand-in for `helm template`: the chart's templates with the value filled in, under Helm's `# Source:` comments.
  const helm: Renderers['helm'] = async (spec, files) => {
    const docs = files.under(`${spec.chart}/templates`, true).map((f) => `---\n# Source: ${f.path.slice(spec.chart.lastIndexOf('/') + 1)}\n${f.text.replace(/\{\{ \.Values\.namespace \}\}/g, 'shop')}`);
    return renderedStream(docs.join(''), `helm:${spec.chart}`, files, '');
  };
  const target: TargetSpec = { name: 'shop', origin: 'config', roots: ['deploy'], helm: [{ chart: 'chart', valuesFiles: [] }], why: 'configured' };

  it('targets[].helm renders it: the template is analysed (paths closed), no Not analysed note, values changes too', async () => {
    const options = { discover: { configTargets: [target] }, renderers: { base: { helm }, head: { helm } } };
    const report = await analyzeTargets(list(base), list(withTemplate), options);
    expect(outside(report)).toEqual([]);
    expect(report.counts.closed).toBeGreaterThan(0);
    expect(footnotes(report)).toEqual([]);
    const values = await analyzeTargets(list(withTemplate), list({ ...withTemplate, 'chart/values.yaml': 'namespace: shop\nreplicas: 2\n' }), options);
    expect(outside(values)).toEqual([]);
    // Without Helm at hand (the App), the same configuration notes the change.
    const app = await analyzeTargets(list(base), list(withTemplate), { discover: { configTargets: [target] } });
    expect(outside(app)).toEqual([expect.stringMatching(/^Not analysed: a changed file of Helm chart chart, which is not rendered/)]);
  });

  it('a render command (--render) whose stream names no source: taken as rendering the chart, no note', async () => {
    const command: Renderers['command'] = async (_cmd, target) => ({ path: `render:${target}`, text: template.replace('{{ .Values.namespace }}', 'shop') });
    const rendered: TargetSpec = { name: 'rendered', origin: 'config', roots: [], helm: [], render: 'sh gen.sh', why: 'the output of --render' };
    const report = await analyzeTargets(list(base), list(withTemplate), { extraTargets: [rendered], renderers: { base: { command }, head: { command } } });
    expect(outside(report)).toEqual([]);
  });
});

describe('Helm inputs other than chart folders', () => {
  const plain: Files = { 'deploy/app.yaml': app };

  it("a kustomization's helmCharts entry or its values file changed: not analysed", async () => {
    const k = 'helmCharts:\n  - name: tenant\n    repo: https://charts.example.org\n    version: 1.0.0\n    valuesFile: values.yaml\n';
    const before = { ...plain, 'tenants/demo/kustomization.yaml': k, 'tenants/demo/values.yaml': 'deny: false\n' };
    const entry = await analyzeTargets(list(before), list({ ...before, 'tenants/demo/kustomization.yaml': k.replace('1.0.0', '1.1.0') }));
    expect(outside(entry)).toEqual(['Not analysed: the Helm charts of tenants/demo/kustomization.yaml, which reachdiff does not inflate: helmCharts changed. Render them with --render (e.g. kustomize build --enable-helm)']);
    expect(checkRun(entry).conclusion).toBe('neutral');
    const values = await analyzeTargets(list(before), list({ ...before, 'tenants/demo/values.yaml': 'deny: true\n' }));
    expect(outside(values)).toEqual(['Not analysed: the Helm charts of tenants/demo/kustomization.yaml, which reachdiff does not inflate: values file tenants/demo/values.yaml changed. Render them with --render (e.g. kustomize build --enable-helm)']);
    // A new one (repro /work/realeval11/repro/04: tenant overlays replaced by a helmCharts kustomization).
    const added = await analyzeTargets(list(plain), list(before));
    expect(outside(added)).toEqual(['Not analysed: the Helm charts of tenants/demo/kustomization.yaml, which reachdiff does not inflate: helmCharts added; values file tenants/demo/values.yaml changed. Render them with --render (e.g. kustomize build --enable-helm)']);
    // Another field of the same kustomization: analysed as ever.
    const other = await analyzeTargets(list(before), list({ ...before, 'tenants/demo/kustomization.yaml': `${k}namespace: demo\n` }));
    expect(outside(other)).toEqual([]);
  });

  it('an app-template release of chart 1 (values without controllers) is not rendered: added, it is not analysed, not read as making nothing (re40 larivierec cf01546dd)', async () => {
    const release = (version: string, values: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: vault-cli, namespace: apps}\nspec:\n  chart: {spec: {chart: app-template, version: ${version}, sourceRef: {kind: HelmRepository, name: bjw-s}}}\n  values: ${values}\n`;
    const chartOne = release('1.4.0', '{image: {repository: example/cli, tag: latest}, service: {main: {ports: {http: {port: 8087}}}}}');
    const added = await analyzeTargets(list(plain), list({ ...plain, 'deploy/release.yaml': chartOne }));
    expect(outside(added)).toEqual(['Not analysed: a Helm release that reachdiff does not render changed in deploy/release.yaml: Flux HelmRelease apps/vault-cli (added). What it installs is in no analysis (see docs/targets.md, "Helm charts and other rendered manifests")']);
    expect(checkRun(added).conclusion).toBe('neutral');
    // Chart 2 values (controllers): read as workloads, so the new app's paths are analysed and no note is needed.
    const chartTwo = release('2.6.0', '{controllers: {main: {containers: {main: {image: {repository: example/cli, tag: latest}}}}}}');
    const read = await analyzeTargets(list(plain), list({ ...plain, 'deploy/release.yaml': chartTwo }));
    expect(outside(read)).toEqual([]);
    expect(read.counts.opened).toBeGreaterThan(0);
  });

  it('a Flux HelmRelease whose values change, an Argo CD Application whose Helm chart changes: not analysed; their other fields are', async () => {
    const release = (v: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: podinfo, namespace: apps}\nspec:\n  chart: {spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}}\n  values: {networkPolicy: {enabled: ${v}}}\n`;
    const before = { ...plain, 'deploy/release.yaml': release('false') };
    const flux = await analyzeTargets(list(before), list({ ...before, 'deploy/release.yaml': release('true') }));
    expect(outside(flux)).toEqual(['Not analysed: a Helm release that reachdiff does not render changed in deploy/release.yaml: Flux HelmRelease apps/podinfo. What it installs is in no analysis (see docs/targets.md, "Helm charts and other rendered manifests")']);
    expect(checkRun(flux).conclusion).toBe('neutral');
    const application = (v: string, label = 'a') => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: cilium, namespace: argocd, labels: {x: ${label}}}\nspec:\n  source: {repoURL: https://helm.cilium.io, chart: cilium, targetRevision: ${v}}\n  destination: {server: https://kubernetes.default.svc, namespace: kube-system}\n`;
    const apps = { ...plain, 'deploy/cilium.yaml': application('1.15.0') };
    const argo = await analyzeTargets(list(apps), list({ ...apps, 'deploy/cilium.yaml': application('1.16.0') }));
    expect(outside(argo)).toEqual(['Not analysed: a Helm release that reachdiff does not render changed in deploy/cilium.yaml: Argo CD Application argocd/cilium. What it installs is in no analysis (see docs/targets.md, "Helm charts and other rendered manifests")']);
    const label = await analyzeTargets(list(apps), list({ ...apps, 'deploy/cilium.yaml': application('1.15.0', 'b') }));
    expect(outside(label)).toEqual([]);
  });

  it('HelmReleases moved to files of other names or renamed: one unchanged says nothing, a changed one or a rename is one note, not one added and one removed', async () => {
    const release = (name: string, v: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  chart: {spec: {chart: ${name === 'legacy' || name === 'renamed' ? 'cache' : name}, sourceRef: {kind: HelmRepository, name: charts}}}\n  values: {replicas: ${v}}\n`;
    const before = { ...plain, 'deploy/podinfo/helmrelease.yaml': release('podinfo', '1'), 'deploy/redis/helmrelease.yaml': release('redis', '1'), 'deploy/cache/release.yaml': release('legacy', '1') };
    const after = { ...plain, 'deploy/podinfo/helm-release.yaml': release('podinfo', '1'), 'deploy/redis/helm-release.yaml': release('redis', '2'), 'deploy/cache/release.yaml': release('renamed', '1') };
    const report = await analyzeTargets(list(before), list(after));
    expect(outside(report)).toEqual([
      'Not analysed: a Helm release that reachdiff does not render changed in deploy/cache/release.yaml: Flux HelmRelease apps/renamed (renamed from Flux HelmRelease apps/legacy, with the same spec). What it installs is in no analysis (see docs/targets.md, "Helm charts and other rendered manifests")',
      'Not analysed: a Helm release that reachdiff does not render changed in deploy/redis/helm-release.yaml: Flux HelmRelease apps/redis (moved from deploy/redis/helmrelease.yaml). What it installs is in no analysis (see docs/targets.md, "Helm charts and other rendered manifests")',
    ]);
  });

  it('an app-template HelmRelease: its controllers are read, so a change to them is analysed; a change to the values that make policies it does not model is not', async () => {
    const release = (labels: string, policies = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  chartRef: {kind: OCIRepository, name: app-template}\n  values:\n    defaultPodOptions: {labels: {${labels}}}\n    controllers: {web: {containers: {app: {image: {repository: example/web}}}}}\n${policies}`;
    const before = { ...plain, 'deploy/release.yaml': release('tier: a') };
    expect(outside(await analyzeTargets(list(before), list({ ...before, 'deploy/release.yaml': release('tier: b') })))).toEqual([]);
    expect(outside(await analyzeTargets(list(plain), list(before)))).toEqual([]);
    // A networkpolicies entry the reader models (manifests/kinds/app-template-policies.ts) is analysed; one it does not model is said.
    expect(outside(await analyzeTargets(list(before), list({ ...before, 'deploy/release.yaml': release('tier: a', '    networkpolicies: {main: {controller: web}}\n') })))).toEqual([]);
    const policies = await analyzeTargets(list(before), list({ ...before, 'deploy/release.yaml': release('tier: a', '    networkpolicies: {main: {type: cilium, controller: web}}\n') }));
    // Named by the value that changed, at its line; the rest of the release is read (new-user trial 42, nu42a's leftover).
    expect(outside(policies)).toEqual(['Not analysed: a value of Flux HelmRelease apps/web that reachdiff does not read changed in deploy/release.yaml: values.networkpolicies.main (line 9: has type "cilium", which makes a policy of another kind). Its controllers and the values.networkpolicies entries reachdiff models are analysed; what the chart makes of this value is in no analysis (see docs/targets.md, "Helm charts and other rendered manifests")']);
    // Added with such a value, the release is named by that value too, not as "what it installs is in no analysis": its controllers are read (real repositories 41, tholinka 0854a798).
    const added = await analyzeTargets(list(plain), list({ ...plain, 'deploy/release.yaml': release('tier: a', '    networkpolicies: {main: {type: cilium, controller: web}}\n') }));
    expect(outside(added)).toEqual([expect.stringMatching(/^Not analysed: a value of Flux HelmRelease apps\/web that reachdiff does not read changed in deploy\/release.yaml: values.networkpolicies.main \(line 9: has type "cilium", which makes a policy of another kind\)\. Its controllers and the values.networkpolicies entries reachdiff models are analysed/)]);
  });

  it('a values file outside every chart (an ApplicationSet or HelmRelease gives it to a chart elsewhere): not analysed, once for all such files', async () => {
    // A policy under a chart's extraObjects, in the values an app folder keeps beside its catalog entry (real-eval 19, mctl-gitops 6108f9a7).
    const values = (port: number) => `replicaCount: 1\nextraObjects:\n  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: api}\n    spec:\n      podSelector: {}\n      ingress: [{ports: [{port: ${port}}]}]\n`;
    // The Deployment isolated (DNS allowed): no finding, so the verdict line is the note's only neighbour.
    const quiet = { ...plain, 'deploy/isolate.yaml': isolate };
    const before = { ...quiet, 'services/shop/api/values.yaml': values(8080), 'services/shop/web/values-prod.yaml': values(80) };
    const one = await analyzeTargets(list(before), list({ ...before, 'services/shop/api/values.yaml': values(9090) }));
    const message = 'Not analysed: a changed Helm values file outside any chart, which nothing here renders: services/shop/api/values.yaml. What a chart installed with it (by an Argo CD Application or ApplicationSet, or a Flux HelmRelease) allows is in no analysis; render it with targets[].helm or --render (see docs/targets.md, "Helm charts and other rendered manifests")';
    expect(outside(one)).toEqual([message]);
    expect(targetsText(one).split('\n').slice(0, 3)).toEqual(['No change found in what was analysed; not analysed: a changed Helm values file outside any chart, which nothing here renders (services/shop/api/values.yaml:1).', '', `Note: ${message}.`]);
    expect(checkRun(one).conclusion).toBe('neutral');
    const two = await analyzeTargets(list(quiet), list(before));
    expect(outside(two)).toEqual([expect.stringMatching(/^Not analysed: 2 changed Helm values files outside any chart, which nothing here renders: services\/shop\/api\/values.yaml, services\/shop\/web\/values-prod.yaml\./)]);
    // Named by a kustomization's helmCharts: that note only; unchanged: nothing.
    const k = 'helmCharts:\n  - name: api\n    repo: https://charts.example.org\n    version: 1.0.0\n    valuesFile: values.yaml\n';
    const inflated = { ...before, 'services/shop/api/kustomization.yaml': k };
    expect(outside(await analyzeTargets(list(inflated), list({ ...inflated, 'services/shop/api/values.yaml': values(9090) })))).toEqual([expect.stringMatching(/^Not analysed: the Helm charts of services\/shop\/api\/kustomization.yaml/)]);
    expect(outside(await analyzeTargets(list(before), list({ ...before, 'deploy/app.yaml': `${app}# tidy\n` })))).toEqual([]);
    // A CI bump of image coordinates only (image.tag, a digest, an image string): no label, port or policy changes; not said.
    const tagged = (tag: string) => `image: {repository: ghcr.io/acme/api, tag: "${tag}"}\nsidecar: {image: "ghcr.io/acme/proxy:${tag}", digest: sha256-${tag}}\n${values(8080)}`;
    const bumped = { ...quiet, 'services/shop/api/values.yaml': tagged('1.0.0') };
    expect(outside(await analyzeTargets(list(bumped), list({ ...bumped, 'services/shop/api/values.yaml': tagged('1.0.1') })))).toEqual([]);
    expect(outside(await analyzeTargets(list(bumped), list({ ...bumped, 'services/shop/api/values.yaml': tagged('1.0.1').replace('replicaCount: 1', 'replicaCount: 1\npodLabels: {tier: api}') })))).toHaveLength(1);
    // Made a HelmRelease's valuesFrom by a configMapGenerator (Flux): the build reads it, the chart is still not rendered (bjw-s/home-ops ffde5e562: Cilium's Envoy turned off, 'no change', said nowhere).
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: cilium, namespace: kube-system}\nspec:\n  chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}\n  valuesFrom: [{kind: ConfigMap, name: cilium-values}]\n';
    const flux = { ...quiet, 'apps/cilium/kustomization.yaml': 'resources: [helmrelease.yaml]\nconfigMapGenerator:\n  - name: cilium-values\n    files: [values.yaml=./values.yaml]\n', 'apps/cilium/helmrelease.yaml': release, 'apps/cilium/values.yaml': 'envoy: {enabled: true}\nimage: {tag: v1.17.0}\n' };
    expect(outside(await analyzeTargets(list(flux), list({ ...flux, 'apps/cilium/values.yaml': 'envoy: {enabled: false}\nimage: {tag: v1.17.0}\n' })))).toEqual([expect.stringMatching(/^Not analysed: a changed Helm values file outside any chart, which nothing here renders: apps\/cilium\/values.yaml\./)]);
    expect(outside(await analyzeTargets(list(flux), list({ ...flux, 'apps/cilium/values.yaml': 'envoy: {enabled: true}\nimage: {tag: v1.17.1}\n' })))).toEqual([]);
  });
});

describe('many unrendered charts', () => {
  it('one note in text and Markdown naming a few, each in the JSON at its own line (a helmfile platform of 73 charts printed 73 notes, real-eval 20)', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { tempFolderSync } = await import('../helpers/git.js');
    const charts = ['alerts', 'dex', 'falco', 'harbor', 'velero'];
    const files: Files = { 'deploy/app.yaml': app, ...Object.fromEntries(charts.flatMap((c) => [[`charts/${c}/Chart.yaml`, `apiVersion: v2\nname: ${c}\nversion: 0.1.0\n`], [`charts/${c}/templates/cm.yaml`, 'kind: ConfigMap\n']])) };
    const [base, head] = [tempFolderSync(files), tempFolderSync(files)];
    const grouped =
      '5 Helm charts not rendered (charts/alerts, charts/dex, charts/falco and 2 more; the JSON lists each with its line): reachdiff runs helm only when asked (a target\'s helm: entry, an Argo CD Application, --render), and the values they are deployed with may be set elsewhere, so nothing from their templates is analysed. ' +
      'To analyse them (CLI or GitHub Action): --render \'helm template NAME CHART --values FILE\', or a target in .github/reachdiff.yml with helm: {chart: CHART, valuesFiles: [FILE]} (see docs/targets.md, "Helm charts and other rendered manifests")';
    const text = (await main(['diff', base, head])).stdout;
    expect(text).toContain(`note: ${grouped} (charts/alerts/Chart.yaml:1)`);
    expect(text).not.toContain('Helm chart charts/velero');
    expect((await main(['diff', base, head, '--format', 'md'])).stdout).toContain(`- ${grouped}`);
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as { notices: { code: string; file: string }[] };
    expect(json.notices.filter((n) => n.code === 'CHART_NOT_RENDERED').map((n) => n.file)).toEqual(charts.map((c) => `charts/${c}/Chart.yaml`));
    // Two stay two.
    const two: Files = { 'deploy/app.yaml': app, 'charts/a/Chart.yaml': 'apiVersion: v2\nname: a\nversion: 0.1.0\n', 'charts/a/templates/cm.yaml': 'kind: ConfigMap\n', 'charts/b/Chart.yaml': 'apiVersion: v2\nname: b\nversion: 0.1.0\n', 'charts/b/templates/cm.yaml': 'kind: ConfigMap\n' };
    const out = (await main(['diff', tempFolderSync(two), tempFolderSync(two)])).stdout;
    expect(out).toContain('note: Helm chart charts/a not rendered');
    expect(out).toContain('note: Helm chart charts/b not rendered');
  });
});
