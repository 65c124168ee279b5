/**
 * Each app folder of a Flux layout takes its namespace from a `transformers:` folder: a kustomization whose
 * own `namespace:` sets a NamespaceTransformer written with a placeholder namespace, whose field specs write
 * the app's Flux Kustomization `spec.targetNamespace` (d4rkfella/home-ops). Read so, the app's Kustomization
 * deploys into its namespace; before, every app read as deployed into `default`, so a rule that admits a
 * namespace by name changed paths between pods of one namespace that do not exist.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/homelab';
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster-apps, namespace: flux-system}\nspec:\n  path: ./apps\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const TRANSFORMER = 'apiVersion: builtin\nkind: NamespaceTransformer\nmetadata: {name: per-app, namespace: unset}\nfieldSpecs:\n  - {path: metadata/name, kind: Namespace, create: true}\n  - {path: spec/targetNamespace, group: kustomize.toolkit.fluxcd.io, kind: Kustomization, create: true}\n';
const fluxApp = (name: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}}\nspec:\n  path: ./apps/${name}/app\n  sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}\n`;
const workload = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const namespaceFolder = (ns: string, app: string, extra: Files): Files => ({
  [`apps/${ns}/kustomization.yaml`]: `resources: [namespace.yaml, ${app}/ks.yaml]\ntransformers: [./transformers]\n`,
  [`apps/${ns}/namespace.yaml`]: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: placeholder}\n',
  [`apps/${ns}/transformers/kustomization.yaml`]: `namespace: ${ns}\nresources: [../../../common/transformers]\n`,
  [`apps/${ns}/${app}/ks.yaml`]: fluxApp(app).replace(`./apps/${app}/app`, `./apps/${ns}/${app}/app`),
  ...extra,
});
/** `fromWeb`: the api's rule admits `app: client` pods of namespace web, else of its own namespace. */
const tree = (fromWeb: boolean): Files => ({
  'clusters/prod/sync.yaml': SYNC,
  'common/transformers/kustomization.yaml': 'resources: [namespace.yaml]\n',
  'common/transformers/namespace.yaml': TRANSFORMER,
  ...namespaceFolder('ledger', 'api', {
    'apps/ledger/api/app/kustomization.yaml': 'resources: [deploy.yaml, policy.yaml]\n',
    'apps/ledger/api/app/deploy.yaml': workload('api'),
    'apps/ledger/api/app/policy.yaml': `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - ${fromWeb ? 'namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}\n          ' : ''}podSelector: {matchLabels: {app: client}}\n`,
  }),
  ...namespaceFolder('web', 'client', {
    'apps/web/client/app/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'apps/web/client/app/deploy.yaml': workload('client'),
  }),
});
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const id = (end: { type: string; workload?: { id: string } }) => (end.type === 'workload' ? end.workload!.id : end.type);

it("an app's namespace from a transformers folder is its Flux Kustomization's targetNamespace: the rule admitting namespace web opens web's client to ledger's api, and closes nothing", async () => {
  const r = await analyzeTargets(asList(tree(false)), asList(tree(true)), { discover: { repoUrls: [URL] } });
  const workloads = (change: 'opened' | 'closed') => r.combined.pairs.filter((p) => p[change] && p.src.type === 'workload' && p.dst.type === 'workload').map((p) => `${id(p.src)} => ${id(p.dst)}`);
  expect(workloads('opened')).toEqual(['web/client[Deployment] => ledger/api[Deployment]']);
  expect(workloads('closed')).toEqual([]);
  // The transformers folder's build reads ../../../common/transformers, outside cluster-apps' path: an input of that build.
  const diagnostics = r.targets.flatMap((t) => [...t.report.warnings.head, ...t.report.warnings.base]);
  expect(diagnostics.filter((d) => d.code === 'KUSTOMIZE_NOT_RENDERED' || d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => d.message)).toEqual([]);
});
