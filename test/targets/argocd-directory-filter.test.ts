/**
 * Argo CD's `directory.include` and `directory.exclude` (targets/argo-directory-filter.ts): a file the
 * Application's repo-server does not read is in no cluster model. Before, both were ignored: a policy in an
 * excluded file (`exclude: 'skip-*.yaml'`) was analysed as deployed, and a PR adding one read as closing 14
 * paths where the cluster closes 5 (new-user trial 50).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { argoGlob, directoryReads } from '../../src/targets/argo-directory-filter.js';
import { tempFolder } from '../helpers/git.js';

describe('argoGlob: gobwas/glob without separators, as the repo-server matches', () => {
  const matches = (pattern: string, path: string) => argoGlob(pattern)?.test(path) ?? false;

  it('`*` and `?` cross `/`; the whole path must match', () => {
    expect(matches('*.yaml', 'np.yaml')).toBe(true);
    expect(matches('*.yaml', 'sub/np.yaml')).toBe(true);
    expect(matches('some-dir/*', 'some-dir/a/b.yaml')).toBe(true);
    expect(matches('a?c.yaml', 'a/c.yaml')).toBe(true);
    expect(matches('skip-*.yaml', 'sub/skip-x.yaml')).toBe(false);
    expect(matches('skip-*.yaml', 'skip-x.yaml.bak')).toBe(false);
  });

  it('alternatives, classes, negated classes and escapes', () => {
    expect(matches('{*.yml,*.yaml}', 'x.yml')).toBe(true);
    expect(matches('{config.json,env-usw2/*}', 'env-usw2/np.yaml')).toBe(true);
    expect(matches('{config.json,env-usw2/*}', 'env-use1/np.yaml')).toBe(false);
    expect(matches('[!x]*.yaml', 'x.yaml')).toBe(false);
    expect(matches('[!x]*.yaml', 'y.yaml')).toBe(true);
    expect(matches('np-[0-9].yaml', 'np-7.yaml')).toBe(true);
    expect(matches('a\\*.yaml', 'a*.yaml')).toBe(true);
    expect(matches('a\\*.yaml', 'ab.yaml')).toBe(false);
    expect(matches('a.yaml', 'aXyaml')).toBe(false);
  });

  it('a malformed pattern compiles to nothing: as include it reads no file, as exclude it leaves none out', () => {
    expect(argoGlob('{a,b')).toBeUndefined();
    expect(argoGlob('[abc')).toBeUndefined();
    expect(directoryReads({ include: '{a,b' }, 'apps', 'apps/a')).toBe(false);
    expect(directoryReads({ exclude: '{a,b' }, 'apps', 'apps/a')).toBe(true);
  });

  it('paths are relative to the source folder, and the exclude wins over the include', () => {
    expect(directoryReads({ include: 'np.yaml' }, 'apps/web', 'apps/web/np.yaml')).toBe(true);
    expect(directoryReads({ include: 'np.yaml' }, '', 'np.yaml')).toBe(true);
    expect(directoryReads({ include: '*.yaml', exclude: 'np.yaml' }, 'apps/web', 'apps/web/np.yaml')).toBe(false);
    expect(directoryReads(undefined, 'apps/web', 'apps/web/np.yaml')).toBe(true);
  });
});

const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const DENY_ALL = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const application = (directory: string) =>
  'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n' +
  `  source:\n    repoURL: https://github.com/acme/gitops\n    path: app\n    directory:\n${directory}` +
  '  destination: {server: https://kubernetes.default.svc, namespace: shop}\n  syncPolicy: {automated: {}}\n';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

interface DiffJson {
  pairs: { src: { id: string }; dst: { id: string } }[];
  notices?: { code: string; message: string }[];
}

async function diff(directory: string, added: Record<string, string>): Promise<DiffJson> {
  const base = { 'argocd/app.yaml': application(directory), 'app/deploy.yaml': `${DEPLOY('web')}---\n${DEPLOY('db')}` };
  const baseRoot = await tempFolder(base, 'reachdiff-argo-dir-');
  const headRoot = await tempFolder({ ...base, ...added }, 'reachdiff-argo-dir-');
  folders.push(baseRoot, headRoot);
  const out = await main(['diff', baseRoot, headRoot, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  return JSON.parse(out.stdout) as DiffJson;
}

const workloadPairs = (json: DiffJson) =>
  json.pairs.filter((p) => p.src.id.includes('[Deployment]') && p.dst.id.includes('[Deployment]')).map((p) => `${p.src.id} => ${p.dst.id}`);

describe('an Application with directory.include or exclude deploys only the files they let through', () => {
  it('exclude: a deny-all in an excluded file closes nothing, and the file is said as deployed by no target', async () => {
    const json = await diff("      exclude: 'skip-*.yaml'\n", { 'app/skip-deny.yaml': DENY_ALL('deny') });
    expect(workloadPairs(json)).toEqual([]);
    // Said with the setting that leaves it out, not as a folder to name under targets:.
    expect(json.notices?.map((n) => n.message)).toContain("Not deployed, not analysed: a changed file holding policies, app/skip-deny.yaml: Application shop does not read it: its directory.exclude `skip-*.yaml` matches it, so this change deploys nothing of it. To deploy it and have the change analysed, change that setting.");
  });

  it('exclude matches below subfolders too (`*` crosses `/`) with recurse', async () => {
    const json = await diff("      recurse: true\n      exclude: '*/off-*.yaml'\n", { 'app/sub/off-deny.yaml': DENY_ALL('deny') });
    expect(workloadPairs(json)).toEqual([]);
  });

  it('include: a file it names is deployed; one it does not name is not', async () => {
    const only = await diff("      include: '{deploy.yaml,deny.yaml}'\n", { 'app/deny.yaml': DENY_ALL('deny'), 'app/other.yaml': DENY_ALL('other') });
    expect(workloadPairs(only).sort()).toEqual(['shop/db[Deployment] => shop/db[Deployment]', 'shop/db[Deployment] => shop/web[Deployment]', 'shop/web[Deployment] => shop/db[Deployment]', 'shop/web[Deployment] => shop/web[Deployment]']);
    const none = await diff("      include: 'deploy.yaml'\n", { 'app/deny.yaml': DENY_ALL('deny') });
    expect(workloadPairs(none)).toEqual([]);
  });

  it('without include or exclude every file of the folder is deployed, as before', async () => {
    const json = await diff('      recurse: false\n', { 'app/skip-deny.yaml': DENY_ALL('deny') });
    expect(workloadPairs(json)).toHaveLength(4);
  });
});

describe('each source of an Application reads its folder by its own directory settings', () => {
  it("another source's recurse: true does not make this one's subfolders deployed (nu50: a deny-all in a/sub read as 3 paths closed)", async () => {
    const app =
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  sources:\n' +
      '    - {repoURL: https://github.com/acme/gitops, path: a}\n' +
      '    - {repoURL: https://github.com/acme/gitops, path: b, directory: {recurse: true}}\n' +
      '  destination: {server: https://kubernetes.default.svc, namespace: shop}\n  syncPolicy: {automated: {}}\n';
    const base = { 'argocd/app.yaml': app, 'a/deploy.yaml': DEPLOY('web'), 'b/deploy.yaml': DEPLOY('db') };
    const run = async (added: Record<string, string>) => {
      const baseRoot = await tempFolder(base, 'reachdiff-argo-dir-');
      const headRoot = await tempFolder({ ...base, ...added }, 'reachdiff-argo-dir-');
      folders.push(baseRoot, headRoot);
      return JSON.parse((await main(['diff', baseRoot, headRoot, '--format', 'json', '--fail-on', 'never'])).stdout) as DiffJson;
    };
    // a/ does not recurse: its subfolder's policy is no one's, and the note says why.
    const a = await run({ 'a/sub/deny.yaml': DENY_ALL('deny') });
    expect(workloadPairs(a)).toEqual([]);
    expect(JSON.stringify(a.notices)).toContain('a/sub/deny.yaml: Application shop reads a without directory.recurse, and the file is in a subfolder');
    // b/ recurses: its subfolder's policy is deployed, and closes every path into the namespace's pods.
    expect(workloadPairs(await run({ 'b/sub/deny.yaml': DENY_ALL('deny') }))).toHaveLength(4);
  });
});

describe('`reachdiff targets` shows the directory settings its files count follows', () => {
  it('one root: recurse, include and exclude as written; JSON by root', async () => {
    const root = await tempFolder({ 'argocd/app.yaml': application("      recurse: true\n      include: '*.yaml'\n      exclude: 'skip-*.yaml'\n"), 'app/deploy.yaml': DEPLOY('web'), 'app/skip-np.yaml': DENY_ALL('deny') }, 'reachdiff-argo-dir-');
    folders.push(root);
    const text = await main(['targets', '--repo', root]);
    expect(text.stdout).toContain("  roots: app\n  directory: recurse, include '*.yaml', exclude 'skip-*.yaml'\n  files: 1\n");
    const json = JSON.parse((await main(['targets', '--repo', root, '--format', 'json'])).stdout) as { targets: { directory?: unknown }[] };
    expect(json.targets[0].directory).toEqual({ app: { recurse: true, include: '*.yaml', exclude: 'skip-*.yaml' } });
  });

  it('several roots name theirs; a root read as the default says nothing', async () => {
    const app =
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  sources:\n' +
      '    - {repoURL: https://github.com/acme/gitops, path: a}\n' +
      "    - {repoURL: https://github.com/acme/gitops, path: b, directory: {exclude: 'x.yaml'}}\n" +
      '  destination: {server: https://kubernetes.default.svc, namespace: shop}\n';
    const root = await tempFolder({ 'argocd/app.yaml': app, 'a/deploy.yaml': DEPLOY('web'), 'b/deploy.yaml': DEPLOY('db') }, 'reachdiff-argo-dir-');
    folders.push(root);
    const out = (await main(['targets', '--repo', root])).stdout;
    expect(out).toContain("  roots: a, b\n  directory: b: no recurse, exclude 'x.yaml'\n  files: 2\n");
    expect(out).not.toContain('directory: a');
  });
});
