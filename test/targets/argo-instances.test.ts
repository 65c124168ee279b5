/**
 * Two cluster folders each holding its own Argo CD root, the same Application `argocd/web` sent to its local
 * cluster (`https://kubernetes.default.svc`): one Argo CD holds one object of a name, so these are two Argo
 * CDs on two clusters. They were one `in-cluster` model (`web`, `web#2`, duplicates "kubectl apply keeps the
 * last copy" of), and a commit adding the second cluster's folder read as no change (real repositories 44).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverSides } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex } from '../../src/targets/target-files.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/lab';
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const application = (path: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: ${URL}, targetRevision: main, path: ${path}}\n  destination: {server: https://kubernetes.default.svc, namespace: web}\n`;
const deploy = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`;
const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: web}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;

/** A cluster folder `clusters/<name>/` whose Application deploys `apps/<name>/web`. */
const cluster = (name: string): Files => ({
  [`clusters/${name}/web.yaml`]: application(`apps/${name}/web`),
  [`apps/${name}/web/kustomization.yaml`]: `${KUSTOMIZATION}resources:\n  - deploy.yaml\n  - deny.yaml\n`,
  [`apps/${name}/web/deploy.yaml`]: deploy,
  [`apps/${name}/web/deny.yaml`]: deny,
});
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const sides = (base: Files, head: Files) => discoverSides(sideIndex(new RepoFiles(list(head))), sideIndex(new RepoFiles(list(base))), { repoUrls: [URL] });
const clusters = (sel: { targets: readonly { name: string; cluster?: string }[] }) => sel.targets.map((t) => [t.name, t.cluster]);

describe('the same Argo CD object in two cluster folders: two Argo CDs, each on its own local cluster', () => {
  it('names each local cluster by the folder defining its Argo CD', () => {
    const both = { ...cluster('a'), ...cluster('b') };
    const [head] = sides(both, both);
    expect(clusters(head)).toEqual([
      ['web', 'in-cluster (clusters/a)'],
      ['web#2', 'in-cluster (clusters/b)'],
    ]);
    expect(head.instances).toEqual({ argocd: ['clusters/a', 'clusters/b'] });
  });

  it('a commit adding the second cluster folder: base names the first cluster as head does, the second is added', async () => {
    const [head, base] = sides(cluster('a'), { ...cluster('a'), ...cluster('b') });
    expect(clusters(base)).toEqual([['web', 'in-cluster (clusters/a)']]);
    const r = await analyzeTargets(list(cluster('a')), list({ ...cluster('a'), ...cluster('b') }), { discover: { repoUrls: [URL] } });
    // Two cluster models: the first unchanged, the second new; no object taken as a duplicate of the other's.
    expect(r.targets.map((t) => [t.name, t.cluster, t.lifecycle])).toEqual([
      ['web', 'in-cluster (clusters/a)', undefined],
      ['web#2', 'in-cluster (clusters/b)', 'added'],
    ]);
    expect(JSON.stringify(r, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('DUPLICATE_OBJECT');
    expect(head.targets).toHaveLength(2);
  });

  it('one Argo CD (no object defined twice): in-cluster as before', () => {
    const [head] = sides(cluster('a'), cluster('a'));
    expect(clusters(head)).toEqual([['web', 'in-cluster']]);
    expect(head.instances).toBeUndefined();
  });
});
