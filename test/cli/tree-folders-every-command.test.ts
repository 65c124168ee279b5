/**
 * Every command reads a side through one path (sources.ts `sidesOptions`): the side's folder set (a git
 * revision's every folder, a `.gitkeep` counted; a folder side's folders on disk) reaches target discovery for
 * `list`, `lint`, `explain`, `diff --explain` and `targets` as it does for `diff`. Before, only `diff` (and the
 * App) passed it, so a Flux Kustomization whose path is a folder kept by a `.gitkeep` (its build the components
 * it names) was found by `diff` and read by the others as "does not exist in this repository".
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { commitFiles, git, tempDir, tempFolder } from '../helpers/git.js';

const ks = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  targetNamespace: db\n  sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}\n${extra}`;
const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const TREE: Record<string, string> = {
  'apps/kustomization.yaml': 'resources: [./web/ks.yaml, ./pg/ks.yaml]\n',
  'apps/web/ks.yaml': ks('web', './apps/web/app'),
  'apps/web/app/deploy.yaml': DEPLOY('web'),
  'apps/pg/ks.yaml': ks('pg', './apps/pg/db', '  components: [../../../components/pg]\n'),
  // The path's folder holds no manifest: only the whole tree knows it exists.
  'apps/pg/db/.gitkeep': '',
  'components/pg/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deploy.yaml]\n',
  'components/pg/deploy.yaml': DEPLOY('pg'),
  'clusters/home/apps.yaml': ks('cluster-apps', './apps').replace('  targetNamespace: db\n', ''),
};
const files = Object.entries(TREE).map(([path, text]) => ({ path, text }));
const MISSING = /path \.\/apps\/pg\/db does not exist/;

let repo: string;
let folder: string;
beforeAll(async () => {
  repo = await tempDir('reachdiff-tree-folders-');
  git(repo, 'init', '-q', '-b', 'main');
  await commitFiles(repo, files, 'tree');
  folder = await tempFolder(files, 'reachdiff-tree-folder-');
});
afterAll(() => Promise.all([rm(repo, { recursive: true, force: true }), rm(folder, { recursive: true, force: true })]));

describe.each([
  ['a git revision', () => ['HEAD', '--repo', repo]],
  ['a folder', () => [folder]],
])('%s: the .gitkeep-kept Flux path is found by every command', (_, side) => {
  it('list lists the workload of the component its path builds (db/pg)', async () => {
    const out = await main(['list', ...side(), '--format', 'json']);
    const json = JSON.parse(out.stdout) as { connections: { src: { id: string }; dst: { id: string } }[] };
    expect(json.connections.flatMap((c) => [c.src.id, c.dst.id])).toContain('db/pg[Deployment]');
  });

  it('lint and explain read the same workload', async () => {
    const lint = await main(['lint', ...side(), '--format', 'json']);
    expect((JSON.parse(lint.stdout) as { findings: { subject?: string }[] }).findings.map((f) => f.subject)).toContain('db/pg[Deployment]');
    const explain = await main(['explain', ...side(), '--from', 'db/web', '--to', 'db/pg']);
    expect(explain.stderr).not.toMatch(/no such workload/);
    expect(explain.exitCode).toBe(0);
  });
});

it('targets of a git revision lists the Kustomization pg, as diff reads it', async () => {
  const out = await main(['targets', 'HEAD', '--repo', repo, '--format', 'json']);
  const json = JSON.parse(out.stdout) as { targets: { name: string }[]; notices: { message: string }[] };
  expect(json.notices.map((n) => n.message).join('\n')).not.toMatch(MISSING);
  expect(json.targets.map((t) => t.name)).toEqual(expect.arrayContaining([expect.stringMatching(/pg/)]));
});
