/**
 * One CLI run asks git each read once (git-source.ts `gitReadsOnce`): `diff master...HEAD` read
 * `.github/reachdiff.yml` from HEAD 4 times and resolved HEAD 3 times, for its configuration, its notes and its
 * sides (new-user trial 58). Counted with a `git` on PATH that logs its arguments before running the real one.
 */
import { execFileSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { commitFiles, git, tempDir } from '../helpers/git.js';

const DENY = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const APP = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec: {containers: [{name: c, image: x}]}\n`;

/** `main(args)` with a logging git first on PATH; the git command lines it ran, in order. */
async function gitCalls(args: string[]): Promise<string[]> {
  const bin = await tempDir('reachdiff-git-log-');
  const log = join(bin, 'log');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  await writeFile(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  await chmod(join(bin, 'git'), 0o755);
  await writeFile(log, '');
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path ?? ''}`;
  try {
    await main(args);
  } finally {
    process.env.PATH = path;
  }
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}

describe('git reads of one run', () => {
  it('diff A...B asks each read once: the configuration file, HEAD, the repository', async () => {
    const repo = await tempDir('reachdiff-reads-');
    git(repo, 'init', '-q', '-b', 'master');
    await commitFiles(repo, [{ path: 'k8s/app.yaml', text: APP }, { path: '.github/reachdiff.yml', text: 'failOn: [opened]\n' }], 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    await commitFiles(repo, [{ path: 'k8s/deny.yaml', text: DENY }], 'head');
    const calls = await gitCalls(['diff', 'master...HEAD', '--repo', repo]);
    const asked = (line: string) => calls.filter((c) => c === `-C ${repo} ${line}`).length;
    expect([asked('cat-file blob HEAD:.github/reachdiff.yml'), asked('rev-parse --verify --quiet HEAD^{commit}'), asked('rev-parse --git-dir')]).toEqual([1, 1, 1]);
    // Only a read given standard input (cat-file --batch of a side's blobs) is asked again.
    expect(calls.filter((c, i) => calls.indexOf(c) !== i && !c.endsWith('cat-file --batch'))).toEqual([]);
  });
});
