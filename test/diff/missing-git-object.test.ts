/**
 * A git revision whose repository lacks some blobs (a partial clone, a mirror made without large blobs):
 * each file whose blob is missing is an UNREADABLE_FILE warning naming it, and the rest of the side is
 * analysed; a file `exclude:` names is never read, so its missing blob says nothing. Before, the whole
 * run stopped: `reachdiff: cannot read git object … missing` (exit 2).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempFolder } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n';
const db = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: postgres, namespace: db}\nspec:\n  selector: {matchLabels: {app: postgres}}\n  template:\n    metadata: {labels: {app: postgres}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 5432}]}]}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n';
const vendored = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: db}\ndata: {a: b}\n';

/** Base holds the deny policy, head drops it (the change opens db/postgres); both hold crd.yaml and vendor/big.yaml; the blobs of `missing` are then deleted. */
async function repository(missing: readonly string[]): Promise<string> {
  const repo = await tempFolder({ 'k8s/ns.yaml': ns, 'k8s/db.yaml': db, 'k8s/deny.yaml': deny, 'k8s/crd.yaml': crd, 'vendor/big.yaml': vendored, '.github/reachdiff.yml': 'exclude: ["vendor/**"]\n' });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  git(repo, 'rm', '-q', 'k8s/deny.yaml');
  git(repo, 'commit', '-qm', 'head');
  for (const path of missing) {
    const sha = git(repo, 'rev-parse', `HEAD:${path}`).trim();
    await rm(join(repo, '.git', 'objects', sha.slice(0, 2), sha.slice(2)));
  }
  return repo;
}

interface Json {
  readonly summary: { readonly opened: number };
  readonly warnings: readonly { readonly file: string; readonly code: string; readonly message: string; readonly side?: string }[];
}

it('a missing blob is a warning naming its file; the rest is analysed; an excluded file is never read', async () => {
  const repo = await repository(['k8s/crd.yaml', 'vendor/big.yaml']);
  const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
  expect(out.stderr).toBe('');
  expect(out.exitCode).toBe(1);
  const json = JSON.parse(out.stdout) as Json;
  expect(json.summary.opened).toBeGreaterThan(0);
  const sha = git(repo, 'rev-parse', 'HEAD:k8s/crd.yaml').trim();
  // Once per side (the blob is the same in both).
  expect(json.warnings.filter((w) => w.file === 'k8s/crd.yaml')).toEqual([0, 1].map(() => expect.objectContaining({ code: 'UNREADABLE_FILE', message: expect.stringContaining(`git object ${sha} is missing`) })));
  expect(out.stdout).not.toContain('vendor/big.yaml');
  const text = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
  // The same on both sides: a warning of unchanged files, counted in text (JSON lists it).
  expect(text.stdout).toContain('paths opened');
  expect(text.stdout).toContain('1 pre-existing warning in unchanged files');
});

it('an excluded file whose blob is missing is not read: no warning, the same result', async () => {
  const repo = await repository(['vendor/big.yaml']);
  const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
  expect(out.stderr).toBe('');
  expect(out.exitCode).toBe(1);
  expect((JSON.parse(out.stdout) as Json).warnings.filter((w) => w.code === 'UNREADABLE_FILE')).toEqual([]);
});
