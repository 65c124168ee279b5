/**
 * Flux's kustomize-controller builds without Kustomize's load restrictor, its reads confined to the source's
 * root (real-eval 12, problem 2; repro 01): a cluster overlay that lists a Flux `ks.yaml` from
 * `../../base/…` builds in the cluster, as `kubectl kustomize --load-restrictor LoadRestrictionsNone` does.
 * reachdiff refused it ("security; file is not in or below …"), so the change's openings were never
 * shown. A plain top-level kustomization (`kubectl apply -k`) and an Argo CD Application (its default
 * kustomize build options leave the restrictor on) still refuse it, and no build reads above the root.
 */
import { renderKustomization, renderWithin } from '../../src/kustomize/index.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps/overlays/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const CHILD = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: mqtt, namespace: flux-system}\nspec:\n  path: ./apps/base/home/mqtt/app\n  targetNamespace: home\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mosquitto}\nspec:\n  selector: {matchLabels: {app: mosquitto}}\n  template:\n    metadata: {labels: {app: mosquitto}}\n    spec: {containers: [{name: c, image: eclipse-mosquitto, ports: [{containerPort: 1883}]}]}\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mosquitto, namespace: home}\nspec:\n  podSelector: {matchLabels: {app: mosquitto}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: home-assistant}}}], ports: [{port: 1883}]}]\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: home}\n';
const K = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

/** The overlay lists a file outside its folder; `withPolicy`: the home base deploys the mosquitto policy. */
const tree = (withPolicy: boolean): Files => ({
  'clusters/prod/sync.yaml': SYNC,
  'apps/overlays/prod/kustomization.yaml': `${K}resources:\n  - ../../base/home\n  - ../../base/home/mqtt/ks.yaml\n`,
  'apps/base/home/kustomization.yaml': `${K}resources:\n  - namespace.yaml\n${withPolicy ? '  - networkpolicy.yaml\n' : ''}`,
  'apps/base/home/namespace.yaml': NAMESPACE,
  ...(withPolicy ? { 'apps/base/home/networkpolicy.yaml': POLICY } : {}),
  'apps/base/home/mqtt/ks.yaml': CHILD,
  'apps/base/home/mqtt/app/kustomization.yaml': `${K}resources:\n  - deployment.yaml\n`,
  'apps/base/home/mqtt/app/deployment.yaml': DEPLOYMENT,
});
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const buildFailures = (r: Awaited<ReturnType<typeof analyzeTargets>>) =>
  r.targets.flatMap((t) => [...t.report.warnings.head, ...t.report.warnings.base]).filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => d.message);

describe("a Flux Kustomization's build runs without Kustomize's load restrictor (repro 01)", () => {
  it('the overlay naming ../../base/home/mqtt/ks.yaml builds, its child Kustomization is a target, and the removed policy opens mosquitto', async () => {
    const r = await analyzeTargets(asList(tree(true)), asList(tree(false)), { discover: { repoUrls: [URL] } });
    expect(buildFailures(r)).toEqual([]);
    expect(r.targets.flatMap((t) => t.members.map((m) => m.name)).sort()).toEqual(['apps', 'mqtt']);
    expect(r.counts.opened).toBeGreaterThan(0);
    const openedTo = r.combined.pairs.filter((p) => p.opened).map((p) => (p.dst.type === 'workload' ? `${p.dst.workload.namespace}/${p.dst.workload.name}` : p.dst.type));
    expect(openedTo).toContain('home/mosquitto');
    expect(r.counts.notAnalysed ?? 0).toBe(0);
  });

  it('a plain top-level kustomization (kubectl apply -k) keeps the restrictor: the same overlay fails', () => {
    const files = new RepoFiles(asList({ ...tree(true), 'clusters/prod/sync.yaml': '' }));
    const sel = discoverTargets(files);
    expect(sel.targets.map((t) => [t.name, t.origin])).toContainEqual(['apps/overlays/prod', 'kustomization']);
    const render = renderKustomization(new Map(Object.entries(tree(true))), 'apps/overlays/prod');
    expect(render.ok).toBe(false);
    expect(render.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("security; file is not in or below apps/overlays/prod (Kustomize's load restrictor)"));
  });

  it('an Argo CD Application keeps it too (its default kustomize build options apply the restrictor)', async () => {
    const app = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: apps, namespace: argocd}\nspec:\n  source: {repoURL: '${URL}', path: apps/overlays/prod}\n  destination: {server: 'https://kubernetes.default.svc', namespace: home}\n`;
    const side = (withPolicy: boolean) => ({ ...tree(withPolicy), 'clusters/prod/sync.yaml': app });
    const r = await analyzeTargets(asList(side(true)), asList(side(false)), { discover: { repoUrls: [URL] } });
    expect(buildFailures(r)).toContainEqual(expect.stringContaining("(Kustomize's load restrictor)"));
  });

  it('without the restrictor, files anywhere in the file set are read, but never above its root', () => {
    const files = new Map(Object.entries({
      'a/b/kustomization.yaml': `${K}resources:\n  - ../../c/ns.yaml\npatches:\n  - path: ../../c/patch.yaml\n`,
      'c/ns.yaml': NAMESPACE,
      'c/patch.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: home, labels: {patched: "yes"}}\n',
      'up/kustomization.yaml': `${K}resources:\n  - ../../outside.yaml\n`,
    }));
    const renderer = renderWithin(files);
    const none = renderer.render('a/b', 'LoadRestrictionsNone');
    expect([none.ok, none.loadRestrictor, none.objects.map((o) => o.value.metadata)]).toEqual([true, 'LoadRestrictionsNone', [{ name: 'home', labels: { patched: 'yes' } }]]);
    // The same renderer and folder with the restrictor: a built folder of the first render is not reused.
    const rootOnly = renderer.render('a/b');
    expect([rootOnly.ok, rootOnly.loadRestrictor]).toEqual([false, undefined]);
    const above = renderer.render('up', 'LoadRestrictionsNone');
    expect(above.ok).toBe(false);
    expect(above.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('resource ../../outside.yaml: no such file or folder (above the root read'));
  });
});
