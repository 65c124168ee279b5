/**
 * What Flux's source-controller leaves out of a GitRepository's artifact (targets/flux-source-ignore.ts):
 * `.sourceignore` files, `GitRepository.spec.ignore` and the default exclusions. A Flux Kustomization builds
 * from that artifact only. Before, none was read: a policy in a file Flux never applies was analysed, and a
 * pull request adding a deny-all there read as closing paths (new-user trial 50, left for targets).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { artifactExclusion, goPattern } from '../../src/targets/flux-source-ignore.js';
import { tempFolder } from '../helpers/git.js';
import { manifestMatcher } from '../../src/manifests/path-matcher.js';
import { isReadPath } from '../../src/manifests/load.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text, defaultNamespace: 'default' })));
/** The paths among `paths` the artifact leaves out, given `.sourceignore` files and `spec.ignore`. */
const leftOut = (paths: readonly string[], ignoreFiles: Record<string, string> = {}, ignore?: string) => {
  const files = repo({ ...Object.fromEntries(paths.map((p) => [p, 'x'])), ...ignoreFiles });
  const excluded = artifactExclusion(files, { ignore });
  return paths.filter(excluded);
};

describe('the artifact source-controller makes: go-git gitignore patterns, each file matched alone', () => {
  it('without any pattern, the default exclusions (Git, CI, images, .sops.yaml); with one, only Git files and the patterns', () => {
    const paths = ['.github/workflows/ci.yaml', 'apps/logo.png', 'apps/.sops.yaml', 'cloudbuild.yaml', '.gitignore', 'apps/np.yaml'];
    expect(leftOut(paths)).toEqual(['.github/workflows/ci.yaml', 'apps/logo.png', 'apps/.sops.yaml', 'cloudbuild.yaml', '.gitignore']);
    expect(leftOut(paths, { '.sourceignore': 'apps/np.yaml\n' })).toEqual(['.gitignore', 'apps/np.yaml']);
    expect(leftOut(paths, {}, '# only a comment\n\n')).toHaveLength(5);
  });

  it('a pattern without `/` matches any part of the path; with `/`, a leading part from its folder', () => {
    const paths = ['drafts/np.yaml', 'apps/drafts/np.yaml', 'apps/web/np.yaml'];
    expect(leftOut(paths, { '.sourceignore': 'drafts\n' })).toEqual(['drafts/np.yaml', 'apps/drafts/np.yaml']);
    expect(leftOut(paths, { '.sourceignore': '/drafts\n' })).toEqual(['drafts/np.yaml']);
    expect(leftOut(paths, { '.sourceignore': 'apps/**/np.yaml\n' })).toEqual(['apps/drafts/np.yaml', 'apps/web/np.yaml']);
    expect(leftOut(paths, { '.sourceignore': '**/np.yaml\n' })).toEqual(paths);
    // For folders only: never the file of that name.
    expect(leftOut(['np.yaml/x.yaml', 'a/np.yaml'], { '.sourceignore': 'np.yaml/\n' })).toEqual(['np.yaml/x.yaml']);
  });

  it('a .sourceignore below the root speaks of its own folder only', () => {
    expect(leftOut(['apps/np.yaml', 'np.yaml', 'other/np.yaml'], { 'apps/.sourceignore': 'np.yaml\n' })).toEqual(['apps/np.yaml']);
    expect(leftOut(['apps/web/np.yaml', 'web/np.yaml'], { 'apps/.sourceignore': '/web\n' })).toEqual(['apps/web/np.yaml']);
  });

  it('the last matching pattern decides: `!` keeps a file below an excluded folder (go-git, not Git); spec.ignore comes last', () => {
    expect(leftOut(['deploy/a.yaml', 'deploy/keep.yaml'], { '.sourceignore': 'deploy/\n!deploy/keep.yaml\n' })).toEqual(['deploy/a.yaml']);
    expect(leftOut(['a.yaml', 'deploy/np.yaml', 'deploy/README.md'], {}, '/*\n!/deploy\n/deploy/**/*.md\n')).toEqual(['a.yaml', 'deploy/README.md']);
    // A deeper folder's file is read after the root's.
    expect(leftOut(['apps/np.yaml'], { '.sourceignore': '!np.yaml\n', 'apps/.sourceignore': 'np.yaml\n' })).toEqual(['apps/np.yaml']);
    expect(leftOut(['apps/np.yaml'], { 'apps/.sourceignore': 'np.yaml\n' }, '!np.yaml\n')).toEqual([]);
  });

  it("parts are Go filepath.Match patterns: `[^x]` negates, `[!x]` does not, a malformed one matches nothing", () => {
    expect(goPattern('[^x]*.yaml')!.test('x.yaml')).toBe(false);
    expect(goPattern('[^x]*.yaml')!.test('y.yaml')).toBe(true);
    expect(goPattern('[!x]*.yaml')!.test('!a.yaml')).toBe(true);
    expect(goPattern('[!x]*.yaml')!.test('y.yaml')).toBe(false);
    expect(goPattern('np-[0-9].yaml')!.test('np-7.yaml')).toBe(true);
    expect(goPattern('a\\*.yaml')!.test('ab.yaml')).toBe(false);
    expect(goPattern('.yaml')!.test('xyaml')).toBe(false);
    for (const bad of ['[abc', '[]', '[z-a]', 'a\\', '[a-]']) expect(goPattern(bad)).toBeUndefined();
    expect(leftOut(['[abc'], { '.sourceignore': '[abc\n' })).toEqual([]);
  });
});

const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const DENY_ALL = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const sync = (ignore = '', path = './apps') =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/shop-ops\n  ref:\n    branch: main\n${ignore}---\n` +
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: shop\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n  targetNamespace: shop\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

interface DiffJson {
  summary: { opened: number; closed: number };
  notices?: { code: string; message: string }[];
}

async function diff(base: Record<string, string>, added: Record<string, string>): Promise<{ json: DiffJson; text: string }> {
  const baseRoot = await tempFolder(base, 'reachdiff-flux-ignore-');
  const headRoot = await tempFolder({ ...base, ...added }, 'reachdiff-flux-ignore-');
  folders.push(baseRoot, headRoot);
  const out = await main(['diff', baseRoot, headRoot, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  const text = await main(['diff', baseRoot, headRoot, '--fail-on', 'never']);
  return { json: JSON.parse(out.stdout) as DiffJson, text: text.stdout };
}

const APPS = { 'apps/web.yaml': DEPLOY('web'), 'apps/db.yaml': DEPLOY('db') };

describe('.sourceignore files are read by every reader (a folder, a revision, the App)', () => {
  it('whatever the --path globs select', () => {
    expect(isReadPath('.sourceignore')).toBe(true);
    expect(isReadPath('apps/.sourceignore')).toBe(true);
    expect(manifestMatcher(['apps/**/*.yaml'])('.sourceignore')).toBe(true);
    expect(manifestMatcher([])('kubernetes/.sourceignore')).toBe(true);
    expect(manifestMatcher([])('x.sourceignore')).toBe(false);
  });
});

describe('a Flux Kustomization builds only what its source artifact holds', () => {
  it('.sourceignore: a deny-all in a file it leaves out closes nothing, and is said not analysed', async () => {
    const { json, text } = await diff({ 'clusters/prod/sync.yaml': sync(), '.sourceignore': '*-draft.yaml\n', ...APPS }, { 'apps/deny-draft.yaml': DENY_ALL('deny') });
    expect(json.summary.closed).toBe(0);
    // Said with the rule that leaves it out, at its line: not "no target deploys it, name its folder under targets:".
    expect(text).toContain('Note: Not deployed, not analysed: a changed file holding policies, apps/deny-draft.yaml: GitRepository flux-system/flux-system leaves it out of the artifact Flux Kustomization shop builds from, by the pattern `*-draft.yaml` (.sourceignore:1), so this change deploys nothing of it.');
    expect(text).not.toContain('name its folder under targets:');
  });

  it('the same file without the .sourceignore is deployed and closes paths (the fixture can fail)', async () => {
    const { json } = await diff({ 'clusters/prod/sync.yaml': sync(), ...APPS }, { 'apps/deny-draft.yaml': DENY_ALL('deny') });
    expect(json.summary.closed).toBeGreaterThan(0);
  });

  it('GitRepository spec.ignore: everything but the folders it keeps is left out', async () => {
    const ignore = '  ignore: |\n    /*\n    !/apps\n    !/clusters\n    /apps/off/\n';
    const { json, text } = await diff({ 'clusters/prod/sync.yaml': sync(ignore), ...APPS }, { 'apps/off/deny.yaml': DENY_ALL('deny') });
    expect(json.summary.closed).toBe(0);
    expect(text).toContain('by the pattern `/apps/off/` of its spec.ignore');
    const kept = await diff({ 'clusters/prod/sync.yaml': sync(ignore), ...APPS }, { 'apps/on/deny.yaml': DENY_ALL('deny') });
    expect(kept.json.summary.closed).toBeGreaterThan(0);
  });

  it('a .sourceignore the change adds takes a deployed policy out of the cluster: its paths open', async () => {
    const { json } = await diff({ 'clusters/prod/sync.yaml': sync(), ...APPS, 'apps/deny.yaml': DENY_ALL('deny') }, { 'apps/.sourceignore': 'deny.yaml\n' });
    expect(json.summary.opened).toBeGreaterThan(0);
  });

  it('a path whose every file is left out is no build: said, not analysed as empty', async () => {
    const root = await tempFolder({ 'clusters/prod/sync.yaml': sync('', './apps'), '.sourceignore': '/apps/\n', ...APPS }, 'reachdiff-flux-ignore-');
    folders.push(root);
    const out = (await main(['targets', '--repo', root])).stdout;
    expect(out).toContain('Flux Kustomization shop: path ./apps holds no file of the artifact GitRepository flux-system makes of this repository: the .sourceignore files and the default exclusions leave out every file below it');
  });
});
