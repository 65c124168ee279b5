/**
 * One rule for where the CLI reads `.github/reachdiff.yml` without --config: at the root of what the
 * command reads (a folder argument; a revision's own file, from git objects; head's for diff), the
 * root --path is relative to. `lint DIR` and `list DIR` read the same file, a bare clone reads what a
 * checkout reads, and a file not read where one may expect it is named in a note (fresh-user trial 18, P12).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

const WORKLOADS = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n    spec: {containers: [{name: c, image: x}]}\n`;
const OPEN = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n`;
/** Turns off the one finding the workload alone gives, and makes the opened rule's finding an error. */
const CONFIG = 'findings:\n  disable: [UNPROTECTED_WORKLOAD]\n  severity: {PERMISSIVE_RULE: error}\n';

const codes = (stdout: string) => [...stdout.matchAll(/\[([A-Z_]+)\]$/gm)].map((m) => m[1]).sort();

let repo: string;
beforeAll(async () => {
  repo = await tempDir('reachdiff-config-root-');
  git(repo, 'init', '-q', '-b', 'main');
  await writeFiles(repo, [{ path: 'k8s/app.yaml', text: WORKLOADS }, { path: '.github/reachdiff.yml', text: CONFIG }]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  await writeFile(join(repo, 'k8s/policy.yaml'), OPEN);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
});

describe('the configuration is read at the root read', () => {
  it('lint DIR and list DIR read DIR/.github/reachdiff.yml, wherever they run', async () => {
    const lint = await main(['lint', repo, '--format', 'json']);
    expect(JSON.parse(lint.stdout).findings.map((f: { code: string; severity: string }) => `${f.code} ${f.severity}`)).toEqual(['PERMISSIVE_RULE error']);
    const list = await main(['list', repo, '--format', 'json']);
    expect(JSON.parse(list.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['PERMISSIVE_RULE']);
  });

  it('a revision reads its own file, in a bare clone as in the checkout', async () => {
    const bare = await tempDir('reachdiff-config-bare-');
    git(bare, 'clone', '-q', '--bare', repo, '.');
    const inCheckout = await main(['diff', 'main~1', 'main', '--repo', repo]);
    const inBare = await main(['diff', 'main~1', 'main', '--repo', bare]);
    expect(inCheckout.stdout).toContain('1 new finding (1 error)');
    expect(inBare.stdout).toBe(inCheckout.stdout);
    expect(inBare.stderr).toBe('');
    expect(codes((await main(['lint', 'main', '--repo', bare])).stdout)).toEqual(['PERMISSIVE_RULE']);
  });

  it('says so when the checkout’s file differs from the revision’s, which is the one read', async () => {
    const checkout = await tempDir('reachdiff-config-edit-');
    git(checkout, 'clone', '-q', repo, '.');
    await writeFile(join(checkout, '.github/reachdiff.yml'), 'failOn: never\n');
    const out = await main(['diff', 'main~1', 'main', '--repo', checkout]);
    expect(out.stdout).toContain('1 new finding (1 error)');
    expect(out.stderr).toContain('note: the configuration read is main:.github/reachdiff.yml (from git objects); the checkout');
    expect(out.stderr).toContain('differs and is not read: commit it, or pass --config');
  });

  it('a folder inside the repository reads no file above it, and a note names that file and how to use it', async () => {
    await mkdir(join(repo, 'k8s'), { recursive: true });
    const out = await main(['lint', join(repo, 'k8s')]);
    expect(codes(out.stdout)).toContain('UNPROTECTED_WORKLOAD');
    expect(out.stderr).toMatch(/^note: no configuration read: .*k8s has no \.github\/reachdiff\.yml .*\.github\/reachdiff\.yml is not read, its paths being relative to .*: analyse .* with --path 'k8s\/\*\*', or pass --config /m);
    expect((await main(['lint', join(repo, 'k8s'), '--config', join(repo, '.github/reachdiff.yml')])).stderr).toBe('');
  });

  it('a folder outside the repository at --repo reads none, and a note names the checkout’s file not read', async () => {
    const outside = await tempDir('reachdiff-config-outside-');
    await writeFiles(outside, [{ path: 'app.yaml', text: WORKLOADS }]);
    const out = await main(['lint', outside, '--repo', repo]);
    expect(codes(out.stdout)).toContain('UNPROTECTED_WORKLOAD');
    expect(out.stderr).toMatch(/^note: no configuration read: .* has no \.github\/reachdiff\.yml .*\.github\/reachdiff\.yml of the repository at --repo is not read: pass --config /m);
  });

  it('a configuration file of a near name (.github/reachdiff.yaml, .reachdiff.yml) is not read, and a note says which name is', async () => {
    const near = await tempDir('reachdiff-config-near-');
    git(near, 'init', '-q', '-b', 'main');
    await writeFiles(near, [{ path: 'app.yaml', text: WORKLOADS }, { path: '.github/reachdiff.yaml', text: CONFIG }]);
    const folder = await main(['lint', near]);
    expect(codes(folder.stdout)).toContain('UNPROTECTED_WORKLOAD');
    expect(folder.stderr).toMatch(/^note: no configuration read: .*\.github\/reachdiff\.yaml is not read, the configuration file being \.github\/reachdiff\.yml \(for the App too\): rename it, or pass --config .*\.github\/reachdiff\.yaml$/m);
    await rm(join(near, '.github'), { recursive: true });
    await writeFile(join(near, '.reachdiff.yml'), CONFIG);
    git(near, 'add', '-A');
    git(near, 'commit', '-qm', 'near');
    const revision = await main(['lint', 'HEAD', '--repo', near]);
    expect(revision.stderr).toContain('note: no configuration read: HEAD:.reachdiff.yml is not read, the configuration file being .github/reachdiff.yml (for the App too): rename it\n');
    // The right name beside it: read, and nothing said.
    await writeFiles(near, [{ path: '.github/reachdiff.yml', text: CONFIG }]);
    expect((await main(['lint', near])).stderr).toBe('');
  });

  it('--path narrows target discovery too: the targets line says no Argo CD or Flux object was among the files selected', async () => {
    const how = async (...extra: string[]) => JSON.parse((await main(['diff', 'main~1', 'main', '--repo', repo, '--format', 'json', ...extra])).stdout).targetSelection.how as string;
    expect(await how('--path', 'k8s/**')).toContain('(no targets configured, no Argo CD or Flux objects in the files selected by --path or manifests, no kustomizations)');
    expect(await how()).toContain('(no targets configured, no Argo CD or Flux objects, no kustomizations)');
  });

  it('--path is relative to the folder read, and a glob written from the repository top says so', async () => {
    const k8s = join(repo, 'k8s');
    expect((await main(['list', k8s, '--path', 'app.yaml'])).exitCode).toBe(0);
    const out = await main(['list', k8s, '--path', 'k8s/*.yaml']);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain(`matching k8s/*.yaml (--path is relative to the folder read, ${k8s})`);
  });
});
