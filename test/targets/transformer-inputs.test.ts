/**
 * A target hands the renderer the files its `transformers:` read: a configuration file outside the
 * kustomization's folder (a Flux build has no load restrictor), the patch files that configuration names,
 * and a folder of configurations (built: its plugin configuration is warned as not rendered).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/shop';
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const workload = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {tier: frontend}}}]}]\n';
const PATCHES = 'apiVersion: builtin\nkind: PatchTransformer\nmetadata: {name: p}\npath: ../common/pod-labels.yaml\ntarget: {kind: Deployment, name: web}\n';
const POD_LABELS = '- {op: add, path: /spec/template/metadata/labels/tier, value: frontend}\n';

const tree = (labelled: boolean): Files => ({
  'clusters/prod/sync.yaml': SYNC,
  'apps/prod/kustomization.yaml': `resources: [app.yaml, policy.yaml]\ntransformers:\n  - ../common/patches.yaml\n  - ../plugins\n`,
  'apps/prod/app.yaml': `${workload('api')}---\n${workload('web')}`,
  'apps/prod/policy.yaml': POLICY,
  'apps/common/patches.yaml': labelled ? PATCHES : PATCHES.replace('name: web', 'name: nothing'),
  'apps/common/pod-labels.yaml': POD_LABELS,
  'apps/plugins/kustomization.yaml': 'resources: [annotate.yaml]\n',
  'apps/plugins/annotate.yaml': 'apiVersion: someteam.example.com/v1\nkind: ValueAnnotator\nmetadata: {name: v}\n',
});
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

it("a Flux build's transformer configuration outside its folder, and the patch file it names, are read: the labelled pod template opens the policy", async () => {
  const r = await analyzeTargets(asList(tree(false)), asList(tree(true)), { discover: { repoUrls: [URL] } });
  const diagnostics = r.targets.flatMap((t) => [...t.report.warnings.head, ...t.report.warnings.base]);
  expect(diagnostics.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED')).toEqual([]);
  expect(diagnostics.filter((d) => d.code === 'KUSTOMIZE_NOT_RENDERED').map((d) => d.message)).toContain('apps/prod/kustomization.yaml: transformers is not rendered; the result lacks the changes of the ValueAnnotator plugin (apiVersion someteam.example.com/v1) at apps/plugins/annotate.yaml:1');
  const opened = r.combined.pairs.filter((p) => p.opened).map((p) => `${p.src.type === 'workload' ? p.src.workload.id : p.src.type} => ${p.dst.type === 'workload' ? p.dst.workload.id : p.dst.type}`);
  expect(opened).toContain('shop/web[Deployment] => shop/api[Deployment]');
});
