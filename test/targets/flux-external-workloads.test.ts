/**
 * A Flux Kustomization the change adds whose source is another repository (flux2's manifests in place of the
 * committed gotk-components.yaml) deploys the very controllers the change removes from this repository: they
 * read as removed and their paths as closed, while the cluster keeps them (real repositories 37: toboshii/home-ops,
 * Diaoul/home-ops). The verdict says so under it, at the Kustomization's line (targets/flux-external-workloads.ts).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const DEPLOY = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const ks = (name: string, path: string, source: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n${extra}  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
const git = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  url: ${url}\n  ref:\n    tag: v2.4.0\n`;
const WEB_POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: flux-system}}}]\n';

const base: Files = {
  'clusters/prod/flux-system/gotk-sync.yaml': `${git('flux-system', 'https://github.com/example/home-ops')}---\n${ks('flux-system', './clusters/prod', 'flux-system')}`,
  'clusters/prod/flux-system/gotk-components.yaml': `${DEPLOY('source-controller', 'flux-system')}---\n${DEPLOY('kustomize-controller', 'flux-system')}`,
  'clusters/prod/apps.yaml': ks('apps', './apps', 'flux-system'),
  'apps/web.yaml': `${DEPLOY('web', 'shop')}---\n${WEB_POLICY}`,
};
const { 'clusters/prod/flux-system/gotk-components.yaml': _install, ...withoutInstall } = base;
const INSTALL = `${git('flux-manifests', 'https://github.com/fluxcd/flux2')}---\n${ks('flux-installation', './manifests/install', 'flux-manifests')}`;

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function diff(from: Files, to: Files): Promise<string> {
  const roots = await Promise.all([from, to].map((t) => tempFolder(t, 'reachdiff-flux-external-')));
  folders.push(...roots);
  const out = await main(['diff', ...roots, '--fail-on', 'never']);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  return out.stdout;
}

describe('workloads read as removed where an added Flux Kustomization of another repository deploys', () => {
  it('flux2 manifests in place of gotk-components.yaml: the controllers and their paths are said to be possibly deployed again', async () => {
    const out = await diff(base, { ...withoutInstall, 'clusters/prod/flux-system/flux-installation.yaml': INSTALL });
    expect(out).toContain('Note: Not analysed in full: Flux Kustomization flux-system/flux-installation, which this change adds, deploys GitRepository flux-manifests (https://github.com/fluxcd/flux2), another repository no analysis reads, into namespace flux-system, where this change removes 2 workloads: flux-system/kustomize-controller, flux-system/source-controller. If it deploys them again (a Flux install or an app moved to its upstream manifests), they are not removed, and the ');
    expect(out).toMatch(/the \d+ paths told for them may not change in the cluster/);
  });

  it('one whose namespace its kustomization sets (no metadata.namespace in its file): the Kustomization as Flux applies it', async () => {
    // The bootstrap folder's kustomization gives the namespace: the notice's Kustomization is the built object, not its document's text.
    const install = `${git('flux-manifests', 'https://github.com/fluxcd/flux2').replace('  namespace: flux-system\n', '')}---\n${ks('flux-installation', './manifests/install', 'flux-manifests').replace('  namespace: flux-system\n', '')}`;
    const out = await diff(base, {
      ...withoutInstall,
      'clusters/prod/flux-system/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources: [gotk-sync.yaml, flux-installation.yaml]\n',
      'clusters/prod/flux-system/flux-installation.yaml': install,
    });
    expect(out).toContain('Note: Not analysed in full: Flux Kustomization flux-system/flux-installation, which this change adds, deploys GitRepository flux-manifests (https://github.com/fluxcd/flux2), another repository no analysis reads, into namespace flux-system, where this change removes 2 workloads');
  });

  it('the same removal without such a Kustomization: no such note (the controllers are gone)', async () => {
    const out = await diff(base, withoutInstall);
    expect(out).toMatch(/paths? closed/);
    expect(out).not.toContain('Not analysed in full: Flux Kustomization');
  });

  it('one deploying into another namespace (its targetNamespace) says nothing of flux-system', async () => {
    const elsewhere = `${git('flux-manifests', 'https://github.com/fluxcd/flux2')}---\n${ks('podinfo', './kustomize', 'flux-manifests', '  targetNamespace: podinfo\n')}`;
    const out = await diff(base, { ...withoutInstall, 'clusters/prod/flux-system/podinfo.yaml': elsewhere });
    expect(out).not.toContain('Not analysed in full: Flux Kustomization');
  });
});
