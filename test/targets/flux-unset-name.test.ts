/**
 * An object whose name is a Flux post-build variable without a value (`name: ${UNSET}`): Flux replaces the
 * variable by the empty string, so the API server rejects the object. The error is said at the `name:` line,
 * where the reviewer sees the variable, not at the document's first line (new-user 47); in a plain folder and
 * in a kustomization's build alike. The rejection fails the Flux Kustomization's whole apply, so it is that
 * Kustomization's change not analysed (flux-rejected-apply.test.ts).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

const SYNC = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "ssh://git@github.com/acme/gitops"}\n';
const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: shop, namespace: flux-system}\nspec:\n  path: ./apps/shop\n  targetNamespace: shop\n  sourceRef: {kind: GitRepository, name: flux-system}\n  postBuild:\n    substitute: {APP: cart}\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}\nspec:\n  selector: {matchLabels: {app: cart}}\n  template:\n    metadata: {labels: {app: cart}}\n    spec: {containers: [{name: c, image: i}]}\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  labels:\n    app: ${APP}\n  name: ${UNSET_NAME}\nspec:\n  podSelector: {}\n  ingress: [{}]\n';
const list = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));

describe('a name emptied by a Flux variable without a value', () => {
  it.each([
    ['a plain folder', {}],
    ['a kustomization build', { 'apps/shop/kustomization.yaml': 'resources: [deploy.yaml, np.yaml]\n' }],
  ])('in %s: the error at the name line', async (_, extra) => {
    const base = { 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/apps.yaml': KS, 'apps/shop/deploy.yaml': DEPLOY, ...extra };
    const report = await analyzeTargets(list(base), list({ ...base, 'apps/shop/np.yaml': POLICY }));
    // The API server rejects it at Flux's server-side dry-run, which fails the Kustomization's whole apply (failed-targets.ts):
    // the error is a changed build not analysed, at the name line.
    const items = report.targets.flatMap((t) => t.report.notAnalysed ?? []);
    expect(items.map((n) => [n.error.code, `${n.error.ref.file}:${n.error.ref.line}`, n.error.message, n.wholeTarget?.step])).toEqual([['MISSING_FIELD', 'apps/shop/np.yaml:6', 'NetworkPolicy with an empty metadata.name; ignored', 'apply']]);
    expect(report.targets.flatMap((t) => t.report.errors.introduced)).toEqual([]);
    expect(report.notices.filter((n) => n.code === 'SUBSTITUTION').map((n) => n.message)).toEqual(['Flux Kustomization shop: ${UNSET_NAME} has no value in postBuild.substitute; replaced by the empty string, as Flux does']);
  });
});
