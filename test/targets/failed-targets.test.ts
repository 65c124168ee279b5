/**
 * A Flux Kustomization or an Argo CD Application fails its whole build on one head file that does not parse,
 * or on one nested kustomization that does not build: the cluster keeps base's state of the whole target, so
 * another file's change in that target opens nothing. The failure still fails the run at its file:line, and the
 * report says the target keeps its base state. Plain folders (`kubectl apply -f`) keep the per-file reading.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = (ns: string) => `${deny(ns)}  ingress: [{}]\n`;
const flux = (name: string, path: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const argo = (name: string, path: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  destination: {server: https://kubernetes.default.svc}\n  source: {repoURL: https://github.com/acme/gitops, path: ${path}, directory: {recurse: true}}\n`;

/** Two apps under one folder: web (its own kustomization) and db (plain files). */
const apps = (webPol: string, dbPol: string): Files => ({
  'apps/web/kustomization.yaml': 'resources:\n  - deploy.yaml\n  - pol.yaml\n',
  'apps/web/deploy.yaml': deploy('web', 'shop'),
  'apps/web/pol.yaml': webPol,
  'apps/db/deploy.yaml': deploy('db', 'data'),
  'apps/db/pol.yaml': dbPol,
});
const BROKEN = 'x: [\n';

interface Json {
  summary: { opened: number; closed: number; notAnalysed?: number };
  notAnalysed?: { file: string; line: number; code: string; changedFiles: string[]; wholeTarget?: { controller: string; file?: string; line?: number } }[];
}

async function diff(base: Files, head: Files, ...extra: string[]) {
  return diffSides({ base, head }).run(...extra);
}

describe('a failing build of a Flux Kustomization or an Argo CD Application keeps base\'s state of the whole target', () => {
  const controller = { 'clusters/prod/apps.yaml': flux('apps', './apps') };
  const base = { ...controller, ...apps(deny('shop'), deny('data')) };

  it('Flux: a file that does not parse keeps base\'s state of the target: another file\'s change opens nothing; exit 1 at the error', async () => {
    const head = { ...controller, ...apps(allowAll('shop'), `${deny('data')}${BROKEN}`) };
    const out = await diff(base, head);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/^1 changed build not analysed \(failing on head\); no change in what could be analysed\./);
    expect(out.stdout).toContain(
      "apps/db/pol.yaml:7: error: cannot parse: unexpected end of the stream within a flow collection [YAML_SYNTAX] (changed here: apps/db/pol.yaml, apps/web/pol.yaml; Flux Kustomization apps fails its whole build on it, so the cluster keeps base's state of that whole target)",
    );
    const json = JSON.parse((await diff(base, head, '--format', 'json')).stdout) as Json;
    expect(json.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(json.notAnalysed).toEqual([
      expect.objectContaining({ file: 'apps/db/pol.yaml', line: 7, code: 'YAML_SYNTAX', changedFiles: ['apps/db/pol.yaml', 'apps/web/pol.yaml'], wholeTarget: { controller: 'Flux Kustomization apps', file: 'clusters/prod/apps.yaml', line: 1 } }),
    ]);
  });

  it('Flux: a nested kustomization that does not build keeps base\'s state of the whole target, not only of that kustomization', async () => {
    const head = { ...controller, ...apps(deny('shop'), allowAll('data')), 'apps/web/kustomization.yaml': 'resources:\n  - deploy.yaml\n  - pol.yaml\n  - missing.yaml\n' };
    const json = JSON.parse((await diff(base, head, '--format', 'json')).stdout) as Json;
    expect(json.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(json.notAnalysed).toEqual([expect.objectContaining({ code: 'KUSTOMIZE_BUILD_FAILED', changedFiles: ['apps/db/pol.yaml', 'apps/web/kustomization.yaml'], wholeTarget: expect.objectContaining({ controller: 'Flux Kustomization apps' }) })]);
  });

  it('another Flux Kustomization of the cluster is analysed as head has it', async () => {
    const two = { 'clusters/prod/web.yaml': flux('web', './apps/web'), 'clusters/prod/db.yaml': flux('db', './apps/db') };
    const head = { ...two, ...apps(allowAll('shop'), `${deny('data')}${BROKEN}`) };
    const json = JSON.parse((await diff({ ...two, ...apps(deny('shop'), deny('data')) }, head, '--format', 'json')).stdout) as Json;
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.notAnalysed).toEqual([expect.objectContaining({ code: 'YAML_SYNTAX', changedFiles: ['apps/db/pol.yaml'], wholeTarget: expect.objectContaining({ controller: 'Flux Kustomization db' }) })]);
  });

  it('Flux: the Kustomization named is the one whose build fails, at any depth below the parent that applies it', async () => {
    // cluster-apps (./apps, no kustomization: Flux generates one) applies shop's Kustomization object; shop's build applies web's.
    const nested = {
      'clusters/prod/apps.yaml': flux('cluster-apps', './apps'),
      'apps/shop/kustomization.yaml': 'resources: [ks.yaml]\n',
      'apps/shop/ks.yaml': flux('shop', './apps/shop/app'),
      'apps/shop/app/kustomization.yaml': 'resources: [deploy.yaml, pol.yaml, ks.yaml]\n',
      'apps/shop/app/deploy.yaml': deploy('cart', 'shop'),
      'apps/shop/app/pol.yaml': deny('shop'),
      'apps/shop/app/ks.yaml': flux('web', './apps/shop/app/web'),
      'apps/shop/app/web/kustomization.yaml': 'resources: [deploy.yaml, pol.yaml]\n',
      'apps/shop/app/web/deploy.yaml': deploy('web', 'web'),
      'apps/shop/app/web/pol.yaml': deny('web'),
    };
    const failing = async (head: Files) => (JSON.parse((await diff(nested, head, '--format', 'json')).stdout) as Json).notAnalysed?.map((n) => n.wholeTarget);
    expect(await failing({ ...nested, 'apps/shop/app/web/kustomization.yaml': 'resources: [deploy.yaml, pol.yaml, missing.yaml]\n' })).toEqual([{ controller: 'Flux Kustomization web', file: 'apps/shop/app/ks.yaml', line: 1 }]);
    expect(await failing({ ...nested, 'apps/shop/app/pol.yaml': `${deny('shop')}${BROKEN}` })).toEqual([{ controller: 'Flux Kustomization shop', file: 'apps/shop/ks.yaml', line: 1 }]);
    const text = await diff(nested, { ...nested, 'apps/shop/app/web/pol.yaml': `${allowAll('web')}${BROKEN}` });
    expect(text.stdout).toContain('Flux Kustomization web fails its whole build on it');
    expect(text.stdout).not.toContain('cluster-apps fails');
  });

  it('Argo CD: a directory Application fails whole on a file that does not parse', async () => {
    const app = { 'argo/apps.yaml': argo('apps', 'apps') };
    const head = { ...app, ...apps(allowAll('shop'), `${deny('data')}${BROKEN}`) };
    const out = await diff({ ...app, ...apps(deny('shop'), deny('data')) }, head);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/no change in what could be analysed/);
    expect(out.stdout).toContain("Application apps fails its whole build on it, so the cluster keeps base's state of that whole target");
  });

  it('plain folders (kubectl apply -f) keep the per-file reading: the other file\'s change is analysed', async () => {
    const head = apps(allowAll('shop'), `${deny('data')}${BROKEN}`);
    const out = await diff(apps(deny('shop'), deny('data')), head);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/paths? opened/);
    expect(out.stdout).not.toContain('fails its whole build');
  });

  describe('a component the controller object adds (Flux spec.components, Argo CD kustomize.components) is read by the build it fails', () => {
    // No kustomization of the repository names the component: the controller writes it into the root's. The
    // pull request deleting a file of it, or the whole folder, breaks the build; before, that failure was read as
    // pre-existing and the target as deploying nothing (its workloads removed, its paths closed, exit 0).
    const component = {
      'components/allow/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - pol.yaml\n',
      'components/allow/pol.yaml': allowAll('shop').replace('name: deny', 'name: allow'),
    };
    const web = { 'apps/web/deploy.yaml': deploy('web', 'shop'), 'apps/web/pol.yaml': deny('shop') };
    const fluxWeb = { 'clusters/prod/web.yaml': `${flux('web', './apps/web')}  components:\n    - ../../components/allow\n` };
    const argoWeb = {
      'argo/web.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  destination: {server: https://kubernetes.default.svc}\n  source:\n    repoURL: https://github.com/acme/gitops\n    path: apps/web\n    kustomize:\n      components: [../../components/allow]\n',
    };
    const withoutPol = { 'components/allow/kustomization.yaml': component['components/allow/kustomization.yaml'] };

    it('Flux: a file deleted from the component fails the build, changed here; nothing is removed', async () => {
      const base = { ...fluxWeb, ...web, ...component };
      const out = await diff(base, { ...fluxWeb, ...web, ...withoutPol });
      expect(out.exitCode).toBe(1);
      expect(out.stdout).toMatch(/^1 changed build not analysed \(failing on head\); no change in what could be analysed\./);
      expect(out.stdout).toContain('components/allow/kustomization.yaml:4: error: kustomize build apps/web fails');
      expect(out.stdout).toContain('(changed here: components/allow/pol.yaml; Flux Kustomization web fails its whole build on it');
      const json = JSON.parse((await diff(base, { ...fluxWeb, ...web, ...withoutPol }, '--format', 'json')).stdout) as Json;
      expect(json.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    });

    it('Flux: the component folder deleted fails the build at the components entry, its files changed here', async () => {
      const json = JSON.parse((await diff({ ...fluxWeb, ...web, ...component }, { ...fluxWeb, ...web }, '--format', 'json')).stdout) as Json;
      expect(json.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
      expect(json.notAnalysed).toEqual([
        expect.objectContaining({ file: 'clusters/prod/web.yaml', line: 10, code: 'KUSTOMIZE_BUILD_FAILED', changedFiles: ['components/allow/kustomization.yaml', 'components/allow/pol.yaml'] }),
      ]);
    });

    it('Argo CD: a file deleted from a kustomize.components folder fails the Application\'s build, changed here', async () => {
      const web2 = { ...web, 'apps/web/kustomization.yaml': 'resources: [deploy.yaml, pol.yaml]\n' };
      const json = JSON.parse((await diff({ ...argoWeb, ...web2, ...component }, { ...argoWeb, ...web2, ...withoutPol }, '--format', 'json')).stdout) as Json;
      expect(json.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
      expect(json.notAnalysed).toEqual([expect.objectContaining({ code: 'KUSTOMIZE_BUILD_FAILED', changedFiles: ['components/allow/pol.yaml'] })]);
    });
  });
});
