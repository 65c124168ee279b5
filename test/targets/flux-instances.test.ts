/**
 * One Flux Kustomization (namespace, name) rendered by several folders, each patching its path to one
 * cluster's folder (a `flux/base` of the Flux install and its sync, `flux/a` and `flux/b` each patching
 * `spec.path`): one Flux holds one object of a name, so these are the Kustomizations of two Fluxes on two
 * clusters (controller-instances.ts). They were one cluster model named by the folder of the file both render
 * (`flux/base`), `gitops` and `gitops#2` side by side, their objects taken as duplicates of each other
 * (real repositories 44, soerenschneider 779d610: `contrib/flux/<cluster>/`).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverSides } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex } from '../../src/targets/target-files.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/lab';
const K = (list: string, more = '') => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n${more}`;
const GIT = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: lab, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`;
const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: lab}\n`;
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: web, ports: [{containerPort: 80}]}]}\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: web}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
/** The Flux install's sync, whose path each cluster's folder patches. */
const BASE: Files = {
  'flux/base/kustomization.yaml': K('sync.yaml'),
  'flux/base/sync.yaml': `${GIT}---\n${ks('gitops', './envs/none')}`,
};
const patchPath = (path: string) => `patches:\n  - target: {kind: Kustomization, name: gitops}\n    patch: |-\n      - op: replace\n        path: /spec/path\n        value: ${path}\n`;
/** Cluster `name`: `flux/<name>` renders the sync with path `./envs/<name>`, whose build holds the app and a Kustomization of its own (`apps`). */
const cluster = (name: string): Files => ({
  [`flux/${name}/kustomization.yaml`]: K('../base', patchPath(`./envs/${name}`)),
  [`envs/${name}/kustomization.yaml`]: K('apps.yaml, deny.yaml'),
  [`envs/${name}/apps.yaml`]: ks('apps', `./apps/${name}`),
  [`envs/${name}/deny.yaml`]: DENY,
  [`apps/${name}/kustomization.yaml`]: K('deploy.yaml'),
  [`apps/${name}/deploy.yaml`]: DEPLOY,
});
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const sides = (base: Files, head: Files) => discoverSides(sideIndex(new RepoFiles(list(head))), sideIndex(new RepoFiles(list(base))), { repoUrls: [URL] });
const clusters = (sel: { targets: readonly { name: string; cluster?: string }[] }) => sel.targets.map((t) => [t.name, t.cluster]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('one Flux Kustomization rendered by two cluster folders: two Fluxes, each its own cluster', () => {
  it('names each cluster by its root and the folder rendering it; the tree below each root joins it', () => {
    const both = { ...BASE, ...cluster('a'), ...cluster('b') };
    const [head] = sides(both, both);
    expect(clusters(head)).toEqual([
      ['apps', 'gitops (flux/a)'],
      ['apps#2', 'gitops (flux/b)'],
      ['gitops', 'gitops (flux/a)'],
      ['gitops#2', 'gitops (flux/b)'],
    ]);
    // `apps` is defined in two folders too: its folders are instance folders, but it is no root, and stays in its root's tree.
    expect(head.instances).toEqual({ flux: ['envs/a', 'envs/b', 'flux/a', 'flux/b'] });
  });

  it('a root defined in a subfolder of a cluster folder is on that cluster', () => {
    const extra: Files = { 'flux/a/extra/ks.yaml': `${ks('extra', './extra/a')}`, 'extra/a/kustomization.yaml': K('deny.yaml'), 'extra/a/deny.yaml': DENY.replace('name: deny', 'name: deny-extra') };
    const both = { ...BASE, ...cluster('a'), ...cluster('b'), ...extra };
    const [head] = sides(both, both);
    expect(clusters(head).find(([name]) => name === 'extra')).toEqual(['extra', 'gitops (flux/a)']);
  });

  it('one cluster folder whose path exists: named by its folder all the same, not one model with the others', () => {
    // The second cluster's path is missing (its folder not written yet): still a Flux of its own.
    const both = { ...BASE, ...cluster('a'), 'flux/b/kustomization.yaml': K('../base', patchPath('./envs/b')) };
    const [head] = sides(both, both);
    expect(clusters(head)).toEqual([
      ['apps', 'gitops (flux/a)'],
      ['gitops', 'gitops (flux/a)'],
    ]);
  });

  it('a commit adding the second cluster folder: the first cluster has no change, the second is added', async () => {
    const before = { ...BASE, ...cluster('a') };
    const after = { ...before, ...cluster('b') };
    const [, base] = sides(before, after);
    // Base defines the sync in one folder only, and still names its cluster as head does.
    expect(clusters(base)).toEqual([
      ['apps', 'gitops (flux/a)'],
      ['gitops', 'gitops (flux/a)'],
    ]);
    const r = await analyzeTargets(list(before), list(after), { discover: { repoUrls: [URL] } });
    expect(r.targets.map((t) => [t.cluster, t.lifecycle, t.report.pairs.filter((p) => p.opened || p.closed).length > 0])).toEqual([
      ['gitops (flux/a)', undefined, false],
      ['gitops (flux/b)', 'added', true],
    ]);
    expect(JSON.stringify(r, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('DUPLICATE_OBJECT');
  });

  it('a sync rendered by one folder only: one Flux, its tree named by its root as before', () => {
    const one = { ...BASE, ...cluster('a') };
    const [head] = sides(one, one);
    expect(clusters(head)).toEqual([
      ['apps', 'gitops'],
      ['gitops', 'gitops'],
    ]);
    expect(head.instances).toBeUndefined();
  });
});
