/**
 * A failing Flux Kustomization holds back more than its own target (held-targets.ts):
 * - a Kustomization whose `dependsOn` names it is not reconciled either (Flux applies a dependent once its
 *   dependencies are Ready), nor are that one's dependents: the cluster keeps base's state of each;
 * - the Kustomization objects its build applies are not updated: a child whose definition head changes runs as
 *   base defines it, a child head adds is not created.
 * - the Applications an Argo CD app-of-apps' failing build holds keep base's definitions alike.
 * Each is said in a HELD_BACK notice naming the failing Kustomization (or Application) at its file:line.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
interface Json {
  summary: { opened: number; closed: number };
  notices: { code: string; message: string; file?: string; line?: number }[];
}

const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = (ns: string) => `${deny(ns)}  ingress: [{}]\n`;
const flux = (name: string, path: string, dependsOn: string[] = []) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n${dependsOn.length ? `  dependsOn:\n${dependsOn.map((d) => `    - name: ${d}\n`).join('')}` : ''}`;
const app = (name: string, policy: string): Files => ({ [`apps/${name}/deploy.yaml`]: deploy(name, name), [`apps/${name}/pol.yaml`]: policy });
const BROKEN = 'x: [\n';
/** A manifest of the parent's folder that does not parse (line 4). */
const BROKEN_VARS = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: vars, namespace: flux-system}\ndata: [\n';

async function diff(base: Files, head: Files): Promise<{ exitCode: number; json: Json }> {
  const sides = diffSides({ base, head });
  const out = await sides.run('--format', 'json');
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
}
const held = (json: Json) => json.notices.filter((n) => n.code === 'HELD_BACK');

describe('Kustomizations that depend on a failing one keep base\'s state, transitively', () => {
  const controllers = {
    'clusters/prod/db.yaml': flux('db', './apps/db'),
    'clusters/prod/web.yaml': flux('web', './apps/web', ['db']),
    'clusters/prod/edge.yaml': flux('edge', './apps/edge', ['web']),
    'clusters/prod/other.yaml': flux('other', './apps/other'),
  };
  const base = { ...controllers, ...app('db', deny('db')), ...app('web', deny('web')), ...app('edge', deny('edge')), ...app('other', deny('other')) };

  it('a dependent\'s change and its dependent\'s open nothing; a Kustomization that depends on none is analysed', async () => {
    const head = { ...controllers, ...app('db', `${deny('db')}${BROKEN}`), ...app('web', allowAll('web')), ...app('edge', allowAll('edge')), ...app('other', deny('other')) };
    const { exitCode, json } = await diff(base, head);
    expect(exitCode).toBe(1);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(held(json).map((n) => [n.file, n.line, n.message])).toEqual([
      ['clusters/prod/web.yaml', 1, "Flux Kustomization web (clusters/prod/web.yaml:1) depends on Flux Kustomization db (clusters/prod/db.yaml:1), whose build fails on head (apps/db/pol.yaml:7): Flux applies it only once that one is Ready, so the cluster keeps base's state of this target too; its changes (apps/web/pol.yaml) are not applied; analysed with base's files"],
      ['clusters/prod/edge.yaml', 1, "Flux Kustomization edge (clusters/prod/edge.yaml:1) depends on Flux Kustomization web, which waits on Flux Kustomization db (clusters/prod/db.yaml:1), whose build fails on head (apps/db/pol.yaml:7): Flux applies it only once that one is Ready, so the cluster keeps base's state of this target too; its changes (apps/edge/pol.yaml) are not applied; analysed with base's files"],
    ]);
  });

  it('control: the same change in a Kustomization that depends on nothing failing opens its paths', async () => {
    const head = { ...controllers, ...app('db', `${deny('db')}${BROKEN}`), ...app('web', deny('web')), ...app('edge', deny('edge')), ...app('other', allowAll('other')) };
    const { json } = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(held(json)).toEqual([]);
  });
});

describe('the child Kustomizations of a failing parent keep base\'s definitions', () => {
  const parent = { 'clusters/prod/flux.yaml': flux('cluster', './clusters/prod/apps') };
  const apps = { ...app('web', deny('web')), ...app('web-v2', allowAll('web')), ...app('extra', allowAll('extra')) };
  const base = { ...parent, ...apps, 'clusters/prod/apps/web.yaml': flux('web', './apps/web') };

  it('a child whose path head changes runs base\'s path; a child head adds is not created', async () => {
    const head = { ...parent, ...apps, 'clusters/prod/apps/web.yaml': flux('web', './apps/web-v2'), 'clusters/prod/apps/extra.yaml': flux('extra', './apps/extra'), 'clusters/prod/apps/vars.yaml': BROKEN_VARS };
    const { exitCode, json } = await diff(base, head);
    expect(exitCode).toBe(1);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(held(json).map((n) => n.message).sort()).toEqual([
      "Flux Kustomization extra (clusters/prod/apps/extra.yaml:1) is applied by Flux Kustomization cluster (clusters/prod/flux.yaml:1), whose build fails on head (clusters/prod/apps/vars.yaml:4): it is new on head and is not created, so nothing of it is analysed",
      "Flux Kustomization web (clusters/prod/apps/web.yaml:1) is applied by Flux Kustomization cluster (clusters/prod/flux.yaml:1), whose build fails on head (clusters/prod/apps/vars.yaml:4): the cluster keeps base's definition of it, which still reconciles this revision's files; analysed with base's definition",
    ]);
  });

  it('control: the same children with a parent that builds are analysed as head defines them', async () => {
    const head = { ...parent, ...apps, 'clusters/prod/apps/web.yaml': flux('web', './apps/web-v2') };
    const { json } = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(held(json)).toEqual([]);
  });

  // j0sh3rs/home-ops cb32de68: apps moved to another folder (and namespace) while the parent's build failed read as
  // "Removes default/atuin": base's definition of the child, still on the cluster, names a path head no longer has.
  // Flux fails that build ("kustomization path not found"), applies nothing and prunes nothing: the app keeps running.
  it('a child head no longer holds whose path head moved away keeps what base applied', async () => {
    const moved = { ...parent, 'apps/tools/deploy.yaml': deploy('tools', 'tools'), 'clusters/prod/apps/vars.yaml': BROKEN_VARS };
    const was = { ...parent, ...app('web', deny('web')), 'clusters/prod/apps/web.yaml': flux('web', './apps/web') };
    const head = { ...moved, 'apps/services/web/deploy.yaml': deploy('web', 'services'), 'apps/services/web/pol.yaml': deny('services'), 'clusters/prod/apps/web-services.yaml': flux('web-services', './apps/services/web') };
    const { json } = await diff({ ...was, 'apps/tools/deploy.yaml': deploy('tools', 'tools') }, head);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(held(json).map((n) => n.message)).toContain(
      "Flux Kustomization web (base:clusters/prod/apps/web.yaml:1) is applied by Flux Kustomization cluster (clusters/prod/flux.yaml:1), whose build fails on head (clusters/prod/apps/vars.yaml:4): the cluster keeps base's definition of it, whose path (apps/web) holds no file on head: Flux fails its build and neither applies nor prunes, so the cluster keeps what it applied; analysed with base's files",
    );
  });

  // Real repositories 43 (rafaribe/home-ops 404a5db68): the same, each child adding a Kustomize component from
  // outside its path (`spec.components`), which head keeps; the component's files made the build look alive, and
  // the moved apps read as removed (11972 paths closed).
  it('a child whose path head moved away keeps what base applied, though a component it adds stays', async () => {
    const withComponent = (name: string, path: string) => `${flux(name, path)}  components: [../../components/extra]\n`;
    const component = { 'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [cm.yaml]\n', 'components/extra/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n' };
    const was = { ...parent, ...component, ...app('web', deny('web')), 'clusters/prod/apps/web.yaml': withComponent('web', './apps/web') };
    const head = { ...parent, ...component, 'clusters/prod/apps/vars.yaml': BROKEN_VARS, 'apps/services/web/deploy.yaml': deploy('web', 'services'), 'apps/services/web/pol.yaml': deny('services'), 'clusters/prod/apps/web-services.yaml': withComponent('web-services', './apps/services/web') };
    const { json } = await diff(was, head);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(held(json).map((n) => n.message)).toContain(
      "Flux Kustomization web (base:clusters/prod/apps/web.yaml:1) is applied by Flux Kustomization cluster (clusters/prod/flux.yaml:1), whose build fails on head (clusters/prod/apps/vars.yaml:4): the cluster keeps base's definition of it, whose path (apps/web) holds no file on head: Flux fails its build and neither applies nor prunes, so the cluster keeps what it applied; analysed with base's files",
    );
  });

  it('control: the same move with a parent that builds removes the app where it was', async () => {
    const was = { ...parent, ...app('web', deny('web')), 'clusters/prod/apps/web.yaml': flux('web', './apps/web') };
    const head = { ...parent, 'apps/services/web/deploy.yaml': deploy('web', 'services'), 'apps/services/web/pol.yaml': deny('services'), 'clusters/prod/apps/web-services.yaml': flux('web-services', './apps/services/web') };
    const { json } = await diff(was, head);
    expect(json.summary.closed).toBeGreaterThan(0);
    expect(held(json)).toEqual([]);
  });
});

describe('the child Applications of a failing app-of-apps keep base\'s definitions (Argo CD does not sync it)', () => {
  // Modelled on real repositories 34: the app-of-apps kustomization listed an Application file that does not exist,
  // and every child Application left head, read as removing their workloads and policies (2079 paths opened, 418 closed).
  const argo = (name: string, path: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://git.example/acme/fleet.git, targetRevision: HEAD, path: ${path}}\n  destination: {server: https://kubernetes.default.svc, namespace: ${name}}\n  syncPolicy: {automated: {prune: true}}\n`;
  const parent = { 'argocd/bootstrap/app-of-apps.yaml': argo('app-of-apps', 'argocd/apps') };
  const apps = { ...app('web', deny('web')), ...app('web-v2', allowAll('web')), ...app('db', deny('db')) };
  const listing = (...files: string[]) => `resources:\n${files.map((f) => `  - ${f}\n`).join('')}`;
  const base = { ...parent, ...apps, 'argocd/apps/kustomization.yaml': listing('web.yaml', 'db.yaml'), 'argocd/apps/web.yaml': argo('web', 'apps/web'), 'argocd/apps/db.yaml': argo('db', 'apps/db') };

  it('a child whose path head changes runs base\'s path; the children stay, their paths unchanged', async () => {
    const head = { ...base, 'argocd/apps/kustomization.yaml': listing('web.yaml', 'db.yaml', 'registration.yaml'), 'argocd/apps/web.yaml': argo('web', 'apps/web-v2') };
    const { exitCode, json } = await diff(base, head);
    expect(exitCode).toBe(1);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(held(json).map((n) => n.message).sort()).toEqual([
      expect.stringMatching(/^Application db \(base:argocd\/apps\/db\.yaml:1\) is applied by Application app-of-apps \(argocd\/bootstrap\/app-of-apps\.yaml:1\), whose build fails on head \(argocd\/apps\/kustomization\.yaml:\d+\): .* it stays on the cluster as base defines it/),
      expect.stringMatching(/^Application web \(base:argocd\/apps\/web\.yaml:1\) is applied by .*: .* it stays on the cluster as base defines it/),
    ]);
  });

  it('control: the same change with an app-of-apps that builds is analysed as head defines it', async () => {
    const head = { ...base, 'argocd/apps/web.yaml': argo('web', 'apps/web-v2') };
    const { json } = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(held(json)).toEqual([]);
  });
});
