/**
 * `diff A...B` compares B with the merge base of A and B (a pull request of B into A, as the App compares),
 * `A..B` compares A and B, as git reads ranges (new-user trial 41, finding 6: `diff main HEAD` on a branch
 * whose main moved on read main's later change reversed, and `diff main...HEAD` was refused).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { revisionTree } from '../../src/cli/git-source.js';
import { revisionRange } from '../../src/cli/revision-range.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

const APPS = ['web', 'api']
  .map((name) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`)
  .join('---\n');
const DENY = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allow = (name: string, from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: ${from}}}}], ports: [{port: 8080}]}]\n`;

/** trunk: deny; branch `feature` off it adds api-from-web; trunk then adds api-from-api (its own later change). */
async function repository(): Promise<string> {
  const repo = await tempDir('reachdiff-range-');
  git(repo, 'init', '-q', '-b', 'trunk');
  await writeFiles(repo, [{ path: 'k8s/apps.yaml', text: APPS }, { path: 'k8s/deny.yaml', text: DENY }]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'one');
  git(repo, 'checkout', '-q', '-b', 'feature');
  await writeFile(join(repo, 'k8s/web.yaml'), allow('api-from-web', 'web'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'feature');
  git(repo, 'checkout', '-q', 'trunk');
  await writeFile(join(repo, 'k8s/self.yaml'), allow('api-from-api', 'api'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'trunk moves on');
  git(repo, 'checkout', '-q', 'feature');
  return repo;
}

describe('diff with a range of revisions', () => {
  it('A...B is the branch against the merge base: only its own change, and stderr names the merge base', async () => {
    const repo = await repository();
    const base = git(repo, 'merge-base', 'trunk', 'feature').trim();
    const range = await main(['diff', 'trunk...feature', '--repo', repo]);
    const explicit = await main(['diff', base, 'feature', '--repo', repo]);
    expect(range.stdout).toBe(explicit.stdout);
    expect(range.exitCode).toBe(1);
    expect(range.stdout).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080');
    expect(range.stdout).not.toContain('shop/api[Deployment] => shop/api[Deployment]');
    expect(range.stderr).toContain(`reachdiff: trunk...feature: comparing feature with the merge base of trunk and feature, ${base.slice(0, 12)}`);
    // An empty side is HEAD (feature is checked out).
    expect((await main(['diff', 'trunk...', '--repo', repo])).stdout).toBe(range.stdout);
    // Against trunk's tip, trunk's later change reads reversed: what the range avoids.
    const tip = await main(['diff', 'trunk', 'feature', '--repo', repo]);
    expect(tip.stdout).toMatch(/shop\/api\[Deployment\] => shop\/api\[Deployment\]/);
  });

  it('A..B is A against B, and diff --explain takes a range too', async () => {
    const repo = await repository();
    const two = await main(['diff', 'trunk..feature', '--repo', repo]);
    expect(two.stdout).toBe((await main(['diff', 'trunk', 'feature', '--repo', repo])).stdout);
    expect(two.stderr).not.toContain('merge base');
    const explained = await main(['diff', 'trunk...feature', '--explain', 'shop/web', 'shop/api', '--port', '8080', '--repo', repo]);
    expect(explained.exitCode).not.toBe(2);
    expect(explained.stdout).toContain('ALLOWED');
  });

  it('a folder named like a range is a folder; a side that is no revision, or no merge base, is a usage error', async () => {
    const repo = await repository();
    // `..` and `../x` are folders, and a lone folder argument is still one argument too few.
    expect((await main(['diff', '..', '--repo', repo])).stderr).toContain('diff takes a base and a head (2 arguments), got 1');
    const dotted = await tempDir('reachdiff-range-dir-');
    await mkdir(join(dotted, 'a...b'));
    const cwd = process.cwd();
    process.chdir(dotted);
    try {
      expect((await main(['diff', 'a...b', '--repo', repo])).stderr).toContain('got 1');
    } finally {
      process.chdir(cwd);
    }
    const missing = await main(['diff', 'trunk...nope', '--repo', repo]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nope: no such folder or git revision');
    git(repo, 'checkout', '-q', '--orphan', 'lone');
    git(repo, 'commit', '-qm', 'unrelated');
    const unrelated = await main(['diff', 'trunk...lone', '--repo', repo]);
    expect(unrelated.exitCode).toBe(2);
    expect(unrelated.stderr).toContain('trunk...lone: trunk and lone have no merge base');
  });

  it('each side is resolved to its commit once: the range hands its commits on, and a side read with its commit is not resolved again', async () => {
    const repo = await repository();
    const base = git(repo, 'merge-base', 'trunk', 'feature').trim();
    const [trunk, feature] = [git(repo, 'rev-parse', 'trunk').trim(), git(repo, 'rev-parse', 'feature').trim()];
    expect((await revisionRange('trunk...feature', repo))?.resolved).toEqual(new Map([[base, base], ['feature', feature]]));
    expect((await revisionRange('trunk..feature', repo))?.resolved).toEqual(new Map([['trunk', trunk], ['feature', feature]]));
    // The commit given is the one read, whatever the name would resolve to now.
    expect((await revisionTree(repo, 'trunk', feature)).blobs.has('k8s/web.yaml')).toBe(true);
    expect((await revisionTree(repo, 'trunk')).blobs.has('k8s/web.yaml')).toBe(false);
  });
});
