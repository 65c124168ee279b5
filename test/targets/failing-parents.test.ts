/**
 * A changed policy whose Argo CD Application is listed by an app-of-apps kustomization that fails to build
 * (real-eval 11, G11; repro 05): the note said "no target deploys … name its folder under targets:", when
 * the reason is the failing build. It names that build's file:line and error instead.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

type Files = Record<string, string>;
const app = (name: string, path: string, namespace: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/gitops.git\n    targetRevision: HEAD\n    path: ${path}\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: ${namespace}\n`;
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: asset}\nspec:\n  selector: {matchLabels: {app: asset}}\n  template:\n    metadata: {labels: {app: asset}}\n    spec: {containers: [{name: asset, image: i, ports: [{containerPort: 8080}]}]}\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: asset}\nspec:\n  podSelector: {matchLabels: {app: asset}}\n  policyTypes: [Ingress]\n  ingress: [{ports: [{protocol: TCP, port: 8080}]}]\n';
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const apps = (listed: string) => ({
  'argocd/bootstrap/app-of-apps.yaml': app('app-of-apps', 'argocd/apps', 'argocd'),
  'argocd/apps/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - asset.yaml\n  - ${listed}\n`,
  'argocd/apps/asset.yaml': app('asset', 'apps/asset', 'fin'),
  'argocd/apps/registration.yaml': app('registration', 'apps/registration', 'fin'),
});
const BASE_APP: Files = { 'apps/asset/kustomization.yaml': `${KUSTOMIZATION}namespace: fin\nresources:\n  - deployment.yaml\n`, 'apps/asset/deployment.yaml': DEPLOYMENT };
const HEAD_APP: Files = { 'apps/asset/kustomization.yaml': `${KUSTOMIZATION}namespace: fin\nresources:\n  - deployment.yaml\n  - networkpolicy.yaml\n`, 'apps/asset/deployment.yaml': DEPLOYMENT, 'apps/asset/networkpolicy.yaml': POLICY };

const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const notes = async (base: Files, head: Files) => (await analyzeTargets(asList(base), asList(head))).notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);

describe('a changed policy whose Application is in a build that fails (repro 05)', () => {
  it('names the failing build at its file:line with its error, not "no target deploys"', async () => {
    const broken = apps('registration-renamed.yaml # file was renamed');
    const said = await notes({ ...broken, ...BASE_APP }, { ...broken, ...HEAD_APP });
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('apps/asset/networkpolicy.yaml: Application argocd/asset (argocd/apps/asset.yaml), whose source path holds it, is in a build that fails');
    expect(said[0]).toMatch(/argocd\/apps\/kustomization\.yaml:5: kustomize build argocd\/apps fails: .*registration-renamed\.yaml/);
    expect(said[0]).not.toContain('no target deploys:');
  });

  it('the error in a kustomization the failing build includes: the build is still found by its own folder (real-eval 20)', async () => {
    // monosense-io/k8s-gitops 9d78fe9: kubernetes/infrastructure fails at databases/kustomization.yaml:8; the Flux
    // Kustomization deploying the changed policy sits in another folder of that build. Before: "no target deploys".
    const nested = { ...apps('more'), 'argocd/apps/more/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - gone.yaml\n` };
    const said = await notes({ ...nested, ...BASE_APP }, { ...nested, ...HEAD_APP });
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('apps/asset/networkpolicy.yaml: Application argocd/asset (argocd/apps/asset.yaml), whose source path holds it, is in a build that fails');
    expect(said[0]).toMatch(/argocd\/apps\/more\/kustomization\.yaml:\d+: kustomize build argocd\/apps fails: .*gone\.yaml/);
    expect(said[0]).not.toContain('no target deploys:');
  });

  it('a build the change breaks (working on base, failing on head): named the same way (real repositories 34)', async () => {
    // The app-of-apps' failure is then a changed build not analysed on head, not among head's warnings: it was
    // missed, and the policy read "no target deploys". Before: a merge listing a missing Application file.
    const said = await notes({ ...apps('registration.yaml'), ...BASE_APP }, { ...apps('registration-service.yaml'), ...HEAD_APP });
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('apps/asset/networkpolicy.yaml: Application argocd/asset (argocd/apps/asset.yaml), whose source path holds it, is in a build that fails');
    expect(said[0]).toMatch(/argocd\/apps\/kustomization\.yaml:5: kustomize build argocd\/apps fails: .*registration-service\.yaml/);
  });

  it('the build working, the Application deploys the file: no such note', async () => {
    const working = apps('registration.yaml');
    expect(await notes({ ...working, ...BASE_APP }, { ...working, ...HEAD_APP })).toEqual([]);
  });
});
