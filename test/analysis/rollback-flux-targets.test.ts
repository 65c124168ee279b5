/**
 * Rollbacks and Flux Kustomization objects. A change adding an app (a Flux Kustomization, its entry in the
 * parent kustomization, and its folder) was rolled back by deleting the folder only: "delete the
 * Kustomization (apps/web/kustomization.yaml) + 2 tidying deletions", leaving the Flux Kustomization at a
 * folder gone (Flux fails it: "kustomization path not found"). And the two deletions were called tidying:
 * without its kustomization file Flux generates one over the folder and applies its files, so they are
 * needed. Now the rollback removes the object and its parent's entry with the folder (the folder's files are
 * then read by nothing: tidying), and deleting a Flux-built folder's kustomization leaves its files deployed.
 * Fixtures: written here, by hand.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diffFolders } from '../helpers/folder-diff.js';

const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
const dbPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n';
const denyWeb = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-deny, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n';
const allowWeb = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-allow, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress: [{}]\n';
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata: {a: b}\n`;
const fluxKs = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const gitRepository = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  interval: 1m\n  url: https://example.invalid/fleet\n  ref: {branch: main}\n';
const list = (...entries: string[]) => `resources:\n${entries.map((e) => `  - ${e}\n`).join('')}`;

/** A cluster whose Flux Kustomization `cluster` builds clusters/prod/apps, which lists the apps' Flux Kustomizations. */
const cluster = {
  'clusters/prod/flux.yaml': `${gitRepository}---\n${fluxKs('cluster', './clusters/prod/apps')}`,
  'clusters/prod/apps/db.yaml': fluxKs('db', './apps/db'),
  'apps/db/deploy.yaml': deployment('db'),
  'apps/db/pol.yaml': dbPolicy,
};

interface Json {
  summary: { opened: number };
  rollback: { documents: { key: string; change: string; file: string; tidying?: boolean }[]; patch: string; notes: string[]; remainingOpened: number; minimality: string };
}

const diff = (base: Record<string, string>, head: Record<string, string>) => diffFolders<Json>(base, head);

/** Every file below `dir` (git's own aside), by repository path. */
function filesOf(dir: string, under = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, under))) {
    if (name === '.git') continue;
    const path = under ? `${under}/${name}` : name;
    if (statSync(join(dir, path)).isDirectory()) Object.assign(out, filesOf(dir, path));
    else out[path] = readFileSync(join(dir, path), 'utf8');
  }
  return out;
}

/** `patch` applied with `git apply` in `dir`; the files left. */
function applied(dir: string, patch: string): Record<string, string> {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['apply', '-'], { cwd: dir, input: patch });
  return filesOf(dir);
}

const steps = (json: Json) => json.rollback.documents.map((d) => `${d.change} ${d.key}${d.tidying ? ' (tidying)' : ''}`).sort();

describe('a rollback removes a new Flux Kustomization with its folder', () => {
  it("a new app listed by its parent: the parent's entry reverted, the object and the folder deleted as tidying", async () => {
    const base = { ...cluster, 'clusters/prod/apps/kustomization.yaml': list('db.yaml') };
    const head = {
      ...cluster,
      'clusters/prod/apps/kustomization.yaml': list('web.yaml', 'db.yaml'),
      'clusters/prod/apps/web.yaml': fluxKs('web', './apps/web'),
      'apps/web/kustomization.yaml': list('deploy.yaml', 'cm.yaml'),
      'apps/web/deploy.yaml': deployment('web'),
      'apps/web/cm.yaml': configMap('web'),
    };
    const { json, text, headDir } = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(steps(json)).toEqual([
      'added ConfigMap/shop/web in apps/web/cm.yaml (tidying)',
      'added Deployment/shop/web in apps/web/deploy.yaml (tidying)',
      'added Kustomization apps/web/kustomization.yaml (tidying)',
      'added Kustomization/flux-system/web in clusters/prod/apps/web.yaml (tidying)',
      'edited Kustomization clusters/prod/apps/kustomization.yaml',
    ]);
    expect(json.rollback).toEqual(expect.objectContaining({ remainingOpened: 0, minimality: 'proven' }));
    expect(json.rollback.notes).toEqual([expect.stringContaining('removes the new Flux Kustomization web (apps/web) with its folder')]);
    expect(text).toContain('revert 1 document to close every opened path, and delete 4 documents no build reads once it is reverted');
    // The patch gives back base's files, the Flux Kustomization with them.
    expect(applied(headDir, json.rollback.patch)).toEqual(base);
  });

  it('a Kustomization whose fields Flux writes into the folder\'s kustomization (targetNamespace): the object named as itself, each file once', async () => {
    const base = { ...cluster, 'clusters/prod/apps/kustomization.yaml': list('db.yaml') };
    const withNamespace = fluxKs('web', './apps/web').replace('  prune: true\n', '  prune: true\n  targetNamespace: shop\n');
    const head = {
      ...cluster,
      'clusters/prod/apps/kustomization.yaml': list('web.yaml', 'db.yaml'),
      'clusters/prod/apps/web.yaml': withNamespace,
      'apps/web/kustomization.yaml': list('deploy.yaml', 'cm.yaml'),
      'apps/web/deploy.yaml': deployment('web').replace(', namespace: shop', ''),
      'apps/web/cm.yaml': configMap('web').replace(', namespace: shop', ''),
    };
    const { json, text, headDir } = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.rollback.documents.filter((d) => d.file === 'apps/web/kustomization.yaml')).toHaveLength(1);
    expect(json.rollback.documents.find((d) => d.file === 'clusters/prod/apps/web.yaml')).toEqual(expect.objectContaining({ change: 'added', tidying: true }));
    expect(json.rollback.documents.find((d) => d.file === 'clusters/prod/apps/web.yaml')).not.toHaveProperty('patchOf');
    expect(text).not.toContain('the patch of');
    expect(text).not.toContain('rendered output');
    expect(json.rollback.remainingOpened).toBe(0);
    expect(applied(headDir, json.rollback.patch)).toEqual(base);
  });

  it('an object in a folder Flux lists itself: deleting the object is the step, its folder tidying', async () => {
    // clusters/prod/apps has no kustomization file: Flux generates one listing its files.
    const app = { 'apps/web/kustomization.yaml': list('deploy.yaml', 'cm.yaml'), 'apps/web/deploy.yaml': deployment('web'), 'apps/web/cm.yaml': configMap('web') };
    const head = { ...cluster, 'clusters/prod/apps/web.yaml': fluxKs('web', './apps/web'), ...app };
    const { json, headDir } = await diff(cluster, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(steps(json)).toEqual([
      'added ConfigMap/shop/web in apps/web/cm.yaml (tidying)',
      'added Deployment/shop/web in apps/web/deploy.yaml (tidying)',
      'added Kustomization apps/web/kustomization.yaml (tidying)',
      // A plain file's document of a kind the model does not read is keyed by its place.
      'added clusters/prod/apps/web.yaml#1',
    ]);
    expect(json.rollback.remainingOpened).toBe(0);
    expect(json.rollback.notes).toEqual([expect.stringContaining('removes the new Flux Kustomization web (apps/web)')]);
    expect(applied(headDir, json.rollback.patch)).toEqual(cluster);
  });

  it('a rollback deleting one policy of the new app leaves the app whole', async () => {
    const head = { ...cluster, 'clusters/prod/apps/web.yaml': fluxKs('web', './apps/web'), 'apps/web/deploy.yaml': deployment('web'), 'apps/web/deny.yaml': denyWeb, 'apps/web/allow.yaml': allowWeb };
    const { json } = await diff(cluster, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(steps(json)).toEqual(['added NetworkPolicy/shop/web-allow']);
    expect(json.rollback.notes).toEqual([]);
  });

  it('a parent adding two apps in one entry edit: no partial revert of it is made, and the rollback still closes every path', async () => {
    const base = { ...cluster, 'clusters/prod/apps/kustomization.yaml': list('db.yaml') };
    const head = {
      ...cluster,
      'clusters/prod/apps/kustomization.yaml': list('web.yaml', 'cm.yaml', 'db.yaml'),
      'clusters/prod/apps/web.yaml': fluxKs('web', './apps/web'),
      'clusters/prod/apps/cm.yaml': configMap('settings'),
      'apps/web/kustomization.yaml': list('deploy.yaml'),
      'apps/web/deploy.yaml': deployment('web'),
    };
    const { json } = await diff(base, head);
    expect(json.rollback.remainingOpened).toBe(0);
    expect(json.rollback.notes.join('\n')).not.toContain('removes the new Flux Kustomization');
    // Without its kustomization, Flux would generate one over apps/web and apply deploy.yaml: deleting it is needed, not tidying.
    expect(steps(json)).toContain('added Deployment/shop/web in apps/web/deploy.yaml');
  });
});

describe('a rollback restores a removed Flux Kustomization with its folder', () => {
  it("the parent's entry, the object, and the folder's kustomization restored with the policy (a file restored alone is built by nothing)", async () => {
    // A folder of policies only, built by its own Flux Kustomization (whose targetNamespace Flux writes into the kustomization).
    const policies = fluxKs('policies', './apps/policies').replace('  prune: true\n', '  prune: true\n  targetNamespace: shop\n');
    const denyAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-deny}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n';
    const common = { ...cluster, 'apps/db/web.yaml': deployment('web') };
    const base = { ...common, 'clusters/prod/apps/kustomization.yaml': list('db.yaml', 'policies.yaml'), 'clusters/prod/apps/policies.yaml': policies, 'apps/policies/kustomization.yaml': list('deny.yaml'), 'apps/policies/deny.yaml': denyAll };
    const head = { ...common, 'clusters/prod/apps/kustomization.yaml': list('db.yaml') };
    const { json, text, headDir } = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(steps(json)).toEqual([
      'edited Kustomization clusters/prod/apps/kustomization.yaml',
      'removed Kustomization apps/policies/kustomization.yaml',
      'removed Kustomization/flux-system/policies in clusters/prod/apps/policies.yaml',
      'removed NetworkPolicy/web-deny in apps/policies/deny.yaml',
    ]);
    expect(json.rollback.remainingOpened).toBe(0);
    expect(json.rollback.notes).toEqual([expect.stringContaining('restores the Flux Kustomization policies (apps/policies) that the change removes, with its folder')]);
    expect(text).not.toContain('rendered output');
    expect(applied(headDir, json.rollback.patch)).toEqual(base);
  });
});

describe("deleting the kustomization of a folder a Flux Kustomization builds leaves the folder's files deployed", () => {
  it('a file only the deleted kustomization names is deleted as a needed step, not as tidying', async () => {
    // Base: Flux builds apps/web by a generated kustomization (no file). Head: a kustomization listing a new policy too.
    const app = { 'clusters/prod/apps/web.yaml': fluxKs('web', './apps/web'), 'apps/web/deploy.yaml': deployment('web'), 'apps/web/deny.yaml': denyWeb };
    const base = { ...cluster, ...app };
    const head = { ...base, 'apps/web/kustomization.yaml': list('deploy.yaml', 'deny.yaml', 'allow.yaml'), 'apps/web/allow.yaml': allowWeb };
    const { json, text, headDir } = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(steps(json)).toEqual(['added Kustomization apps/web/kustomization.yaml', 'added NetworkPolicy/shop/web-allow in apps/web/allow.yaml']);
    expect(text).not.toContain('tidying');
    expect(json.rollback.notes).toEqual([]);
    expect(applied(headDir, json.rollback.patch)).toEqual(base);
  });
});
