/**
 * Symbolic links in a side: a link inside the folder is an alias (its target is read once, under its own
 * path), as a git revision holds it (a blob naming the target); a kustomization may still render through
 * it; a link out of the folder is followed; a link cycle ends. A git revision follows its in-repository
 * links alike (util/tree-links.ts); one leaving the repository is a warning naming it.
 */
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempFolder } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n';
const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: tools\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x}]}\n';
const denyAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: tools\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

/** A side: real/base (+ the policy on head), real/overlay, `alias -> real`, and `other` rendering through the alias. */
async function side(withPolicy: boolean): Promise<string> {
  const dir = await tempFolder({
    'real/base/kustomization.yaml': `resources:\n- namespace.yaml\n- api.yaml\n${withPolicy ? '- deny-all.yaml\n' : ''}`,
    'real/base/namespace.yaml': ns,
    'real/base/api.yaml': api,
    ...(withPolicy ? { 'real/base/deny-all.yaml': denyAll } : {}),
    'real/overlay/kustomization.yaml': 'resources:\n- ../base\n',
    'other/kustomization.yaml': 'resources:\n- ../alias/base\nnamePrefix: x-\n',
  });
  await symlink('real', join(dir, 'alias'));
  return dir;
}

interface Json {
  targets: { name: string; pairs: { dst: { id: string }; closed: unknown }[] }[];
  pairs: { why?: unknown }[];
}

describe('symbolic links in a folder side', () => {
  let base: string;
  let head: string;
  beforeAll(async () => {
    base = await side(false);
    head = await side(true);
  });

  it('a linked folder is not a second copy of every target, and a kustomization renders through the link', async () => {
    const out = await main(['diff', base, head, '--format', 'json']);
    const json = JSON.parse(out.stdout) as Json;
    // Was: alias/overlay beside real/overlay, each reporting the same closed paths.
    expect(json.targets.map((t) => t.name)).toEqual(['other', 'real/overlay']);
    for (const t of json.targets) expect(t.pairs.some((p) => p.dst.id.startsWith('tools/') && p.closed)).toBe(true);
    // real/overlay cites the policy where it lives; `other` by the path its kustomization names.
    const text = await main(['diff', base, head]);
    const section = (name: string) => text.stdout.split(`== ${name} ==`)[1]?.split('\n== ')[0] ?? '';
    expect(section('real/overlay')).toContain('(real/base/deny-all.yaml:1)');
    expect(section('real/overlay')).not.toContain('alias/');
    expect(section('other')).toContain('(alias/base/deny-all.yaml:1)');
    expect(out.stderr).toBe('');
  });

  it('a git revision of the same trees finds the same targets', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'reachdiff-links-'));
    git(repo, 'init', '-q', '-b', 'main');
    await cp(base, join(repo, 'k8s'), { recursive: true, verbatimSymlinks: true });
    // A linked file: the blob holds the target's path, which is no manifest.
    await symlink('real/base/api.yaml', join(repo, 'k8s', 'api-link.yaml'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    await cp(join(head, 'real', 'base', 'deny-all.yaml'), join(repo, 'k8s', 'real', 'base', 'deny-all.yaml'));
    await cp(join(head, 'real', 'base', 'kustomization.yaml'), join(repo, 'k8s', 'real', 'base', 'kustomization.yaml'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'head');
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
    const json = JSON.parse(out.stdout) as Json;
    const names = json.targets.map((t) => t.name);
    expect(out.stdout).not.toContain('api-link.yaml');
    // No target is doubled, and `other` renders through the link as in the folder (was: a build failure).
    expect(names).toEqual(['k8s/other', 'k8s/real/overlay']);
    for (const t of json.targets) expect(t.pairs.some((p) => p.dst.id.startsWith('tools/') && p.closed)).toBe(true);
    expect(out.stdout).not.toContain('KUSTOMIZE_BUILD_FAILED');
    const text = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    expect(text.stdout.split('== k8s/other ==')[1]).toContain('(k8s/alias/base/deny-all.yaml:1)');
  });

  it('in a git revision, a link out of the repository is a warning naming it, and a link cycle ends', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'reachdiff-links-'));
    git(repo, 'init', '-q', '-b', 'main');
    const write = async (files: Record<string, string>) => {
      const dir = await tempFolder(files);
      await cp(dir, repo, { recursive: true });
    };
    await write({ 'app/kustomization.yaml': 'resources:\n- namespace.yaml\n- ../vendored/base\n- ../loop/up/app\n', 'app/namespace.yaml': ns, 'loop/.keep': '' });
    await symlink('../../elsewhere', join(repo, 'vendored'));
    await symlink('..', join(repo, 'loop', 'up'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    await write({ 'app/api.yaml': api, 'app/kustomization.yaml': 'resources:\n- namespace.yaml\n- api.yaml\n- ../vendored/base\n- ../loop/up/app\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'head');
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
    const warnings = (JSON.parse(out.stdout) as { warnings: { file: string; code: string; message: string }[] }).warnings;
    // Once per side.
    expect(warnings.filter((w) => w.file === 'vendored')).toEqual([0, 1].map(() => expect.objectContaining({ code: 'UNREADABLE_FILE', message: 'cannot read: a symbolic link to ../../elsewhere, which names no file of the repository' })));
    // The cycle ends at once: `loop/up/app` is read (one pass through the link), `loop/up/loop/up/app` is not.
    const text = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    expect(text.stdout).toContain('loop/up/app/api.yaml');
    expect(text.stdout).not.toContain('loop/up/loop/up/app');
  });

  it('a link out of the folder is followed, and a link cycle ends', async () => {
    const outside = await tempFolder({ 'base/namespace.yaml': ns, 'base/api.yaml': api, 'base/kustomization.yaml': 'resources:\n- namespace.yaml\n- api.yaml\n' });
    const dir = await tempFolder({ 'loop/.keep.yaml': '' });
    await symlink(join(outside, 'base'), join(dir, 'app'));
    await symlink('..', join(dir, 'loop', 'up'));
    const out = await main(['list', dir, '--target', 'app']);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('tools/api[Deployment]');
    expect(out.stderr).toBe('');
  });
});
