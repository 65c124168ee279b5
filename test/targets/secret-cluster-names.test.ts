/**
 * An Application sent to `destination.server: https://prod.example.com:6443` and another sent to
 * `destination.name: prod`, with the repository's cluster Secret saying `prod` is that server: one cluster, one
 * model (targets/secret-cluster-names.ts). Before, they were two models: the first Application's deny-all
 * never met the second's workloads, and a change adding it read as no change.
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { tempFolder } from '../helpers/git.js';

const URL = 'https://github.com/acme/gitops';
const SERVER = 'https://prod.example.com:6443';
const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const DENY_ALL = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const SECRET = (name: string, server: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cluster-${name}\n  namespace: argocd\n  labels: {argocd.argoproj.io/secret-type: cluster}\nstringData:\n  name: ${name}\n  server: ${server}\n`;
const app = (name: string, path: string, destination: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  source: {repoURL: ${URL}, path: ${path}}\n  destination: {${destination}, namespace: shop}\n  syncPolicy: {automated: {}}\n`;

const REPO = {
  'argocd/clusters.yaml': SECRET('prod', SERVER),
  'argocd/policies.yaml': app('policies', 'policies', `server: '${SERVER}'`),
  'argocd/shop.yaml': app('shop', 'shop', 'name: prod'),
  'policies/.keep.yaml': '',
  'shop/web.yaml': DEPLOY('web'),
  'shop/db.yaml': DEPLOY('db'),
};
const files = (f: Record<string, string>) => new RepoFiles(Object.entries(f).map(([path, text]) => ({ path, text, defaultNamespace: 'default' })));

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

describe('a cluster Secret joins an Application named by server with one named by name', () => {
  it('both Applications are in cluster prod', () => {
    const sel = discoverTargets(files(REPO), { repoUrls: [URL] });
    expect(sel.targets.map((t) => [t.name, t.cluster])).toEqual([
      ['policies', 'prod'],
      ['shop', 'prod'],
    ]);
  });

  it("a deny-all the server-named Application adds closes the name-named Application's paths", async () => {
    const [b, h] = [await tempFolder(REPO, 'reachdiff-secret-names-'), await tempFolder({ ...REPO, 'policies/deny.yaml': DENY_ALL }, 'reachdiff-secret-names-')];
    folders.push(b, h);
    const out = await main(['diff', b, h, '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as { pairs: { change: string; src: { id: string }; dst: { id: string } }[] };
    // Between the workloads: apart, the policies' model holds none of them.
    const closed = json.pairs.filter((p) => p.src.id.includes('[Deployment]') && p.dst.id.includes('[Deployment]')).map((p) => `${p.src.id} => ${p.dst.id}`);
    expect(closed).toContain('shop/web[Deployment] => shop/db[Deployment]');
  });

  it('without the Secret, or with two names for the server, the URL stays the cluster', () => {
    const { 'argocd/clusters.yaml': _secret, ...bare } = REPO;
    expect(discoverTargets(files(bare), { repoUrls: [URL] }).targets.map((t) => t.cluster)).toEqual([SERVER, 'prod']);
    const twice = { ...REPO, 'argocd/clusters.yaml': `${SECRET('prod', SERVER)}---\n${SECRET('prod-eu', `${SERVER}/`)}` };
    expect(discoverTargets(files(twice), { repoUrls: [URL] }).targets.map((t) => t.cluster)).toEqual([SERVER, 'prod']);
  });
});
