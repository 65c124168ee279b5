/**
 * The rollback of a side deployed by several builds (manifests/builds.ts `combineBuilds`): its reload of
 * reverted texts deploys what base's builds deploy, as the reload of one build does
 * (manifests/rendered-reload.ts): a folder that only the revert makes top-level is built by nothing.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { patchedFiles } from '../helpers/git.js';

const web = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      containers:',
  '        - name: main',
  '          image: registry.example/web:1',
  '',
].join('\n');

const ns = {
  'shop/kustomization.yaml': 'resources:\n  - ns.yaml\n  - web.yaml\n',
  'shop/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
  'shop/web.yaml': web,
};
// The app's policy isolates the namespace's pods: deleting it (and the entry that included it) opens paths to web.
const app = {
  'shop/app/kustomization.yaml': 'namespace: shop\nresources:\n  - deny.yaml\n',
  'shop/app/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n',
};
// Another target's build, deployed into the same cluster.
const other = { 'other/client.yaml': web.replace(/web/g, 'client').replace('namespace: shop', 'namespace: other') };

/** The files, each in the build its folder belongs to (two targets, two builds). */
const inBuilds = (files: Record<string, string> | readonly { path: string; text: string }[]): ManifestFile[] =>
  (Array.isArray(files) ? files : Object.entries(files).map(([path, text]) => ({ path, text }))).map((f) => ({ ...f, build: f.path.startsWith('other/') ? '2' : '1' }));

const base = inBuilds({ ...ns, ...app, ...other, 'shop/kustomization.yaml': 'resources:\n  - ns.yaml\n  - web.yaml\n  - app\n' });
const head = inBuilds({ ...ns, ...other });
const opened = (r: DiffReport) => r.pairs.filter((p) => p.opened).length;

describe('a side of two builds: an app folder deleted with the resources entry that included it', () => {
  it('the rollback restores the entry with the folder: applied to head and loaded again, it closes every opened path', async () => {
    const report = analyzeDiff(base, head);
    expect(opened(report)).toBeGreaterThan(0);
    // Restoring shop/app alone makes it a top-level kustomization that neither build deploys: not a rollback.
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`).sort()).toEqual(
      ['edited Kustomization shop/kustomization.yaml', 'removed Kustomization shop/app/kustomization.yaml', 'removed NetworkPolicy/deny in shop/app/deny.yaml'].sort(),
    );
    expect(report.rollback.remainingOpened).toBe(0);
    const after = analyzeDiff(base, inBuilds(await patchedFiles(head, report.rollback.patch)));
    expect(opened(after)).toBe(0);
  });
});

describe('a side that renders nothing after its kustomizations are deleted', () => {
  // Head deletes every kustomization of the shop build and the app folder: its files are read as they are.
  const plainHead = (build: (files: Record<string, string>) => ManifestFile[]) => build({ 'shop/ns.yaml': ns['shop/ns.yaml'], 'shop/web.yaml': web, ...other });
  const baseOf = (build: (files: Record<string, string>) => ManifestFile[]) => build({ ...ns, ...app, ...other, 'shop/kustomization.yaml': 'resources:\n  - ns.yaml\n  - web.yaml\n  - app\n', 'kustomization.yaml': 'resources:\n  - shop\n' });
  const oneBuild = (files: Record<string, string> | readonly { path: string; text: string }[]) => inBuilds(files).map(({ build: _, ...f }) => f);

  it.each([
    ['one build', oneBuild],
    ['two builds', inBuilds],
  ])('%s: a rollback that restores shop/app deploys it through the entries that included it', async (_, build) => {
    const report = analyzeDiff(baseOf(build), plainHead(build));
    expect(opened(report)).toBeGreaterThan(0);
    expect(report.rollback.remainingOpened).toBe(0);
    expect(report.rollback.documents.map((d) => d.key)).toContain('Kustomization shop/kustomization.yaml');
    const after = analyzeDiff(baseOf(build), build(await patchedFiles(plainHead(build), report.rollback.patch)));
    expect(opened(after)).toBe(0);
  });
});

describe('a Flux path whose kustomization the change adds, naming a new app folder', () => {
  // Flux builds `apps` (the load restrictor off marks a build Flux runs, targets/target-files.ts); base has no
  // apps/kustomization.yaml, so Flux generates one listing apps/shop. Head writes one naming shop and a new app.
  const flux = (files: Record<string, string>): ManifestFile[] => Object.entries(files).map(([path, text]) => ({ path, text, ...(path.endsWith('kustomization.yaml') ? { loadRestrictor: 'LoadRestrictionsNone' as const } : {}) }));
  const shop = { 'apps/shop/kustomization.yaml': 'resources:\n  - ns.yaml\n  - web.yaml\n', 'apps/shop/ns.yaml': ns['shop/ns.yaml'], 'apps/shop/web.yaml': web };
  const api = web.replace(/web/g, 'api');
  const base = flux(shop);
  const head = flux({ ...shop, 'apps/kustomization.yaml': 'resources:\n  - shop\n  - api\n', 'apps/api/kustomization.yaml': 'resources:\n  - api.yaml\n', 'apps/api/api.yaml': api });

  it('deleting that kustomization alone is no rollback: Flux then builds the path with one it generates, which lists the new folder', async () => {
    const report = analyzeDiff(base, head);
    expect(opened(report)).toBeGreaterThan(0);
    // The new app's own documents go: reverting only apps/kustomization.yaml leaves apps/api deployed.
    expect(report.rollback.documents.map((d) => d.key)).toEqual(expect.arrayContaining(['Deployment/shop/api in apps/api/api.yaml']));
    expect(report.rollback.remainingOpened).toBe(0);
  });
});
