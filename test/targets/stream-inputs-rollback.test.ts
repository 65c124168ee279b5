/**
 * A rollback's documents that come from a Flux build are patched as written unless an input of that build
 * changed (targets/stream-inputs.ts). A commit that dropped a NetworkPolicy file and its `resources:` line,
 * and in passing SOPS decryption from the Flux Kustomizations, lost the kustomization's line from its patch:
 * "revert the change in its sources (changed here: the Kustomization's file)", though `decryption` changes
 * nothing that is built. Fixtures: written here, by hand, modelled on that layout.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n';
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector: {}\n      ports:\n        - port: 8080\n';
const kustomization = (withPolicy: boolean): string => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n${withPolicy ? '  - policy.yaml\n' : ''}`;
const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/ops\n  ref:\n    branch: main\n';

/** A Flux Kustomization of `apps/NAME` into namespace NAME; `decrypt` adds SOPS decryption, `prefix` a namePrefix (which changes the build). */
function ks(name: string, decrypt: boolean, prefix = ''): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/${name}\n  targetNamespace: ${name}\n${prefix ? `  namePrefix: ${prefix}\n` : ''}  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${decrypt ? '  decryption:\n    provider: sops\n' : ''}`;
}

function side(withPolicy: boolean, decrypt: boolean, otherPrefix = ''): Record<string, string> {
  return {
    'apps/shop/kustomization.yaml': kustomization(withPolicy),
    'apps/shop/web.yaml': web,
    ...(withPolicy ? { 'apps/shop/policy.yaml': policy } : {}),
    'apps/blog/kustomization.yaml': kustomization(false),
    'apps/blog/web.yaml': web,
    'clusters/prod/sync.yaml': `${source}---\n${ks('shop', decrypt)}---\n${ks('blog', decrypt, otherPrefix)}`,
  };
}

interface Json {
  summary: { opened: number };
  rollback: { documents: { key: string }[]; patch: string; notes: string[]; remainingOpened: number };
}

async function diff(base: Record<string, string>, head: Record<string, string>): Promise<{ json: Json; headDir: string }> {
  const headDir = tempFolderSync(head, 'reachdiff-head-');
  const out = await main(['diff', tempFolderSync(base, 'reachdiff-base-'), headDir, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  return { json: JSON.parse(out.stdout) as Json, headDir };
}

/** `patch` applied with `git apply` to a git repository of `dir`'s files; `file` after. */
function applied(dir: string, patch: string, file: string): string {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['apply', '-'], { cwd: dir, input: patch });
  return readFileSync(join(dir, file), 'utf8');
}

describe('a policy dropped with its resources line while the Flux Kustomizations change in fields the build does not read', () => {
  it('decryption removed from the Kustomization that builds it: the patch restores the policy and its line', async () => {
    const { json, headDir } = await diff(side(true, true), side(false, false));
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.rollback.remainingOpened).toBe(0);
    expect(json.rollback.notes.join(' ')).not.toMatch(/rendered output|changed here/);
    expect(json.rollback.documents.map((d) => d.key).sort()).toEqual(['Kustomization apps/shop/kustomization.yaml', 'NetworkPolicy/web in apps/shop/policy.yaml']);
    expect(applied(headDir, json.rollback.patch, 'apps/shop/kustomization.yaml')).toBe(kustomization(true));
  });

  it('another Kustomization of the cluster renders differently: its file is no source of this build', async () => {
    const { json } = await diff(side(true, false), side(false, false, 'new-'));
    expect(json.rollback.remainingOpened).toBe(0);
    expect(json.rollback.notes.join(' ')).not.toMatch(/rendered output|changed here/);
    expect(json.rollback.patch).toContain('+  - policy.yaml');
  });
});

describe('a rollback holding documents of two builds, one of whose inputs changed', () => {
  // blog's policy admits ${PORT}, a value its Kustomization substitutes from a ConfigMap the change edits.
  const blogPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Ingress]\n  ingress:\n    - ports:\n        - port: ${PORT}\n';
  const values = (port: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blog-values\n  namespace: flux-system\ndata:\n  PORT: "${port}"\n`;
  const blogKs = `${ks('blog', false)}  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: blog-values\n`;
  function both(withPolicy: boolean, port: number): Record<string, string> {
    return {
      'apps/shop/kustomization.yaml': kustomization(withPolicy),
      'apps/shop/web.yaml': web,
      ...(withPolicy ? { 'apps/shop/policy.yaml': policy } : {}),
      'apps/blog/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n  - policy.yaml\n',
      'apps/blog/web.yaml': web,
      'apps/blog/policy.yaml': blogPolicy,
      'clusters/prod/values.yaml': values(port),
      'clusters/prod/sync.yaml': `${source}---\n${ks('shop', false)}---\n${blogKs}`,
    };
  }

  it('the build whose inputs did not change keeps its revert in the patch; the note names only the other build and its input', async () => {
    const { json } = await diff(both(true, 80), both(false, 8080));
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.rollback.patch).toContain('+  - policy.yaml');
    const notes = json.rollback.notes.join(' ');
    expect(notes).toContain('changed here: clusters/prod/values.yaml');
    expect(notes).not.toContain('apps/shop/kustomization.yaml');
  });
});
