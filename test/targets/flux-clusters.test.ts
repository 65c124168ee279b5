/**
 * Flux Kustomizations of one tree are one cluster (flux-clusters.ts): the flux-cluster-template layout keeps
 * a namespace's Namespace and default-deny in the namespace layer (`apps/<ns>/kustomization.yaml`, built by
 * the root Kustomization) and each app's allow rules in the app's own Kustomization. Analysed as separate
 * clusters (real-eval 22, webgrip/homelab-cluster 1807c6df, abc0a88e, e965b8c5), an app's first allow read
 * as isolating its pods ("paths closed", where it opens what the default-deny shut), a policy moved from
 * one layer to the other read as closing paths, and a Kyverno generator of default-deny in its own
 * Kustomization was in no verdict of the apps it isolates.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const GIT = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`;
const ks = (name: string, path: string, ns?: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n${ns ? `  targetNamespace: ${ns}\n` : ''}  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: web, ports: [{containerPort: 80}]}]}\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const ALLOW = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gateway}}}]\n    ports: [{port: 80}]\n';
/** The root Kustomization builds `apps/` (no kustomization: Flux generates one), the namespace layer lists the app's Kustomization. */
const TREE: Files = {
  'flux/cluster/ks.yaml': `${GIT}---\n${ks('cluster-apps', './apps')}`,
  'apps/shop/kustomization.yaml': K('namespace.yaml, default-deny.yaml, web/ks.yaml'),
  'apps/shop/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'apps/shop/default-deny.yaml': DENY,
  'apps/shop/web/ks.yaml': ks('web', './apps/shop/web/app', 'shop'),
  'apps/shop/web/app/kustomization.yaml': K('deploy.yaml'),
  'apps/shop/web/app/deploy.yaml': DEPLOY,
};
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const analyse = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });

describe('Flux Kustomizations of one tree are one cluster model', () => {
  it('the app Kustomization is in its root Kustomization\'s cluster; a Kustomization alone stays its own', () => {
    const sel = discoverTargets(new RepoFiles(asList(TREE)), { repoUrls: [URL] });
    expect(sel.targets.map((t) => [t.name, t.cluster])).toEqual([
      ['cluster-apps', 'cluster-apps'],
      ['web', 'cluster-apps'],
    ]);
    expect(sel.how).toBe('Targets from 2 Flux Kustomizations in this repository (cluster cluster-apps).');
    const alone = discoverTargets(new RepoFiles(asList({ 'flux/ks.yaml': `${GIT}---\n${ks('web', './web')}`, 'web/deploy.yaml': DEPLOY })), { repoUrls: [URL] });
    expect(alone.targets.map((t) => [t.name, t.cluster])).toEqual([['web', undefined]]);
  });

  it('a root defined below the path of the Kustomization it deploys (a cycle) is in the one cluster with it, not a target of its name apart', () => {
    // real repositories 38, auricom a33b7d928: the root `flux-cluster` (path ./kubernetes/flux) is defined in
    // kubernetes/apps/flux-system/, which its child `apps` (path ./kubernetes/apps, defined in kubernetes/flux/)
    // builds; the headline read "flux-cluster: 256 paths closed; flux-cluster: no change".
    const cycle: Files = {
      'apps/flux-system/cluster.yaml': `${GIT}---\n${ks('flux-cluster', './flux')}`,
      'apps/flux-system/kustomization.yaml': K('cluster.yaml'),
      'flux/ks.yaml': ks('apps', './apps'),
      'apps/shop/kustomization.yaml': K('namespace.yaml, web/ks.yaml'),
      'apps/shop/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
      'apps/shop/web/ks.yaml': ks('web', './apps/shop/web/app', 'shop'),
      'apps/shop/web/app/kustomization.yaml': K('deploy.yaml'),
      'apps/shop/web/app/deploy.yaml': DEPLOY,
    };
    const sel = discoverTargets(new RepoFiles(asList(cycle)), { repoUrls: [URL] });
    const clusters = new Set(sel.targets.map((t) => t.cluster));
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['apps', 'flux-cluster', 'web']);
    expect([...clusters]).toHaveLength(1);
    expect([...clusters][0]).toBeDefined();
  });

  it('trees whose roots share a name (one per cluster folder) are told by their folders, not by #2', () => {
    const second = Object.fromEntries(Object.entries(TREE).map(([path, text]) => [path.replace(/^flux\//, 'network/flux/').replace(/^apps\//, 'network/apps/'), text.replaceAll('./apps', './network/apps')]));
    const sel = discoverTargets(new RepoFiles(asList({ ...TREE, ...second })), { repoUrls: [URL] });
    const clusters = [...new Set(sel.targets.map((t) => t.cluster))].sort();
    expect(clusters).toEqual(['cluster-apps (flux/cluster)', 'cluster-apps (network/flux/cluster)']);
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['cluster-apps', 'cluster-apps#2', 'web', 'web#2']);
  });

  it("an app's allow rule opens what the namespace layer's default-deny shut, rather than closing everything else", async () => {
    const head = { ...TREE, 'apps/shop/web/app/kustomization.yaml': K('deploy.yaml, allow.yaml'), 'apps/shop/web/app/allow.yaml': ALLOW };
    const r = await analyse(TREE, head);
    expect(r.targets.map((t) => t.name)).toEqual(['cluster-apps']);
    expect(r.counts).toMatchObject({ opened: 1, closed: 0 });
    // The one path: gateway's pods to web on TCP 80, which the default-deny of the namespace layer shut in base.
    const [pair] = r.targets[0].report.pairs.filter((p) => p.opened);
    expect([pair.src.type === 'pods' && pair.src.peer.id, pair.dst.type === 'workload' && pair.dst.workload.id, pair.base]).toEqual(['gateway/[all pods]', 'shop/web[Deployment]', null]);
  });

  it('a policy moved from the namespace layer into the app layer changes nothing', async () => {
    const head = {
      ...TREE,
      'apps/shop/kustomization.yaml': K('namespace.yaml, web/ks.yaml'),
      'apps/shop/web/app/kustomization.yaml': K('deploy.yaml, default-deny.yaml'),
      'apps/shop/web/app/default-deny.yaml': DENY,
    };
    delete (head as Files)['apps/shop/default-deny.yaml'];
    const r = await analyse(TREE, head);
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
  });

  it("a Kyverno generator (one reachdiff does not read: a precondition) in another Kustomization of the tree is in the app's verdict", async () => {
    const generator = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: default-deny}\nspec:\n  rules:\n  - name: deny\n    match: {any: [{resources: {kinds: [Namespace]}}]}\n    preconditions: {all: [{key: a, operator: Equals, value: a}]}\n    generate:\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      name: default-deny\n      namespace: '{{request.object.metadata.name}}'\n      data:\n        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n";
    const base = { ...TREE, 'apps/kyverno/kustomization.yaml': K('policies/ks.yaml'), 'apps/kyverno/policies/ks.yaml': ks('kyverno-policies', './apps/kyverno/policies/app'), 'apps/kyverno/policies/app/kustomization.yaml': K('generate.yaml'), 'apps/kyverno/policies/app/generate.yaml': generator };
    const head = { ...base, 'apps/shop/web/app/kustomization.yaml': K('deploy.yaml, allow.yaml'), 'apps/shop/web/app/allow.yaml': ALLOW };
    const r = await analyse(base, head);
    expect(r.targets).toHaveLength(1);
    expect(r.targets[0].report.unmodelled.map((u) => u.label)).toEqual(['Kyverno ClusterPolicy generating policies']);
  });
});
