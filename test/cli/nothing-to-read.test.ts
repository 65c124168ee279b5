/**
 * Input with nothing to analyse is exit 2 for every command, with a message naming what was found (fresh-user
 * trial P15): a folder of empty files given as both sides, a folder holding only a Helm values.yaml (no
 * Kubernetes object), and `targets` with a configured root that matches nothing (as `diff`), through `main(argv)`.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempFolder } from '../helpers/git.js';

const temps: string[] = [];
async function folder(files: Record<string, string>): Promise<string> {
  const root = await tempFolder(files, 'reachdiff-nothing-read-');
  temps.push(root);
  return root;
}
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: web}\nspec: {podSelector: {}}\n';
const VALUES = 'replicaCount: 2\nimage:\n  repository: web\n  tag: "1.2"\nservice:\n  kind: ClusterIP\n';

describe('diff with nothing to read', () => {
  it('the same folder of empty files twice: named once, the files said to be empty, exit 2', async () => {
    const e1 = await folder({ 'a.yaml': '', 'b.yml': '# nothing\n---\n' });
    const out = await main(['diff', e1, e1]);
    expect(out).toEqual({ stdout: '', stderr: `reachdiff: ${e1}: only empty manifest files (no YAML document in them) to read (base and head are the same)\n`, exitCode: 2 });
  });

  it('two folders without objects: each side named with what it holds', async () => {
    const e1 = await folder({ 'a.yaml': '' });
    const vals = await folder({ 'values.yaml': VALUES });
    const out = await main(['diff', e1, vals]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(`reachdiff: nothing to compare: neither side holds a Kubernetes object (base ${e1}: only empty manifest files (no YAML document in them); head ${vals}: no Kubernetes object (no document with kind or apiVersion in values.yaml))\n`);
  });

  it('a folder holding only a Helm values.yaml is no manifest input: exit 2, not "No change"', async () => {
    const vals = await folder({ 'values.yaml': VALUES, 'empty.yaml': '' });
    const out = await main(['diff', vals, vals]);
    expect(out).toEqual({ stdout: '', stderr: `reachdiff: ${vals}: no Kubernetes object (no document with kind or apiVersion in values.yaml; 1 empty file) to read (base and head are the same)\n`, exitCode: 2 });
    for (const argv of [['list', vals], ['lint', vals], ['explain', vals, '--from', 'a/b', '--to', 'c/d'], ['list', join(vals, 'values.yaml')]]) {
      const one = await main(argv);
      expect([argv[0], one.exitCode, one.stdout]).toEqual([argv[0], 2, '']);
      expect(one.stderr).toMatch(/no Kubernetes object/);
    }
  });

  it('one side without objects is the change that adds (or removes) every object: analysed', async () => {
    const vals = await folder({ 'values.yaml': VALUES });
    const pol = await folder({ 'np.yaml': POLICY });
    const out = await main(['diff', vals, pol, '--fail-on', 'never']);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('closed');
  });

  it('an object that is invalid or a kustomization still counts as input (the loader or renderer says what is wrong)', async () => {
    const bad = await folder({ 'x.yaml': 'kind: NetworkPolicy\nmetadata: {name: x}\n' });
    expect((await main(['diff', bad, bad])).exitCode).not.toBe(2);
  });
});

describe('targets with a configured root that matches nothing', () => {
  it('lists the target with its note, says the configuration error as diff does, exit 2 (text and json)', async () => {
    const repo = await folder({ '.github/reachdiff.yml': 'targets:\n  - name: prod\n    roots: [clusters/prod]\n', 'apps/web/np.yaml': POLICY });
    const diff = await main(['diff', repo, repo]);
    expect(diff.exitCode).toBe(2);
    const out = await main(['targets', '--repo', repo]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toContain('prod: root clusters/prod matches nothing on this side');
    expect(out.stderr).toBe(`reachdiff: ${join(repo, '.github/reachdiff.yml')}:3: targets[0].roots: target "prod": root "clusters/prod" matches no file or folder in what is read\n(roots are repository-relative folders, kustomizations, files or globs; fix the root or remove the target)\n`);
    const json = await main(['targets', '--repo', repo, '--format', 'json']);
    expect([json.exitCode, json.stderr]).toEqual([2, out.stderr]);
    expect(JSON.parse(json.stdout).targets[0].name).toBe('prod');
  });

  it('a root that matches: exit 0, no stderr', async () => {
    const repo = await folder({ '.github/reachdiff.yml': 'targets:\n  - name: web\n    roots: [apps/web]\n', 'apps/web/np.yaml': POLICY });
    const out = await main(['targets', '--repo', repo]);
    expect([out.exitCode, out.stderr]).toEqual([0, '']);
  });
});

describe('--path that selects nothing of a git revision (fresh-user trial P17)', () => {
  it('lint, explain and diff of revisions name the globs and the root they are relative to, as list does for a folder', async () => {
    const repo = await folder({ 'k8s/np.yaml': POLICY });
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'one');
    const relative = "(--path is relative to the repository's top for a revision)";
    const lint = await main(['lint', 'HEAD', '--repo', repo, '--path', 'np.yaml']);
    expect([lint.exitCode, lint.stderr]).toEqual([2, `reachdiff: HEAD: no .yaml, .yml or .json files to read matching np.yaml ${relative}\n`]);
    const explain = await main(['explain', 'HEAD', '--repo', repo, '--path', 'np.yaml', '--from', 'web/a', '--to', 'web/b']);
    expect([explain.exitCode, explain.stderr]).toEqual([2, lint.stderr]);
    const diff = await main(['diff', 'HEAD', 'HEAD', '--repo', repo, '--path', 'np.yaml']);
    expect([diff.exitCode, diff.stderr]).toEqual([2, `reachdiff: HEAD: no .yaml, .yml or .json files to read matching np.yaml ${relative} (base and head are the same)\n`]);
    expect((await main(['lint', 'HEAD', '--repo', repo, '--path', 'k8s/np.yaml'])).exitCode).not.toBe(2);
  });

  it('a folder and a revision compared: both roots said', async () => {
    const repo = await folder({ 'k8s/np.yaml': POLICY });
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'one');
    const out = await main(['diff', 'HEAD', join(repo, 'k8s'), '--repo', repo, '--path', 'nothing/**']);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/\(base HEAD: no \.yaml, \.yml or \.json files matching nothing\/\*\*; head .*: no \.yaml, \.yml or \.json files matching nothing\/\*\*\) \(--path is relative to the folder read, or to the repository's top for a revision\)\n$/);
  });
});
