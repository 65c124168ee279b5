/**
 * What a GitRepository's artifact leaves out (targets/flux-source-ignore.ts) in every build Flux makes of it:
 * a child Flux Kustomization whose own file the parent's artifact leaves out is never applied
 * (flux-artifact-kustomizations.ts); a layout target built as Flux builds it reads the artifact too
 * (flux-builds.ts); a build listing a file the artifact leaves out fails naming the rule, at its line.
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const URL = 'https://example.invalid/shop-ops';
const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const DENY_ALL = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const K = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const source = (ignore = '', branch = 'main') =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: ${URL}\n  ref:\n    branch: ${branch}\n${ignore}`;
const ks = (name: string, path: string, namespace?: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n${namespace ? `  targetNamespace: ${namespace}\n` : ''}  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;

/** A cluster whose root Kustomization builds clusters/prod, whose `apps` builds apps/: each app's Kustomization is a file there. */
const cluster = (ignore = ''): Files => ({
  'clusters/prod/sync.yaml': `${source(ignore)}---\n${ks('flux-system', './clusters/prod')}`,
  'clusters/prod/apps.yaml': ks('apps', './apps'),
  'apps/shop.yaml': ks('shop', './deploy/shop', 'shop'),
  'deploy/shop/web.yaml': DEPLOY('web'),
  'deploy/shop/db.yaml': DEPLOY('db'),
});

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function run(args: readonly string[], ...trees: Files[]): Promise<string> {
  const roots = await Promise.all(trees.map((t) => tempFolder(t, 'reachdiff-flux-artifact-')));
  folders.push(...roots);
  const out = await main([...args.slice(0, 1), ...(args[0] === 'targets' ? ['--repo', roots[0]] : roots), ...args.slice(1)]);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  return out.stdout;
}

describe("a Flux Kustomization whose own file its parent's artifact leaves out is never applied", () => {
  it('is no target, said with the rule at its line', async () => {
    const tree = { ...cluster(), '.sourceignore': '# drafts\n*-draft.yaml\n', 'apps/api-draft.yaml': ks('api', './deploy/api', 'api'), 'deploy/api/api.yaml': DEPLOY('api') };
    const out = await run(['targets'], tree);
    expect(out).toMatch(/^shop\b/m);
    expect(out).not.toMatch(/^api\b/m);
    expect(out).toContain("Left out of the artifact: Flux Kustomization api (apps/api-draft.yaml:1): GitRepository flux-system/flux-system leaves its file out of the artifact Flux Kustomization apps builds from, by the pattern `*-draft.yaml` (.sourceignore:2), and no deployed Flux Kustomization's build reads it: Flux never applies it, so it deploys nothing and is not a target (change that rule to deploy it)");
  });

  it("the GitRepository's spec.ignore: the rule named at its own line", async () => {
    const ignore = '  ignore: |\n    # the drafts\n    /apps/api.yaml\n';
    const out = await run(['targets'], { ...cluster(ignore), 'apps/api.yaml': ks('api', './deploy/api', 'api'), 'deploy/api/api.yaml': DEPLOY('api') });
    expect(out).not.toMatch(/^api\b/m);
    expect(out).toContain('by the pattern `/apps/api.yaml` of its spec.ignore (clusters/prod/sync.yaml:12)');
  });

  it('a pull request adding such a Kustomization with a deny-all closes nothing; without the rule it does (the fixture can fail)', async () => {
    const added = { 'apps/lock-draft.yaml': ks('lock', './deploy/lock', 'shop'), 'deploy/lock/deny.yaml': DENY_ALL('deny') };
    const ignored = { ...cluster(), '.sourceignore': '*-draft.yaml\n' };
    const json = JSON.parse(await run(['diff', '--format', 'json', '--fail-on', 'never'], ignored, { ...ignored, ...added })) as { summary: { closed: number } };
    expect(json.summary.closed).toBe(0);
    const kept = JSON.parse(await run(['diff', '--format', 'json', '--fail-on', 'never'], cluster(), { ...cluster(), ...added })) as { summary: { closed: number } };
    expect(kept.summary.closed).toBeGreaterThan(0);
  });

  it("a changed policy under such a Kustomization's path is said not deployed with that rule, not as a folder to name under targets:", async () => {
    const ignored = { ...cluster(), '.sourceignore': '*-draft.yaml\n' };
    const out = await run(['diff', '--fail-on', 'never'], ignored, { ...ignored, 'apps/lock-draft.yaml': ks('lock', './deploy/lock', 'shop'), 'deploy/lock/deny.yaml': DENY_ALL('deny') });
    expect(out).toContain('not analysed: deploy/lock/deny.yaml, not deployed (Flux Kustomization lock is left out of its parent\'s artifact)');
    expect(out).toContain('under the path of Flux Kustomization lock, which Flux never applies (GitRepository flux-system/flux-system leaves its file out of the artifact Flux Kustomization apps builds from, by the pattern `*-draft.yaml` (.sourceignore:1), and no deployed build reads apps/lock-draft.yaml)');
    expect(out).not.toContain('name its folder under targets:');
  });

  it('another deployed build that reads the file from an artifact keeping it deploys it still', () => {
    // A second source of this repository, without exclusions of its own rules, builds apps/ too.
    const other = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: all\n  namespace: flux-system\nspec:\n  url: ${URL}\n  ref:\n    branch: main\n  ignore: |\n    /clusters/\n`;
    const tree: Files = { ...cluster(), '.sourceignore': '*-draft.yaml\n', 'apps/api-draft.yaml': ks('api', './deploy/api', 'api'), 'deploy/api/api.yaml': DEPLOY('api'), 'clusters/prod/all.yaml': `${other}---\n${ks('apps-all', './apps').replace('    name: flux-system\n', '    name: all\n')}` };
    const files = new RepoFiles(Object.entries(tree).map(([path, text]) => ({ path, text })));
    const names = discoverTargets(files, { repoUrls: [URL] }).targets.map((t) => t.name);
    // `all` sets spec.ignore, which replaces the default exclusions, but the .sourceignore files are read too: api stays left out by both.
    expect(names).not.toContain('api');
    const keeping = { ...tree, 'clusters/prod/all.yaml': tree['clusters/prod/all.yaml'].replace('    /clusters/\n', '    /clusters/\n    !*-draft.yaml\n') };
    const kept = discoverTargets(new RepoFiles(Object.entries(keeping).map(([path, text]) => ({ path, text }))), { repoUrls: [URL] }).targets.map((t) => t.name);
    expect(kept).toContain('api');
  });
});

describe('a build listing a file the artifact leaves out fails naming the rule', () => {
  const base: Files = { 'clusters/prod/sync.yaml': `${source()}---\n${ks('shop', './apps', 'shop')}`, 'apps/kustomization.yaml': `${K}resources:\n  - web.yaml\n`, 'apps/web.yaml': DEPLOY('web') };
  const head: Files = { ...base, '.sourceignore': '# drafts\n\n*-draft.yaml\n', 'apps/kustomization.yaml': `${K}resources:\n  - web.yaml\n  - np-draft.yaml\n`, 'apps/np-draft.yaml': DENY_ALL('deny') };

  it('.sourceignore: its file and line', async () => {
    const out = await run(['diff', '--fail-on', 'never'], base, head);
    expect(out).toContain('resource np-draft.yaml: no such file or folder (apps/np-draft.yaml): GitRepository flux-system/flux-system leaves it out of the artifact by the pattern `*-draft.yaml` (.sourceignore:3)');
  });

  it("spec.ignore: the GitRepository's line; a folder every file of which is left out", async () => {
    const ignore = '  ignore: |\n    /apps/off/\n';
    const tree: Files = { ...base, 'clusters/prod/sync.yaml': `${source(ignore)}---\n${ks('shop', './apps', 'shop')}`, 'apps/kustomization.yaml': `${K}resources:\n  - web.yaml\n  - off\n`, 'apps/off/np.yaml': DENY_ALL('deny') };
    const out = await run(['diff', '--fail-on', 'never'], base, tree);
    expect(out).toContain('resource off: no such file or folder (apps/off): GitRepository flux-system/flux-system leaves out every file below it (apps/off/np.yaml by the pattern `/apps/off/` of its spec.ignore (clusters/prod/sync.yaml:11))');
  });

  it('a file missing from the repository is said as before', async () => {
    const { 'apps/np-draft.yaml': _gone, ...missing } = head;
    const out = await run(['diff', '--fail-on', 'never'], base, missing);
    expect(out).toContain('resource np-draft.yaml: no such file or folder (apps/np-draft.yaml) [KUSTOMIZE_BUILD_FAILED]');
  });
});

describe('a layout target built as Flux builds it reads its source artifact', () => {
  // The source tracks another branch than the one under review: no Flux target, the layout's kustomization is built as Flux builds it.
  const tree = (extra: Files): Files => ({ 'clusters/prod/sync.yaml': `${source('', 'staging')}---\n${ks('shop', './apps', 'shop')}`, '.sourceignore': '*-draft.yaml\n', 'apps/kustomization.yaml': `${K}resources:\n  - web.yaml\n  - db.yaml\n`, 'apps/web.yaml': DEPLOY('web'), 'apps/db.yaml': DEPLOY('db'), ...extra });
  const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

  it('the artifact is set on the layout target, and a listed file it leaves out fails the build naming the rule', async () => {
    const head = tree({ 'apps/kustomization.yaml': `${K}resources:\n  - web.yaml\n  - db.yaml\n  - np-draft.yaml\n`, 'apps/np-draft.yaml': DENY_ALL('deny') });
    const sel = discoverTargets(new RepoFiles(asList(head)), { repoUrls: [URL], branch: 'main' });
    const apps = sel.targets.find((t) => t.name === 'apps');
    expect(apps?.loadRestrictor).toBe('LoadRestrictionsNone');
    expect(apps?.fluxArtifact).toMatchObject({ source: 'flux-system/flux-system', kustomization: 'shop' });
    const r = await analyzeTargets(asList(tree({})), asList(head), { discover: { repoUrls: [URL], branch: 'main' } });
    expect(r.counts.closed).toBe(0);
    const errors = r.targets.flatMap((t) => [...t.report.warnings.head, ...(t.report.notAnalysed ?? []).map((n) => n.error)]).map((d) => d.message);
    expect(errors).toContainEqual(expect.stringContaining('(apps/np-draft.yaml): GitRepository flux-system/flux-system leaves it out of the artifact by the pattern `*-draft.yaml` (.sourceignore:1)'));
  });
});

describe("an OCIRepository's artifact leaves out what its own rules do (pushed from a folder of this repository)", () => {
  // flux push artifact --path=./kubernetes: the cluster syncs kubernetes/ from an OCI artifact, whose root is that folder.
  const oci = (extra = '') => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: cluster\n  namespace: flux-system\nspec:\n  interval: 10m\n  url: oci://ghcr.io/example/shop-ops\n  ref:\n    tag: main\n${extra}`;
  const ociKs = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: shop\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  targetNamespace: shop\n  prune: true\n  sourceRef:\n    kind: OCIRepository\n    name: cluster\n`;
  const tree = (sourceExtra: string, extra: Files): Files => ({
    'kubernetes/clusters/prod/sync.yaml': `${oci(sourceExtra)}---\n${ociKs}`,
    'kubernetes/apps/kustomization.yaml': `${K}resources:\n  - web.yaml\n  - np-draft.yaml\n`,
    'kubernetes/apps/web.yaml': DEPLOY('web'),
    'kubernetes/apps/np-draft.yaml': DENY_ALL('deny'),
    ...extra,
  });
  const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
  const buildErrors = async (head: Files) => {
    const r = await analyzeTargets(asList(head), asList(head), { discover: { repoUrls: [URL], branch: 'main' } });
    return r.targets.flatMap((t) => [...t.report.warnings.head, ...(t.report.notAnalysed ?? []).map((n) => n.error)]).map((d) => d.message);
  };

  it("spec.ignore, anchored at the artifact's root (kubernetes/), fails the build naming the rule at its line", async () => {
    const head = tree('  ignore: |\n    /apps/np-draft.yaml\n', {});
    const sel = discoverTargets(new RepoFiles(asList(head)), { repoUrls: [URL], branch: 'main' });
    expect(sel.targets.find((t) => t.name === 'kubernetes/apps')?.fluxArtifact).toMatchObject({ kind: 'OCIRepository', source: 'flux-system/cluster', root: 'kubernetes', kustomization: 'shop' });
    expect(await buildErrors(head)).toContainEqual(expect.stringContaining('(kubernetes/apps/np-draft.yaml): OCIRepository flux-system/cluster leaves it out of the artifact by the pattern `/apps/np-draft.yaml` of its spec.ignore (kubernetes/clusters/prod/sync.yaml:12)'));
  });

  it('a .sourceignore inside the artifact counts; one above its root is no file of it', async () => {
    const inside = await buildErrors(tree('', { 'kubernetes/.sourceignore': '*-draft.yaml\n' }));
    expect(inside).toContainEqual(expect.stringContaining('OCIRepository flux-system/cluster leaves it out of the artifact by the pattern `*-draft.yaml` (kubernetes/.sourceignore:1)'));
    const above = await buildErrors(tree('', { '.sourceignore': '*-draft.yaml\n' }));
    expect(above.filter((m) => m.includes('np-draft'))).toEqual([]);
  });

  it('a layer copied as is (layerSelector.operation: copy) leaves nothing out', async () => {
    const errors = await buildErrors(tree('  layerSelector:\n    mediaType: application/vnd.cncf.flux.content.v1.tar+gzip\n    operation: copy\n  ignore: |\n    /apps/np-draft.yaml\n', {}));
    expect(errors.filter((m) => m.includes('np-draft'))).toEqual([]);
  });
});
