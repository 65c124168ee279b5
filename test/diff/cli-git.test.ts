/** `reachdiff diff` on git revisions and folders, through the CLI entry point. */
import { chmod, cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempDir } from '../helpers/git.js';

const EXAMPLES = join(process.cwd(), 'examples');
let repo: string;

beforeAll(async () => {
  repo = await tempDir('reachdiff-git-');
  git(repo, 'init', '-q', '-b', 'main');
  await cp(join(EXAMPLES, 'base'), join(repo, 'k8s'), { recursive: true });
  await mkdir(join(repo, 'docs'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  await rm(join(repo, 'k8s'), { recursive: true });
  await cp(join(EXAMPLES, 'head'), join(repo, 'k8s'), { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
});

describe('reachdiff diff', () => {
  it('diffs two revisions read from git objects and exits 1 when paths opened', async () => {
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
    expect(out.exitCode).toBe(1);
    const json = JSON.parse(out.stdout) as { schemaVersion: number; summary: { opened: number; closed: number }; pairs: { src: { id: string }; dst: { id: string }; opened: unknown }[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.summary).toEqual({ opened: 7, closed: 3, errors: 0 });
    expect(json.pairs.filter((p) => p.opened).map((p) => `${p.src.id} => ${p.dst.id}`)).toEqual([
      // Other pods with app=payments too, whose port named grpc may have another number than shop/payments' (9090).
      'kube-system/kube-dns[Deployment] => shop/payments[Deployment]',
      'kube-system/kube-dns[Deployment] => shop/[pod with {app=payments}]',
      'monitoring/prometheus[Deployment] => shop/payments[Deployment]',
      'monitoring/prometheus[Deployment] => shop/[pod with {app=payments}]',
      // Any pod of any namespace (namespaceSelector: {}), and the redis typo's port 6380 for cart pods of other commerce namespaces.
      '[namespace with {team=commerce}]/[pod with {app=cart}] => data/redis[StatefulSet]',
      // Less the namespaces whose own egress denies TCP 9090 (and the port named grpc) on both sides: both
      // ends read `entire-cluster (except …)`, sorted by the other end.
      'entire-cluster => shop/payments[Deployment]',
      'entire-cluster => shop/[pod with {app=payments}]',
    ]);
  });

  it('matches a folder-to-folder diff of the same content', async () => {
    const fromGit = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    const fromFolders = await main(['diff', join(EXAMPLES, 'base'), join(EXAMPLES, 'head')]);
    // The same report, but for where its patch applies: the head commit, or the head folder.
    expect(fromGit.stdout).toContain('Patch (git apply on the head commit):');
    expect(fromFolders.stdout).toContain('Patch (git apply in examples/head):');
    expect(fromGit.stdout.replace(/k8s\//g, '').replace('on the head commit', 'in examples/head')).toBe(fromFolders.stdout);
  });

  it('works in a bare clone', async () => {
    const bare = await tempDir('reachdiff-bare-');
    git(bare, 'clone', '-q', '--bare', repo, '.');
    const out = await main(['diff', 'main~1', 'main', '--repo', bare, '--fail-on', 'never']);
    expect(out.exitCode).toBe(0);
    // The two concrete paths, plus what the edits open and close for pods the manifests do not hold.
    expect(out.stdout.split('\n')[0]).toBe('7 paths opened, 3 paths closed; 4 new findings.');
  });

  it.each([
    ['opened', 1],
    ['closed', 1],
    ['any', 1],
    ['never', 0],
  ])('--fail-on %s exits %d', async (failOn, code) => {
    expect((await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--fail-on', String(failOn)])).exitCode).toBe(code);
  });

  it('swaps the opened and closed counts when the revisions swap', async () => {
    // HEAD → HEAD~1 closes the two opened paths and opens the redis one again.
    const swapped = await main(['diff', 'HEAD', 'HEAD~1', '--repo', repo, '--format', 'json']);
    expect(JSON.parse(swapped.stdout).summary).toEqual({ opened: 3, closed: 7, errors: 0 });
  });

  it('is empty for a revision against itself', async () => {
    const out = await main(['diff', 'HEAD', 'HEAD', '--repo', repo]);
    expect(out).toEqual({ stdout: 'No change in allowed connectivity.\n', stderr: '', exitCode: 0 });
  });

  it('limits the files read with --path', async () => {
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--path', 'k8s/apps/**', '--path', 'k8s/namespaces.yaml']);
    // Without the policies nothing is isolated, so nothing differs.
    expect(out.stdout).toBe('No change in allowed connectivity.\n');
  });

  it('an unknown revision names the closest branch or tag (fresh-user trial 27, P13)', async () => {
    git(repo, 'tag', 'release-1.2');
    const typo = await main(['diff', 'mian', 'HEAD', '--repo', repo]);
    expect(typo).toEqual({ stdout: '', stderr: `reachdiff: mian: no such folder or git revision in ${repo} (did you mean main?)\n`, exitCode: 2 });
    expect((await main(['diff', 'HEAD~1', 'relase-1.2', '--repo', repo])).stderr).toContain('relase-1.2: no such folder or git revision in');
    expect((await main(['diff', 'HEAD~1', 'relase-1.2', '--repo', repo])).stderr).toContain('(did you mean release-1.2?)');
    expect((await main(['diff', 'HAED', 'HEAD', '--repo', repo])).stderr).toContain('(did you mean HEAD?)');
    expect((await main(['diff', 'no-such-branch', 'HEAD', '--repo', repo])).stderr).not.toContain('did you mean');
  });

  it('an ancestor beyond the history says how far back it goes, not "did you mean HEAD?" (fresh-user trial 29)', async () => {
    const beyond = await main(['diff', 'HEAD~5', 'HEAD', '--repo', repo]);
    expect(beyond).toEqual({ stdout: '', stderr: `reachdiff: HEAD~5: no such folder or git revision in ${repo} (HEAD exists; its first-parent history has 2 commits, back to HEAD~1)\n`, exitCode: 2 });
    expect((await main(['diff', 'main~1^2', 'HEAD', '--repo', repo])).stderr).toContain('(main exists; its first-parent history has 2 commits, back to main~1)');
    expect((await main(['diff', 'HEAD~1', 'HEAD~1', '--repo', repo])).exitCode).toBe(0);
  });

  it('a file where a folder or revision belongs names its folder and --path (fresh-user trial 29)', async () => {
    const file = join(repo, 'k8s', 'namespaces.yaml');
    const said = `reachdiff: ${file} is a file, not a folder or a git revision: give its folder and --path to read only it (${join(repo, 'k8s')} --path 'namespaces.yaml'); reachdiff list also reads one file\n`;
    expect(await main(['lint', file, '--repo', repo])).toEqual({ stdout: '', stderr: said, exitCode: 2 });
    expect(await main(['diff', 'HEAD', file, '--repo', repo])).toEqual({ stdout: '', stderr: said, exitCode: 2 });
    // Outside a repository too (the revision cannot be read at all).
    expect(await main(['explain', file, '--from', 'shop/cart', '--to', 'data/redis', '--repo', '/'])).toEqual({ stdout: '', stderr: said, exitCode: 2 });
  });

  it.each([
    [['diff', 'no-such-branch', 'HEAD'], /no-such-branch: no such folder or git revision/],
    [['diff', 'HEAD', 'HEAD'], /is not in a git repository/],
    [['diff', 'nope', 'HEAD'], /^reachdiff: no folder nope, and it is not a git revision: --repo \/ is not in a git repository; give folders instead of revisions, or --repo DIR/],
    [['diff', 'HEAD'], /^reachdiff: diff takes a base and a head \(2 arguments\), got 1 \(or one range: BASE\.\.\.HEAD\)$/m],
    [['diff', 'main'], /^reachdiff: diff takes a base and a head \(2 arguments\), got 1 \(or one range: main\.\.\.HEAD\)$/m],
    // A folder has no range form: the other side is asked for.
    [['diff', 'examples/base'], /^reachdiff: diff takes a base and a head \(2 arguments\), got 1 \(examples\/base is a folder: give the other side too, a folder or a git revision\)$/m],
    [['diff', 'HEAD~1', 'HEAD', '--fail-on', 'sometimes'], /--fail-on must be one or more \(comma-separated\) of/],
  ])('fails with one line and exit 2: %j', async (args, message) => {
    const cwdRepo = (args as string[]).includes('no-such-branch') || (args as string[]).includes('--fail-on') ? ['--repo', repo] : ['--repo', '/'];
    const out = await main([...(args as string[]), ...cwdRepo]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(message as RegExp);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('reading folders', () => {
  it('a --path glob never feeds non-manifest files to the parser', async () => {
    const dir = await tempDir('reachdiff-path-');
    await cp(join(EXAMPLES, 'base'), join(dir, 'k8s'), { recursive: true });
    await writeFile(join(dir, 'k8s', 'README.md'), '# not yaml: [\n');
    const out = await main(['list', join(dir, 'k8s')]);
    const diff = await main(['diff', join(dir, 'k8s'), join(dir, 'k8s'), '--path', '**']);
    expect(out.stderr).toBe('');
    expect(diff).toEqual({ stdout: 'No change in allowed connectivity.\n', stderr: '', exitCode: 0 });
  });

  it('an unreadable subfolder is a warning for that folder, and the rest is analysed', async () => {
    if (process.getuid?.() === 0) {
      // root reads every folder whatever its mode; a folder that vanishes mid-walk is not reproducible here.
      const dir = await tempDir('reachdiff-link-');
      await cp(join(EXAMPLES, 'base'), join(dir, 'k8s'), { recursive: true });
      await symlink(join(dir, 'missing.yaml'), join(dir, 'k8s', 'broken.yaml'));
      const out = await main(['list', join(dir, 'k8s')]);
      expect(out.exitCode).toBe(0);
      expect(out.stderr).toMatch(/broken\.yaml:1: warning: cannot read: a symbolic link to .*missing\.yaml, which names no file of the repository \[UNREADABLE_FILE\]/);
      expect(out.stdout).toContain('shop/checkout[Deployment] => shop/payments[Deployment] : TCP 9090');
      return;
    }
    const dir = await tempDir('reachdiff-perm-');
    await cp(join(EXAMPLES, 'base'), join(dir, 'k8s'), { recursive: true });
    await mkdir(join(dir, 'k8s', 'secret'));
    await chmod(join(dir, 'k8s', 'secret'), 0o000);
    const out = await main(['list', join(dir, 'k8s')]);
    await chmod(join(dir, 'k8s', 'secret'), 0o755);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(/secret:1: warning: cannot read/);
  });
});
