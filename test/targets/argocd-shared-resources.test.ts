/**
 * One NetworkPolicy that two Argo CD Applications of one cluster both sync, written differently: Argo CD applies each
 * Application's manifests whether or not another Application applied the object, reports it as a shared resource
 * (SharedResourceWarning) and the live object is whichever synced last (targets/co-applied-objects.ts). The warning
 * says so in Argo CD's words, naming each Application at its copy's file:line, not kubectl's.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const app = (name: string, path: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  destination: {server: https://kubernetes.default.svc}\n  source: {repoURL: https://github.com/acme/gitops, path: ${path}}\n  syncPolicy: {automated: {}}\n`;
const web = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const webIn = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - ports: [{port: ${port}}]\n`;

/** Application `alpha` syncs apps/a, `beta` apps/b; both hold shop/web-in. */
const cluster = (a: number, b: number): Files => ({
  'argocd/alpha.yaml': app('alpha', 'apps/a'),
  'argocd/beta.yaml': app('beta', 'apps/b'),
  'apps/a/deploy.yaml': web,
  'apps/a/np.yaml': webIn(a),
  'apps/b/np.yaml': webIn(b),
});

describe('one object two Argo CD Applications of a cluster sync', () => {
  it("the warning names each Application at its copy, in Argo CD's terms (shared resource, last sync wins)", async () => {
    const text = (await diffSides({ base: cluster(80, 80), head: cluster(80, 443) }).run('--fail-on', 'never')).stdout;
    expect(text).toContain(
      'apps/b/np.yaml:1: warning: NetworkPolicy shop/web-in is synced by 2 Argo CD Applications of this cluster, alpha (apps/a/np.yaml:1) and beta (here): Argo CD reports it as a shared resource (SharedResourceWarning), each sync applies its own copy over the other, and the cluster holds whichever synced last (give the object to one Application; FailOnSharedResource=true fails such a sync instead); analysed: this copy, the last in path order, and the earlier copy, which selected pods {app=web} and allowed ingress from anyone on TCP 80, is ignored [DUPLICATE_OBJECT]',
    );
    expect(text).not.toContain('kubectl apply keeps the last copy');
  });
});
