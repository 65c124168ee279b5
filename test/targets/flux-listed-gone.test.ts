/**
 * A Flux Kustomization deleted while a failing build that nothing here deploys still lists its file (a cluster
 * whose root is applied from outside the repository: its apps' kustomization names `./web/ks.yaml`, now gone).
 * That apply fails, so the cluster keeps the Kustomization as base defines it and what it applied: its workloads
 * and policies stay, said in a note at the entry still listing it, not read as removed with their paths closed
 * (real repositories 38, coolguy1771 a1d6c9542; targets/path-gone.ts).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const POLICY = (from: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: ${from}}}}]\n`;
const ks = (name: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./edge/apps/${name}/app\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
const APPS = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./db/ks.yaml\n  - ./web/ks.yaml\n';
// No Flux Kustomization here has path ./edge/apps: the cluster's root is applied from elsewhere.
const base: Files = {
  'edge/apps/kustomization.yaml': APPS,
  'edge/apps/web/ks.yaml': ks('web'),
  'edge/apps/web/app/web.yaml': `${DEPLOY('web')}---\n${POLICY('db')}`,
  'edge/apps/db/ks.yaml': ks('db'),
  'edge/apps/db/app/db.yaml': DEPLOY('db'),
};

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function diff(from: Files, to: Files): Promise<string> {
  const roots = await Promise.all([from, to].map((t) => tempFolder(t, 'reachdiff-flux-listed-gone-')));
  folders.push(...roots);
  const out = await main(['diff', ...roots, '--fail-on', 'never']);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  return out.stdout;
}

describe('a Flux Kustomization deleted while a failing build nothing deploys still lists it', () => {
  it('its app folder deleted too: kept with base files, no path closed, said at the entry', async () => {
    const { 'edge/apps/web/ks.yaml': _ks, 'edge/apps/web/app/web.yaml': _app, ...head } = base;
    const out = await diff(base, head);
    expect(out).not.toMatch(/paths? closed/);
    expect(out).not.toContain('Workloads removed');
    expect(out).toContain('Flux Kustomization web (base:edge/apps/web/ks.yaml:1) is deleted by this change, but edge/apps/kustomization.yaml:5 still lists it, so the build of edge/apps fails');
    expect(out).toContain('its path (edge/apps/web/app) holds no file on head either');
  });

  it('its app folder kept and edited: base definition over head files, the edit analysed', async () => {
    const { 'edge/apps/web/ks.yaml': _ks, ...rest } = base;
    const out = await diff(base, { ...rest, 'edge/apps/web/app/web.yaml': `${DEPLOY('web')}---\n${POLICY('other')}` });
    expect(out).toContain('it keeps reconciling head\'s files with base\'s definition');
    expect(out).toContain('closes shop/[pod with {app=db}] => shop/web');
    expect(out).not.toContain('Workloads removed');
  });

  it('the entry removed with it: the Kustomization is gone, its paths closed', async () => {
    const { 'edge/apps/web/ks.yaml': _ks, 'edge/apps/web/app/web.yaml': _app, ...head } = base;
    const out = await diff(base, { ...head, 'edge/apps/kustomization.yaml': APPS.replace('  - ./web/ks.yaml\n', '') });
    expect(out).toMatch(/paths? closed/);
    expect(out).not.toContain('is deleted by this change, but');
  });
});

describe('a failing build Flux makes through the kustomization it generates for a path', () => {
  // Flux Kustomization apps builds edge/apps, which has no kustomization file: its generated one lists edge/apps/shop.
  const root = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/ops\n  ref: {branch: main}\n---\n${ks('apps').replace('./edge/apps/apps/app', './edge/apps')}`;
  const shop = (files: Files): Files => Object.fromEntries(Object.entries(files).map(([p, t]) => [p.replace('edge/apps/', 'edge/apps/shop/'), t.replace(/\.\/edge\/apps\/(web|db)\/app/g, './edge/apps/shop/$1/app')]));
  it('keeps the deleted child and its paths, its parent one cluster with it', async () => {
    const before: Files = { 'flux/apps.yaml': root, ...shop(base) };
    const { 'edge/apps/shop/web/ks.yaml': _ks, 'edge/apps/shop/web/app/web.yaml': _app, ...after } = before;
    const out = await diff(before, after);
    expect(out).toContain('Flux Kustomization web (base:edge/apps/shop/web/ks.yaml:1) is deleted by this change, but edge/apps/shop/kustomization.yaml:5 still lists it');
    expect(out).not.toMatch(/paths? closed/);
    expect(out).not.toContain('removed by this change');
  });
});
