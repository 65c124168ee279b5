/**
 * A clone without remotes (or folders) learns this repository's URL from a GitRepository a Flux Kustomization
 * uses with a folder here (flux.ts `fluxRepoUrls`), unless a Kustomization of another source deploys that
 * definition (`deployedByOtherSource`). A Kustomization of another source whose path is the root (`./`: Flux's
 * own install from an OCIRepository of flux-manifests, with patches) names its own artifact's root, which every
 * repository has: it proves nothing. Before, it "deployed" every file here, so the cluster's own GitRepository
 * read as another repository's, and the whole Flux tree fell back to top-level kustomizations: an app deployed
 * into `home` by its Kustomization's targetNamespace read as `default/scrypted` (carpenike/k8s-gitops 984a0cd46).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/k8s-gitops.git';
const CONFIG = [
  'apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata: {name: flux-manifests, namespace: flux-system}\nspec:\n  url: oci://ghcr.io/fluxcd/flux-manifests\n  ref: {tag: v2.3.0}\n',
  'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: flux, namespace: flux-system}\nspec:\n  path: ./\n  sourceRef: {kind: OCIRepository, name: flux-manifests}\n',
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: home-kubernetes, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`,
  'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster, namespace: flux-system}\nspec:\n  path: ./kubernetes/flux\n  sourceRef: {kind: GitRepository, name: home-kubernetes}\n',
].join('---\n');
const APPS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster-apps, namespace: flux-system}\nspec:\n  path: ./kubernetes/apps\n  sourceRef: {kind: GitRepository, name: home-kubernetes}\n';
const APP_KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: scrypted, namespace: flux-system}\nspec:\n  targetNamespace: home\n  path: ./kubernetes/apps/home/scrypted/app\n  sourceRef: {kind: GitRepository, name: home-kubernetes}\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: scrypted}\nspec:\n  selector: {matchLabels: {app: scrypted}}\n  template:\n    metadata: {labels: {app: scrypted}}\n    spec: {containers: [{name: c, image: i}]}\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: scrypted}\nspec:\n  podSelector: {matchLabels: {app: scrypted}}\n  policyTypes: [Ingress]\n';
const tree = (policy: boolean): Files => ({
  'kubernetes/flux/config/kustomization.yaml': 'resources: [flux.yaml]\n',
  'kubernetes/flux/config/flux.yaml': CONFIG,
  'kubernetes/flux/apps.yaml': APPS,
  'kubernetes/apps/kustomization.yaml': 'resources: [home/scrypted/ks.yaml]\n',
  'kubernetes/apps/home/scrypted/ks.yaml': APP_KS,
  'kubernetes/apps/home/scrypted/app/kustomization.yaml': `resources: [deploy.yaml${policy ? ', policy.yaml' : ''}]\n`,
  'kubernetes/apps/home/scrypted/app/deploy.yaml': DEPLOY,
  ...(policy ? { 'kubernetes/apps/home/scrypted/app/policy.yaml': POLICY } : {}),
});
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

it("Flux's own install from an OCIRepository at path ./ does not make the cluster's GitRepository another repository's: the app deploys into its targetNamespace", async () => {
  const r = await analyzeTargets(asList(tree(true)), asList(tree(false)), {});
  const opened = r.combined.pairs.filter((p) => p.opened && p.dst.type === 'workload').map((p) => p.dst.type === 'workload' ? p.dst.workload.id : '');
  expect([...new Set(opened)]).toEqual(['home/scrypted[Deployment]']);
  const external = r.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.message);
  expect(external.some((m) => m.includes('home-kubernetes'))).toBe(false);
});
