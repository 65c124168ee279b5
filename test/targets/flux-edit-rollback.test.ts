/**
 * A Flux Kustomization's `spec.patches` (and the other fields Flux writes into the kustomization it builds), and
 * an Argo CD Application's Kustomize overrides, reach the renderer as a document no repository holds
 * (kustomize/flux-edit.ts, targets/argocd-overrides.ts). A pull request that opens a
 * path only through them got no rollback patch ("the opened paths come from rendered output … no patch is
 * offered") and its changed document was listed at a line of the path's kustomization that does not exist.
 * Now both are told at the controller object's own document (targets/flux-edit-documents.ts), and the
 * patch reverts that document where it differs in nothing but those fields. Fixtures: written here, by hand.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const shop = {
  'apps/shop/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n  - db.yaml\n  - db-policy.yaml\n',
  'apps/shop/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n',
  'apps/shop/db.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: postgres\n          ports:\n            - containerPort: 5432\n',
  'apps/shop/db-policy.yaml':
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {role: frontend}\n      ports:\n        - port: 5432\n',
};

const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/shop-ops\n  ref:\n    branch: main\n';

/** The Flux Kustomization of `apps/shop`; `patchRole` labels web's pods with that role; `extra` more spec lines. */
function sync(patchRole: string | undefined, extra = ''): string {
  const patches = patchRole
    ? `  patches:\n    - target:\n        kind: Deployment\n        name: web\n      patch: |\n        apiVersion: apps/v1\n        kind: Deployment\n        metadata:\n          name: web\n        spec:\n          template:\n            metadata:\n              labels:\n                role: ${patchRole}\n`
    : '';
  return `${source}---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: shop\n  namespace: flux-system\nspec:\n  interval: 10m${extra}\n  path: ./apps/shop\n  targetNamespace: shop\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${patches}`;
}

/** A side's folder of `files` (a fresh temporary folder; `name` for reading it in a failure). */
const tree = (name: string, files: Record<string, string>): string => tempFolderSync(files, `reachdiff-${name}-`);

interface Json {
  summary: { opened: number };
  pairs: { src: { id: string }; dst: { id: string }; opened: unknown }[];
  changedDocuments: { key: string; change: string; file: string; line: number }[];
  rollback: { documents: { key: string }[]; patch: string; hunks: { file: string; startLine: number; replacement: string }[]; notes: string[]; remainingOpened: number };
}

async function diff(base: string, head: string): Promise<Json> {
  const out = await main(['diff', base, head, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout) as Json;
}

/** `patch` applied with `git apply` to a git repository of `head`'s files; `file` after. */
function applied(head: string, patch: string, file = 'clusters/prod/sync.yaml'): string {
  execFileSync('git', ['init', '-q'], { cwd: head });
  execFileSync('git', ['apply', '--check', '-'], { cwd: head, input: patch });
  execFileSync('git', ['apply', '-'], { cwd: head, input: patch });
  return readFileSync(join(head, file), 'utf8');
}

/** An Argo CD Application of `apps/shop` whose Kustomize override labels every object `role` (selectors and pod templates too: the policy's as well). */
function application(role: string, destination = 'shop'): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.invalid/shop-ops.git\n    path: apps/shop\n    targetRevision: main\n    kustomize:\n      commonLabels:\n        role: ${role}\n  destination:\n    name: prod\n    namespace: ${destination}\n`;
}

describe('a path opened only by a Flux Kustomization spec field is rolled back in that Kustomization', () => {
  it('edited patches: the patch reverts the Kustomization document to base, and the change is listed there', async () => {
    const base = tree('base', { ...shop, 'clusters/prod/sync.yaml': sync('batch') });
    const head = tree('head', { ...shop, 'clusters/prod/sync.yaml': sync('frontend') });
    const json = await diff(base, head);
    expect(json.pairs.filter((p) => p.opened).map((p) => `${p.src.id} => ${p.dst.id}`)).toContain('shop/web[Deployment] => shop/db[Deployment]');
    expect(json.changedDocuments).toEqual([{ key: 'Kustomization/flux-system/shop', change: 'edited', file: 'clusters/prod/sync.yaml', line: 11 }]);
    expect(json.rollback.documents.map((d) => d.key)).toEqual(['Kustomization/flux-system/shop']);
    expect(json.rollback.remainingOpened).toBe(0);
    expect(json.rollback.notes.join(' ')).not.toMatch(/rendered output/);
    expect(json.rollback.hunks).toEqual([expect.objectContaining({ file: 'clusters/prod/sync.yaml', replacement: expect.stringContaining('role: batch') })]);
    expect(applied(head, json.rollback.patch)).toBe(sync('batch'));
  });

  it('patches added: the revert removes them', async () => {
    const base = tree('base', { ...shop, 'clusters/prod/sync.yaml': sync(undefined) });
    const head = tree('head', { ...shop, 'clusters/prod/sync.yaml': sync('frontend') });
    const json = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.rollback.documents.map((d) => d.key)).toEqual(['Kustomization/flux-system/shop']);
    expect(applied(head, json.rollback.patch)).toBe(sync(undefined));
  });

  it('a Kustomization that also changes another spec field is not reverted whole: the note stays, the change is still listed at it', async () => {
    const base = tree('base', { ...shop, 'clusters/prod/sync.yaml': sync('batch') });
    const head = tree('head', { ...shop, 'clusters/prod/sync.yaml': sync('frontend', '\n  timeout: 5m') });
    const json = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.rollback.patch).toBe('');
    expect(json.rollback.notes.join(' ')).toMatch(/rendered output .*changed here: clusters\/prod\/sync.yaml/);
    expect(json.changedDocuments).toEqual([{ key: 'Kustomization/flux-system/shop', change: 'edited', file: 'clusters/prod/sync.yaml', line: 11 }]);
  });
});

describe('a path opened only by an Argo CD Application Kustomize override is rolled back in that Application', () => {
  it('edited commonLabels: the patch reverts the Application document to base', async () => {
    const base = tree('base', { ...shop, 'argocd/shop.yaml': application('batch') });
    const head = tree('head', { ...shop, 'argocd/shop.yaml': application('frontend') });
    const json = await diff(base, head);
    // commonLabels reach the policy's selectors too: the new label's pods are admitted.
    expect(json.pairs.filter((p) => p.opened).map((p) => `${p.src.id} => ${p.dst.id}`)).toContain('shop/[pod with {role=frontend}] => shop/db[Deployment]');
    expect(json.changedDocuments).toEqual([{ key: 'Application/argocd/shop', change: 'edited', file: 'argocd/shop.yaml', line: 1 }]);
    expect(json.rollback.documents.map((d) => d.key)).toEqual(['Application/argocd/shop']);
    expect(json.rollback.remainingOpened).toBe(0);
    expect(applied(head, json.rollback.patch, 'argocd/shop.yaml')).toBe(application('batch'));
  });
});


describe('an app the change adds whole, built by a new Flux Kustomization that writes into its kustomization', () => {
  // Real repositories 34 (rafaribe/home-ops): a new app's Flux Kustomization sets targetNamespace, so Flux's edit reaches its
  // kustomization; the new Kustomization counted as a changed input of the new stream, and the rollback read "revert 0
  // documents", offering a patch that deleted the manifest and left the kustomization listing it.
  const tool = {
    'apps/tools/kustomization.yaml': 'resources:\n  - app.yaml\n',
    'apps/tools/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fstrim\nspec:\n  selector:\n    matchLabels: {app: fstrim}\n  template:\n    metadata:\n      labels: {app: fstrim}\n    spec:\n      containers:\n        - name: fstrim\n          image: busybox\n',
  };
  const toolSync = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: tools\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/tools\n  targetNamespace: tools\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';

  it('the rollback deletes the new kustomization and its manifest: a patch that applies and closes every path', async () => {
    const baseFiles = { ...shop, 'clusters/prod/sync.yaml': sync(undefined) };
    const head = tree('head', { ...baseFiles, ...tool, 'clusters/prod/tools.yaml': toolSync });
    const json = await diff(tree('base', baseFiles), head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.rollback.remainingOpened).toBe(0);
    expect(json.rollback.documents.length).toBe(2);
    expect(json.rollback.notes.join(' ')).not.toMatch(/rendered output/);
    expect(json.rollback.patch).toMatch(/deleted file mode [\s\S]*apps\/tools\/kustomization\.yaml/);
    expect(applied(head, json.rollback.patch)).toBe(sync(undefined));
  });
});
