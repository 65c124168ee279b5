/**
 * Controller objects that kustomizations use are read as rendered: the Flux multi-tenancy layout keeps a
 * tenant's Flux Kustomization in a base (path `./`) and patches its `spec.path` per cluster overlay. Read as
 * committed, the base object deployed the whole tree and the overlay's patch file was a second, sourceless
 * object; rendered, each overlay's tenant deploys its patched path, to the overlay's cluster.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const flux = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  sourceRef: {kind: GitRepository, name: flux-system}\n${extra}`;
const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: https://example.invalid/acme/fleet\n  ref: {branch: main}\n';
const patch = (path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: dev-team, namespace: flux-system}\nspec:\n  path: ${path}\n`;
const deploy = (ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;

const overlay = 'resources:\n  - ../base/dev-team\npatches:\n  - path: dev-team-patch.yaml\n';
const files = (stagingPolicy: string): Record<string, string> => ({
  'clusters/staging/flux-system/kustomization.yaml': 'resources:\n  - gotk-sync.yaml\n',
  'clusters/staging/flux-system/gotk-sync.yaml': `${source}---\n${flux('flux-system', './clusters/staging')}`,
  'clusters/staging/tenants.yaml': flux('tenants', './tenants/staging'),
  'clusters/production/tenants.yaml': flux('tenants', './tenants/production', '  kubeConfig: {secretRef: {name: production}}\n'),
  'tenants/base/dev-team/kustomization.yaml': 'resources:\n  - sync.yaml\n',
  'tenants/base/dev-team/sync.yaml': flux('dev-team', './'),
  'tenants/staging/kustomization.yaml': overlay,
  'tenants/staging/dev-team-patch.yaml': patch('./apps/staging'),
  'tenants/production/kustomization.yaml': overlay,
  'tenants/production/dev-team-patch.yaml': patch('./apps/production'),
  'apps/staging/web.yaml': deploy('shop'),
  'apps/staging/pol.yaml': stagingPolicy,
  'apps/production/web.yaml': deploy('shop'),
  'apps/production/pol.yaml': deny('shop'),
});
const list = (f: Record<string, string>) => Object.entries(f).map(([path, text]) => ({ path, text }));

describe('controller objects of kustomizations are read as rendered', () => {
  it('each overlay\'s tenant deploys its patched path, to the overlay\'s cluster; the base object and the patch file are no targets', () => {
    const sel = discoverTargets(new RepoFiles(list(files(deny('shop')))));
    const tenants = sel.targets.filter((t) => t.name.startsWith('dev-team'));
    expect(tenants.map((t) => [t.roots, t.cluster]).sort()).toEqual([[['apps/production'], 'production'], [['apps/staging'], 'staging']]);
    expect(sel.targets.some((t) => t.roots.includes(''))).toBe(false);
    // Where the object is written (the base), as a reviewer finds it.
    expect(tenants[0].why).toContain('tenants/base/dev-team/sync.yaml:1');
    expect(sel.notices.filter((n) => n.code === 'MISSING_ROOT')).toEqual([]);
  });

  it('diff: a change to one cluster\'s tenant path is reported for that cluster only', async () => {
    const base = files(deny('shop'));
    const head = files(`${deny('shop')}  ingress: [{}]\n`);
    const report = await analyzeTargets(list(base), list(head));
    const changed = report.targets.filter((t) => t.report.counts.opened > 0).map((t) => t.cluster);
    expect(changed).toEqual(['staging']);
  });

  it('a tenant overlay whose build fails deploys no tenant (the controller applies nothing from it); the other overlay still does', () => {
    const broken = { ...files(deny('shop')), 'tenants/staging/kustomization.yaml': `${overlay}  - path: missing.yaml\n` };
    const sel = discoverTargets(new RepoFiles(list(broken)));
    expect(sel.targets.filter((t) => t.name.startsWith('dev-team')).map((t) => t.roots)).toEqual([['apps/production']]);
  });
});

describe('a changed policy that no target deploys', () => {
  it('is named in an OUTSIDE_TARGETS notice (not left out silently); a changed policy inside a target is not', async () => {
    const base = { ...files(deny('shop')), 'legacy/pol.yaml': deny('legacy') };
    const head = { ...files(`${deny('shop')}  ingress: [{}]\n`), 'legacy/pol.yaml': `${deny('legacy')}  ingress: [{}]\n`, 'legacy/notes.yaml': 'kind: ConfigMap\n' };
    const report = await analyzeTargets(list(base), list(head));
    const notices = report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS');
    expect(notices.map((n) => n.message)).toEqual(['Not analysed: a changed file holding policies that no target deploys: legacy/pol.yaml. If a cluster applies it, name its folder under targets: in the configuration']);
  });

  it('whose folder a file names by its path (an app-of-apps chart\'s values): the notice gives that line (real-eval 21: gnunn-gitops/cluster-config 9912d77)', async () => {
    const values = (app: string) => `applications:\n  lightspeed:\n    destination: {namespace: lightspeed}\n    source:\n      path: ${app}\n`;
    const policy = (port: number) => `${deny('lightspeed')}  ingress: [{ports: [{port: ${port}}]}]\n`;
    const side = (port: number, app: string) => ({ ...files(deny('shop')), 'bootstrap/local/values.yaml': values(app), 'components/lightspeed/base/kustomization.yaml': 'resources:\n  - pol.yaml\n', 'components/lightspeed/base/pol.yaml': policy(port) });
    const notices = async (app: string) => (await analyzeTargets(list(side(8080, app)), list(side(9090, app)))).notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => [n.message, n.ref]);
    expect(await notices('components/lightspeed/base')).toEqual([
      [
        'Not analysed: a changed file holding policies that no target deploys: components/lightspeed/base/pol.yaml; its folder components/lightspeed/base is named at bootstrap/local/values.yaml:5 (`path: components/lightspeed/base`), in a file reachdiff does not read as deploying it (a Helm chart\'s values, another tool\'s input). If what reads that file deploys the folder, render it with --render, or name the folder under targets: in the configuration',
        { file: 'bootstrap/local/values.yaml', line: 5 },
      ],
    ]);
    // A folder above it, written with `./` and a slash after it, counts too; another folder does not.
    expect((await notices('./components/lightspeed/')).map(([m]) => m)).toEqual([expect.stringContaining('its folder components/lightspeed is named at bootstrap/local/values.yaml:5 (`path: ./components/lightspeed/`)')]);
    expect((await notices('components/lightspeed-old')).map(([m]) => m)).toEqual(['Not analysed: a changed file holding policies that no target deploys: components/lightspeed/base/pol.yaml. If a cluster applies it, name its folder under targets: in the configuration']);
  });

  it('in a Kustomize Component no build includes: the advice is to list the component, not to make its folder a target (fresh-user trial P17)', async () => {
    // microservices-demo 06c4af731: an optional network-policies component that the top kustomization leaves commented out.
    const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - pol.yaml\n';
    const base = { ...files(deny('shop')), 'components/np/kustomization.yaml': component, 'components/np/pol.yaml': deny('shop') };
    const head = { ...base, 'components/np/pol.yaml': `${deny('shop')}  ingress: [{}]\n` };
    const report = await analyzeTargets(list(base), list(head));
    expect(report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message)).toEqual([
      'Not analysed: a changed file holding policies in a Kustomize Component that no build includes: components/np/pol.yaml. If a cluster should apply it, list the component under components: in a kustomization a target builds',
    ]);
  });

  it('a Kyverno generator of NetworkPolicies counts as holding policies (real-eval 16: infra-deployments 378471b13)', async () => {
    // Its `kind: NetworkPolicy` is indented inside the rule, and the ClusterPolicy itself is no modelled kind.
    const generator = (port: number) => `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: tenant-np}\nspec:\n  rules:\n    - name: np\n      match: {any: [{resources: {kinds: [Namespace]}}]}\n      generate:\n        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        name: allow-monitoring\n        namespace: '{{request.object.metadata.name}}'\n        data:\n          spec:\n            podSelector: {}\n            ingress: [{ports: [{port: ${port}}]}]\n`;
    const base = { ...files(deny('shop')), 'policies/tenant-np.yaml': generator(8080) };
    const head = { ...files(deny('shop')), 'policies/tenant-np.yaml': generator(9090) };
    const report = await analyzeTargets(list(base), list(head));
    expect(report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message)).toEqual(['Not analysed: a changed file holding policies that no target deploys: policies/tenant-np.yaml. If a cluster applies it, name its folder under targets: in the configuration']);
  });

  it('an object holding policy templates counts as holding policies (real-eval 21: gnunn-gitops/cluster-config bbd6c89)', async () => {
    // A NamespaceConfig's templates are text: no `kind: NetworkPolicy` line starts a document.
    const config = (port: number) => `apiVersion: redhatcop.redhat.io/v1alpha1\nkind: NamespaceConfig\nmetadata: {name: tenant-np}\nspec:\n  labelSelector: {matchLabels: {tenant: "true"}}\n  templates:\n  - objectTemplate: |\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata: {name: allow-monitoring, namespace: "{{ .Name }}"}\n      spec:\n        podSelector: {}\n        ingress: [{ports: [{port: ${port}}]}]\n`;
    const base = { ...files(deny('shop')), 'policies/tenant-np.yaml': config(8080) };
    const head = { ...files(deny('shop')), 'policies/tenant-np.yaml': config(9090) };
    const report = await analyzeTargets(list(base), list(head));
    expect(report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message)).toEqual(['Not analysed: a changed file holding policies that no target deploys: policies/tenant-np.yaml. If a cluster applies it, name its folder under targets: in the configuration']);
  });

  it('nothing outside: no notice', async () => {
    const report = await analyzeTargets(list(files(deny('shop'))), list(files(`${deny('shop')}  ingress: [{}]\n`)));
    expect(report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS')).toEqual([]);
  });
});
