/**
 * The files a target's build reads (renamed-targets.ts `pathsRead`) include the component folders its
 * controller object writes into that build: Flux `spec.components`, Argo CD `kustomize.components`. No
 * kustomization of the repository names them, so reading only the root's closure missed them for rename
 * detection and held targets (new-user 47).
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { pathsRead } from '../../src/targets/renamed-targets.js';
import { sideIndex } from '../../src/targets/target-files.js';

const SYNC = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "ssh://git@github.com/acme/gitops"}\n';
const flux = (path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: shop, namespace: flux-system}\nspec:\n  path: ${path}\n  components: [../../components/allow-web]\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const argo = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  source:\n    repoURL: https://github.com/acme/gitops\n    path: apps/shop\n    kustomize:\n      components: [../../components/allow-web]\n  destination: {server: 'https://kubernetes.default.svc', namespace: shop}\n";
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n';
const COMPONENT = { 'components/allow-web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [np.yaml]\n', 'components/allow-web/np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-web}\nspec: {podSelector: {}}\n' };

it.each([
  ['a Flux Kustomization over a plain folder', { 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/apps.yaml': flux('./apps/shop') }, {}],
  ['a Flux Kustomization over a kustomization', { 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/apps.yaml': flux('./apps/shop') }, { 'apps/shop/kustomization.yaml': 'resources: [deploy.yaml]\n' }],
  ['an Argo CD Application', { 'argocd/shop.yaml': argo }, { 'apps/shop/kustomization.yaml': 'resources: [deploy.yaml]\n' }],
])("%s: its build's files include its components'", (_, controller, own) => {
  const files = new RepoFiles(Object.entries({ ...controller, ...own, 'apps/shop/deploy.yaml': DEPLOY, ...COMPONENT }).map(([path, text]) => ({ path, text })));
  const targets = discoverTargets(files, { repoUrls: ['https://github.com/acme/gitops'] }).targets.filter((t) => t.name === 'shop');
  expect(targets).toHaveLength(1);
  const read = pathsRead(targets, sideIndex(files));
  expect([...read].filter((p) => p.startsWith('components/')).sort()).toEqual(['components/allow-web/kustomization.yaml', 'components/allow-web/np.yaml']);
  expect(read.has('apps/shop/deploy.yaml')).toBe(true);
});
