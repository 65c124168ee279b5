/**
 * A Flux Kustomization over a folder without a kustomization file, with fields Flux writes into the
 * kustomization it generates (patches, namePrefix, components, a targetNamespace that renames a Namespace):
 * the target builds that generated kustomization (targets/flux-edit.ts). Its listing of the folder is no file
 * of the repository. It counted as a document of the change: a file added to the folder read "Some opened
 * paths come from rendered output (apps/shop/kustomization.yaml)", and the rollback was "revert 0 documents
 * … delete 1 (tidying)", the one real step called tidying. Now the folder's files are the documents of the
 * change, the rollback deletes or restores them (the reverted folder listed again, as Flux lists it at each
 * build), and the generated file is named nowhere. Fixtures: written here, by hand.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasKubectl } from '../../src/tools/kustomize-compare.js';
import { tempFolderSync } from '../helpers/git.js';
import { diffFolders } from '../helpers/folder-diff.js';

const deployment = (name: string, labels: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      containers:\n        - name: ${name}\n          image: nginx\n`;
const dbPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {role: frontend}\n      ports:\n        - port: 5432\n';

/** apps/shop: no kustomization file. */
const shop = {
  'apps/shop/web.yaml': deployment('web', 'app: web'),
  'apps/shop/db.yaml': deployment('db', 'app: db'),
  'apps/shop/db-policy.yaml': dbPolicy,
};
/** A Kustomize component adding a policy that isolates web and a label on every object. */
const component = {
  'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - deny.yaml\nlabels:\n  - pairs: {tier: shop}\n    includeTemplates: true\n',
  'components/extra/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-web\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Ingress]\n',
};
const api = deployment('api', 'app: api, role: frontend');

/** The Flux Kustomization of apps/shop with `fields` (spec lines) besides its path and targetNamespace. */
function sync(fields: string): string {
  return `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/shop-ops\n  ref:\n    branch: main\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: shop\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/shop\n  targetNamespace: shop\n${fields}  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
}

const NAME_PREFIX = '  namePrefix: prod-\n';
const PATCHES = '  patches:\n    - target:\n        kind: Deployment\n        name: web\n      patch: |\n        - op: add\n          path: /spec/template/metadata/labels/role\n          value: frontend\n';
const COMPONENTS = '  namePrefix: prod-\n  components:\n    - ../../components/extra\n';

interface Json {
  summary: { opened: number; closed: number };
  workloads: { added: string[]; removed: string[] };
  changedDocuments: { key: string; change: string; file: string }[];
  rollback: { documents: { key: string; change: string; file: string; tidying?: boolean }[]; patch: string; notes: string[]; remainingOpened: number; minimality: string };
}

const diff = (base: Record<string, string>, head: Record<string, string>) => diffFolders<Json>(base, head);

/** `patch` applied with `git apply` in `dir`. */
function apply(dir: string, patch: string): void {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['apply', '-'], { cwd: dir, input: patch });
}

/** Nothing the report says names the generated kustomization, nor rendered output. */
function namesNoGeneratedFile(json: Json, text: string): void {
  expect(JSON.stringify(json)).not.toContain('apps/shop/kustomization.yaml');
  expect(text).not.toContain('apps/shop/kustomization.yaml');
  expect(text).not.toMatch(/rendered output|tidying/);
}

describe("a Flux Kustomization's generated kustomization is no document of the change", () => {
  it('namePrefix: a file added is the change, and its deletion the rollback (not a tidying step)', async () => {
    const { json, text, headDir } = await diff({ ...shop, 'clusters/prod/sync.yaml': sync(NAME_PREFIX) }, { ...shop, 'apps/shop/api.yaml': api, 'clusters/prod/sync.yaml': sync(NAME_PREFIX) });
    expect(json.workloads.added).toEqual(['shop/prod-api[Deployment]']);
    expect(json.changedDocuments).toEqual([expect.objectContaining({ key: 'Deployment/api in apps/shop/api.yaml', change: 'added', file: 'apps/shop/api.yaml' })]);
    expect(json.rollback.documents).toEqual([expect.objectContaining({ key: 'Deployment/api in apps/shop/api.yaml', change: 'added', file: 'apps/shop/api.yaml' })]);
    expect(json.rollback.documents[0].tidying).toBeUndefined();
    expect(json.rollback).toEqual(expect.objectContaining({ remainingOpened: 0, minimality: 'proven', notes: [] }));
    expect(text).toContain('revert 1 document to close every opened path:\n  delete Deployment/shop/prod-api, written as Deployment/api (apps/shop/api.yaml:1)\n');
    namesNoGeneratedFile(json, text);
    apply(headDir, json.rollback.patch);
    expect(existsSync(join(headDir, 'apps/shop/api.yaml'))).toBe(false);
  });

  it('patches: a policy file deleted is restored by the rollback (the reverted folder lists it again)', async () => {
    const head = { 'apps/shop/web.yaml': shop['apps/shop/web.yaml'], 'apps/shop/db.yaml': shop['apps/shop/db.yaml'], 'clusters/prod/sync.yaml': sync(PATCHES) };
    const { json, text, headDir } = await diff({ ...shop, 'clusters/prod/sync.yaml': sync(PATCHES) }, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.changedDocuments).toEqual([expect.objectContaining({ key: 'NetworkPolicy/db in apps/shop/db-policy.yaml', change: 'removed', file: 'apps/shop/db-policy.yaml' })]);
    expect(json.rollback.documents.map((d) => [d.key, d.change])).toEqual([['NetworkPolicy/db in apps/shop/db-policy.yaml', 'removed']]);
    expect(json.rollback).toEqual(expect.objectContaining({ remainingOpened: 0, notes: [] }));
    namesNoGeneratedFile(json, text);
    apply(headDir, json.rollback.patch);
    expect(readFileSync(join(headDir, 'apps/shop/db-policy.yaml'), 'utf8')).toBe(dbPolicy);
  });

  it('components: a file added in a sub-folder is named as kubectl kustomize builds the generated kustomization, and deleted by the rollback', async () => {
    const base = { ...shop, ...component, 'clusters/prod/sync.yaml': sync(COMPONENTS) };
    const head = { ...base, 'apps/shop/more/api.yaml': api };
    const { json, text, headDir } = await diff(base, head);
    // deny-web (the component's) isolates web: api reaches db on 5432 and everything but web.
    expect(json.workloads.added).toEqual(['shop/prod-api[Deployment]']);
    expect(text).toContain('Adds shop/prod-api: it may reach shop/prod-db on TCP 5432 and everything else but shop/prod-web on any port');
    expect(json.changedDocuments.map((d) => d.file)).toEqual(['apps/shop/more/api.yaml']);
    expect(json.rollback.documents.map((d) => [d.file, d.change, d.tidying])).toEqual([['apps/shop/more/api.yaml', 'added', undefined]]);
    namesNoGeneratedFile(json, text);
    if (hasKubectl()) {
      // What Flux generates for head's folder, with the spec's fields written in.
      const flux = tempFolderSync({ ...head, 'apps/shop/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nnamePrefix: prod-\nresources: [db-policy.yaml, db.yaml, more/api.yaml, web.yaml]\ncomponents: [../../components/extra]\n' });
      const out = spawnSync('kubectl', ['kustomize', join(flux, 'apps/shop')], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      expect(out.stdout.match(/^ {2}name: .*$/gm)).toEqual(['  name: prod-api', '  name: prod-db', '  name: prod-web', '  name: prod-db', '  name: prod-deny-web']);
    }
    apply(headDir, json.rollback.patch);
    expect(existsSync(join(headDir, 'apps/shop/more/api.yaml'))).toBe(false);
  });

  it('a kustomization added below with its file: the rollback deletes both, neither tidying (Flux lists the file once the kustomization is gone)', async () => {
    const base = { ...shop, ...component, 'clusters/prod/sync.yaml': sync(COMPONENTS) };
    const below = { 'apps/shop/more/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [api.yaml]\n', 'apps/shop/more/api.yaml': api };
    const { json, text, headDir } = await diff(base, { ...base, ...below });
    expect(json.workloads.added).toEqual(['shop/prod-api[Deployment]']);
    expect(json.rollback.documents.map((d) => [d.file, d.change, d.tidying]).sort()).toEqual([
      ['apps/shop/more/api.yaml', 'added', undefined],
      ['apps/shop/more/kustomization.yaml', 'added', undefined],
    ]);
    expect(json.rollback.remainingOpened).toBe(0);
    namesNoGeneratedFile(json, text);
    apply(headDir, json.rollback.patch);
    expect(existsSync(join(headDir, 'apps/shop/more'))).toBe(false);
    // That kustomization deleted alone: Flux lists its file itself, the same object, no change.
    const { json: alone } = await diff({ ...base, ...below }, { ...base, 'apps/shop/more/api.yaml': api });
    expect(alone.summary).toEqual(expect.objectContaining({ opened: 0, closed: 0 }));
  });

  it('targetNamespace renaming a Namespace object: a file added is the change and the rollback', async () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: whatever\n  labels: {team: shop}\n';
    const base = { ...shop, 'apps/shop/ns.yaml': ns, 'clusters/prod/sync.yaml': sync('') };
    const { json, text } = await diff(base, { ...base, 'apps/shop/api.yaml': api });
    expect(json.workloads.added).toEqual(['shop/api[Deployment]']);
    expect(json.changedDocuments.map((d) => [d.key, d.change])).toEqual([['Deployment/api in apps/shop/api.yaml', 'added']]);
    expect(json.rollback.documents.map((d) => [d.key, d.change, d.tidying])).toEqual([['Deployment/api in apps/shop/api.yaml', 'added', undefined]]);
    namesNoGeneratedFile(json, text);
  });

  it('a change of the Flux field itself is told at the Flux Kustomization, never at the generated file', async () => {
    const { json, text } = await diff({ ...shop, 'clusters/prod/sync.yaml': sync('') }, { ...shop, 'clusters/prod/sync.yaml': sync(PATCHES) });
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.changedDocuments.filter((d) => !/ in apps\/shop\//.test(d.key) && !/^(Deployment|NetworkPolicy)\/shop\//.test(d.key))).toEqual([expect.objectContaining({ key: 'Kustomization/flux-system/shop', change: 'edited', file: 'clusters/prod/sync.yaml' })]);
    expect(json.rollback.documents.map((d) => [d.key, d.file])).toEqual([['Kustomization/flux-system/shop', 'clusters/prod/sync.yaml']]);
    namesNoGeneratedFile(json, text);
  });
});

test("a Flux Kustomization gaining an edit field: JSON changedDocuments lists the Kustomization, not the folder's unchanged files as removed and added where they are", async () => {
  const base = { 'clusters/prod/sync.yaml': sync(''), ...shop };
  const { json } = await diff(base, { ...base, 'clusters/prod/sync.yaml': sync(NAME_PREFIX) });
  // Re-keyed in place (read file by file on base, as the build's sources on head), same text: no change of theirs.
  expect(json.changedDocuments.filter((c) => c.file.startsWith('apps/shop/'))).toEqual([]);
  expect(json.changedDocuments.map((c) => `${c.key} ${c.change}`)).toContain('Kustomization/flux-system/shop edited');
});

test("a Flux Kustomization the root Kustomization applies: its edit is one changed document, by its name (not also its file's `#line` key)", async () => {
  const root = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./clusters/prod\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
  const base = { 'clusters/prod/sync.yaml': sync(''), 'clusters/prod/flux-system.yaml': root, ...shop };
  const { json } = await diff(base, { ...base, 'clusters/prod/sync.yaml': sync(PATCHES) });
  expect(json.changedDocuments.filter((c) => c.file === 'clusters/prod/sync.yaml').map((c) => `${c.key} ${c.change}`)).toEqual(['Kustomization/flux-system/shop edited']);
});
