/**
 * `diff main HEAD` reads HEAD from git objects: uncommitted edits to the manifests are not part of it.
 * When head is the checked-out commit and the working tree differs from it in files the analysis reads,
 * a note on stderr says so, names them and how to diff the working tree (fresh-user trial 27, P2: an
 * edit not yet committed gave "no change" with nothing said). The verdict and exit code stay the commit's.
 */
import { realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

const DEPLOYMENTS = ['web', 'api']
  .map((name) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec: {containers: [{name: c, image: x}]}\n`)
  .join('---\n');
const DENY = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const OPEN_API = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]\n`;

/** A repository of two commits (the policy changes from the first to the second), checked out at the second, with a clean working tree. */
async function repository(): Promise<{ repo: string; branch: string }> {
  const repo = await tempDir('reachdiff-worktree-');
  git(repo, 'init', '-q', '-b', 'trunk');
  await writeFiles(repo, [{ path: 'k8s/apps.yaml', text: DEPLOYMENTS }, { path: 'k8s/deny.yaml', text: DENY }, { path: 'README.md', text: 'docs\n' }]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'one');
  await writeFile(join(repo, 'k8s/deny.yaml'), DENY.replace('name: deny', 'name: deny-all'));
  git(repo, 'commit', '-qam', 'two');
  return { repo, branch: 'trunk' };
}

const NOTE = /^note: .*uncommitted changes.*$/m;

describe('diff BASE HEAD with uncommitted edits', () => {
  it('names the edited, staged and new manifest files not read, and the working tree as head; verdict and exit code unchanged', async () => {
    const { repo } = await repository();
    const clean = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    expect(clean.stderr).not.toMatch(NOTE);
    // A new policy file that opens a path (untracked), a staged edit, an edit, and files the analysis does not read.
    await writeFile(join(repo, 'k8s/api-in.yaml'), OPEN_API);
    await writeFile(join(repo, 'k8s/apps.yaml'), DEPLOYMENTS.replace('image: x', 'image: y'));
    git(repo, 'add', 'k8s/apps.yaml');
    await writeFile(join(repo, 'k8s/deny.yaml'), DENY.replace('name: deny', 'name: deny-ingress'));
    await writeFile(join(repo, 'README.md'), 'more docs\n');
    await writeFile(join(repo, 'notes.txt'), 'scratch\n');
    const dirty = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    expect(dirty.stdout).toBe(clean.stdout);
    expect(dirty.exitCode).toBe(clean.exitCode);
    const note = dirty.stderr.match(NOTE)?.[0];
    expect(note).toBe(`note: HEAD is read as committed; 3 files the analysis reads have uncommitted changes, which are not read (k8s/api-in.yaml, k8s/apps.yaml, k8s/deny.yaml): to diff the working tree, run reachdiff diff HEAD~1 ${repo} --repo ${repo}`);
    // The hint works: the working tree as head sees the new policy.
    const tree = await main(['diff', 'HEAD~1', repo, '--repo', repo]);
    expect(tree.stdout).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080');
    expect(clean.stdout).not.toContain('shop/web[Deployment] => shop/api[Deployment]');
    expect(tree.stderr).not.toMatch(NOTE);
  });

  it('run in a subfolder of the checkout: the hint names the top by its path, never `..` (which read as a revision range)', async () => {
    const { repo } = await repository();
    const top = await realpath(repo);
    await writeFile(join(repo, 'k8s/api-in.yaml'), OPEN_API);
    const here = process.cwd();
    process.chdir(join(repo, 'k8s'));
    try {
      const note = (await main(['diff', 'HEAD~1', 'HEAD'])).stderr.match(NOTE)?.[0];
      expect(note).toContain(`: to diff the working tree, run reachdiff diff HEAD~1 ${top}`);
      expect(note).not.toMatch(/diff HEAD~1 \.\./);
      expect((await main(['diff', 'HEAD~1', top])).stdout).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080');
    } finally {
      process.chdir(here);
    }
  });

  it('says it for a branch name that is the commit checked out, for diff --explain too, and counts what it does not name', async () => {
    const { repo, branch } = await repository();
    for (const n of [1, 2, 3, 4, 5]) await writeFile(join(repo, `k8s/p${n}.yaml`), OPEN_API.replace('name: api-in', `name: api-in-${n}`));
    const out = await main(['diff', 'HEAD~1', branch, '--repo', repo]);
    expect(out.stderr).toMatch(/^note: trunk \(the commit checked out\) is read as committed; 5 files the analysis reads have uncommitted changes, which are not read \(k8s\/p1\.yaml, k8s\/p2\.yaml, k8s\/p3\.yaml, and 2 more\)/m);
    const explain = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--explain', 'shop/web', 'shop/api', '--port', '8080']);
    expect(explain.stderr).toMatch(NOTE);
  });

  it('says nothing when head is another commit, when only files the analysis does not read changed, or in a bare clone', async () => {
    const { repo } = await repository();
    // A deleted manifest counts too (the commit's file is read).
    git(repo, 'rm', '-q', 'k8s/deny.yaml');
    expect((await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo])).stderr).toMatch(/1 file the analysis reads has uncommitted changes, which are not read \(k8s\/deny\.yaml\)/);
    git(repo, 'reset', '-q', '--hard');
    await writeFile(join(repo, 'k8s/api-in.yaml'), OPEN_API);
    expect((await main(['diff', 'HEAD~1', 'HEAD~1', '--repo', repo])).stderr).not.toMatch(NOTE);
    // --path leaves the edited file out.
    expect((await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--path', 'k8s/apps.yaml', '--path', 'k8s/deny.yaml'])).stderr).not.toMatch(NOTE);
    await rm(join(repo, 'k8s/api-in.yaml'));
    await writeFile(join(repo, 'README.md'), 'more docs\n');
    expect((await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo])).stderr).not.toMatch(NOTE);
    const bare = await tempDir('reachdiff-worktree-bare-');
    git(bare, 'clone', '-q', '--bare', repo, '.');
    expect((await main(['diff', 'HEAD~1', 'HEAD', '--repo', bare])).stderr).not.toMatch(NOTE);
  });
});
