/**
 * A rollback in a repository with a folder that is a symbolic link to another (`overlays/x -> ../base-src`):
 * one policy is read under both paths (an overlay renders it through the link, and its real folder is a
 * target of its own). The patch edits the real file once, under its real path (was: a hunk under each
 * path, which `git apply` refuses as "beyond a symbolic link"), the suggested changes point at the real
 * file, and the revert of the real file counts for both paths it is read under. Every source carries the
 * link on its files (`realPath`): a git revision, a folder, the App's tree (test/github/symlinks.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { realPathOf } from '../../src/manifests/real-paths.js';
import { git, tempDir } from '../helpers/git.js';

const policy = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: ${port}}]\n`;
const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x}]}\n';

interface Rollback {
  documents: { file: string }[];
  minimality: string;
  remainingOpened: number;
  patch: string;
  hunks: { file: string; startLine: number }[];
}

/** A repository: base-src/ (a target), overlays/x -> ../base-src, overlays/y building ../x in namespace y; head widens the policy's port. */
async function linkedRepo(): Promise<string> {
  const repo = await tempDir('reachdiff-rollback-link-');
  git(repo, 'init', '-q', '-b', 'main');
  await mkdir(join(repo, 'base-src'));
  await mkdir(join(repo, 'overlays', 'y'), { recursive: true });
  await writeFile(join(repo, 'base-src', 'kustomization.yaml'), 'resources:\n- policy.yaml\n- app.yaml\n');
  await writeFile(join(repo, 'base-src', 'policy.yaml'), policy(80));
  await writeFile(join(repo, 'base-src', 'app.yaml'), app);
  await writeFile(join(repo, 'overlays', 'y', 'kustomization.yaml'), 'namespace: y\nresources:\n- ../x\n');
  await symlink('../base-src', join(repo, 'overlays', 'x'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  await writeFile(join(repo, 'base-src', 'policy.yaml'), policy(81));
  git(repo, 'commit', '-qam', 'head');
  return repo;
}

function expectOneRealEdit(r: Rollback): void {
  expect(r.remainingOpened).toBe(0);
  expect(r.minimality).toBe('proven');
  // One document (its two targets read it under two paths), one file, under its real path; nothing beyond the link.
  expect(r.documents.map((d) => d.file)).toEqual(['base-src/policy.yaml']);
  expect([...r.patch.matchAll(/^diff --git a\/(\S+)/gm)].map((m) => m[1])).toEqual(['base-src/policy.yaml']);
  expect(r.hunks.map((h) => `${h.file}:${h.startLine}`)).toEqual(['base-src/policy.yaml:8']);
}

describe('a rollback through a symbolically linked folder', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await linkedRepo();
  });

  it('git revisions: the patch edits the real file once, and `git apply --check` accepts it on head', async () => {
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as { summary: { opened: number }; rollback: Rollback };
    expect(json.summary.opened).toBeGreaterThan(0);
    expectOneRealEdit(json.rollback);
    // Was: "error: affected file 'overlays/x/policy.yaml' is beyond a symbolic link".
    execFileSync('git', ['apply', '--check', '--whitespace=error', '-'], { cwd: repo, input: json.rollback.patch });
    // Applied, it closes what head opened (both targets read the file the patch reverts).
    execFileSync('git', ['apply', '-'], { cwd: repo, input: json.rollback.patch });
    expect(git(repo, 'diff', 'HEAD~1', '--stat')).toBe('');
    git(repo, 'checkout', '-q', '--', '.');
  });

  it('folders: the same patch, from a folder side whose linked folder is read through the link', async () => {
    const sides = await tempDir('reachdiff-rollback-link-sides-');
    for (const [side, rev] of [['base', 'HEAD~1'], ['head', 'HEAD']] as const) {
      await mkdir(join(sides, side));
      execFileSync('sh', ['-c', `git -C '${repo}' archive ${rev} | tar -x -C '${join(sides, side)}'`]);
    }
    const out = await main(['diff', join(sides, 'base'), join(sides, 'head'), '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as { rollback: Rollback };
    expectOneRealEdit(json.rollback);
    const check = join(sides, 'check');
    await cp(join(sides, 'head'), check, { recursive: true, verbatimSymlinks: true });
    git(check, 'init', '-q');
    execFileSync('git', ['apply', '--check', '--whitespace=error', '-'], { cwd: check, input: json.rollback.patch });
  });
});

describe('realPathOf', () => {
  it('names a file read through a link by its own path, and any path of the same linked folder alike', () => {
    const real = realPathOf([
      { path: 'overlays/x/policy.yaml', realPath: 'base-src/policy.yaml' },
      { path: 'base-src/policy.yaml' },
      { path: 'api-link.yaml', realPath: 'real/api.yaml' },
    ]);
    expect(real('overlays/x/policy.yaml')).toBe('base-src/policy.yaml');
    // Not read under the link, but in the linked folder: a document restored there lands in the real folder.
    expect(real('overlays/x/gone.yaml')).toBe('base-src/gone.yaml');
    expect(real('api-link.yaml')).toBe('real/api.yaml');
    expect(real('overlays/y/kustomization.yaml')).toBe('overlays/y/kustomization.yaml');
  });
});
