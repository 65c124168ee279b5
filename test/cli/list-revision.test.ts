/**
 * `list REV`: a git revision of --repo is listed as lint and diff read one (git objects, no checkout), so a
 * reviewer can list what a branch or an older commit allows; a folder argument is read as before.
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { commitFiles, git, tempDir } from '../helpers/git.js';

const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

let repo: string;
beforeAll(async () => {
  repo = await tempDir('reachdiff-list-rev-');
  git(repo, 'init', '-q', '-b', 'main');
  await commitFiles(repo, [{ path: 'k8s/web.yaml', text: appDeployment('web', 'shop') }, { path: 'k8s/api.yaml', text: appDeployment('api', 'shop') }], 'open');
  await commitFiles(repo, [{ path: 'k8s/deny.yaml', text: DENY }], 'deny');
});
afterAll(() => rm(repo, { recursive: true, force: true }));

/** The rows between two workloads of shop, as `src => dst` ids. */
const rows = (stdout: string) =>
  (JSON.parse(stdout) as { connections: { src: { id: string }; dst: { id: string } }[] }).connections
    .map((c) => `${c.src.id} => ${c.dst.id}`)
    .filter((row) => /^shop\/\S+ => shop\//.test(row));

describe('list of a git revision', () => {
  it('lists the revision given, not the checkout: before the deny shop/web reaches shop/api, after it not', async () => {
    const before = await main(['list', 'HEAD~1', '--repo', repo, '--format', 'json']);
    expect(before.exitCode).toBe(0);
    expect(rows(before.stdout)).toContain('shop/web[Deployment] => shop/api[Deployment]');
    const after = await main(['list', 'main', '--repo', repo, '--format', 'json']);
    expect(after.exitCode).toBe(0);
    expect(rows(after.stdout)).toEqual([]);
    expect(after.stderr).not.toContain('has no effect on list');
  });

  it('a name that is no file, folder or revision is a usage error naming it (exit 2, no stack trace)', async () => {
    const out = await main(['list', 'no-such-branch', '--repo', repo]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^reachdiff: no-such-branch: no such file, folder or git revision in /);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('a folder is still read as a folder, whatever --repo says', async () => {
    const folder = await main(['list', `${repo}/k8s`, '--repo', '/nonexistent', '--format', 'json']);
    expect(folder.exitCode).toBe(0);
    expect(rows(folder.stdout)).toEqual([]);
  });
});
