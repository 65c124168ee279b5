/**
 * A Flux Kustomization with `spec.suspend: true` is not reconciled until it is resumed: merging deploys none of a
 * change to its files, resuming deploys all of it. Its changes are analysed as deployed (a file that will deploy is
 * never "no change"), and the verdict and a note at the `suspend:` line say plainly that merging alone deploys
 * nothing there.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/homelab';
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster-apps, namespace: flux-system}\nspec:\n  path: ./apps\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const fluxApp = (name: string, suspend: boolean) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n${suspend ? '  suspend: true\n' : ''}  targetNamespace: tools\n  path: ./apps/tools/${name}/app\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const workload = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (app: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${app}}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]\n`;
const open = (app: string) => deny(app).replace('{matchLabels: {app: web}}', '{}');
const app = (name: string, suspend: boolean, policy: string): Files => ({
  [`apps/tools/${name}/ks.yaml`]: fluxApp(name, suspend),
  [`apps/tools/${name}/app/kustomization.yaml`]: 'resources: [deploy.yaml, policy.yaml]\n',
  [`apps/tools/${name}/app/deploy.yaml`]: workload(name),
  [`apps/tools/${name}/app/policy.yaml`]: policy,
});
const tree = (vault: string, db: string): Files => ({
  'clusters/prod/sync.yaml': SYNC,
  'apps/tools/kustomization.yaml': 'resources:\n  - ./vault/ks.yaml\n  - ./db/ks.yaml\n',
  ...app('vault', true, vault),
  ...app('db', false, db),
});

async function diff(base: Files, head: Files, ...extra: string[]) {
  return diffSides({ base, head }).run(...extra);
}

it("a suspended Kustomization's opened policy: the paths are reported (exit 1), and the verdict and a note say merging deploys none of it", async () => {
  const r = await diff(tree(deny('vault'), deny('db')), tree(open('vault'), deny('db')));
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toMatch(/^2 paths opened; Flux Kustomization vault is suspended: this change deploys there when it resumes, not on merge \(see the notes\)\./);
  expect(r.stdout).toContain('note: Flux Kustomization vault is suspended (spec.suspend: true): Flux applies nothing of it until it is resumed, so merging deploys none of this change to it; what the report says of it is what resuming deploys. Changed here: apps/tools/vault/app/policy.yaml (apps/tools/vault/ks.yaml:5)');
  const json = JSON.parse((await diff(tree(deny('vault'), deny('db')), tree(open('vault'), deny('db')), '--format', 'json')).stdout) as { notices: { code: string; file?: string; line?: number }[] };
  expect(json.notices.filter((n) => n.code === 'SUSPENDED')).toHaveLength(1);
});

it('a change to a Kustomization that reconciles, beside a suspended one, says nothing of suspension', async () => {
  const r = await diff(tree(deny('vault'), deny('db')), tree(deny('vault'), open('db')));
  expect(r.exitCode).toBe(1);
  expect(r.stdout).not.toContain('suspended');
});

it('a comment edited in a suspended Kustomization: nothing waits for its resume, so the verdict says nothing of it (alone or beside a change elsewhere); the note stays', async () => {
  const commented = `# to be reviewed\n${deny('vault')}`;
  const alone = await diff(tree(deny('vault'), deny('db')), tree(commented, deny('db')));
  expect(alone.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
  expect(alone.stdout).toContain('note: Flux Kustomization vault is suspended (spec.suspend: true)');
  const beside = await diff(tree(deny('vault'), deny('db')), tree(commented, open('db')));
  expect(beside.stdout.split('\n')[0]).toBe('2 paths opened.');
  expect(beside.stdout).toContain('note: Flux Kustomization vault is suspended (spec.suspend: true)');
});

it("a suspended Kustomization's spec.components folder changed: the verdict and the note say it waits for the resume", async () => {
  // No kustomization of the repository names the component (Flux writes it into the build of spec.path).
  const withComponent = (files: Files, policy: string): Files => ({
    ...files,
    'apps/tools/vault/ks.yaml': files['apps/tools/vault/ks.yaml'].replace('  path:', '  components: [../../../../components/open]\n  path:'),
    'components/open/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [policy.yaml]\n',
    'components/open/policy.yaml': policy.replace('name: vault', 'name: vault-extra'),
  });
  const r = await diff(withComponent(tree(deny('vault'), deny('db')), deny('vault')), withComponent(tree(deny('vault'), deny('db')), open('vault')));
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toMatch(/^2 paths opened; Flux Kustomization vault is suspended: this change deploys there when it resumes, not on merge \(see the notes\)\./);
  expect(r.stdout).toContain('Changed here: components/open/policy.yaml (apps/tools/vault/ks.yaml:5)');
});

describe("a suspended Kustomization's own object edited (targets/own-controller-file.ts)", () => {
  // vault's own spec.patches opens its policy to every pod: its build reads no changed file, its parent applies ks.yaml.
  const opening = '  patches:\n    - target: {kind: NetworkPolicy, name: vault}\n      patch: |-\n        - op: replace\n          path: /spec/ingress/0/from/0/podSelector\n          value: {}\n';
  const withKs = (files: Files, ks: string): Files => ({ ...files, 'apps/tools/vault/ks.yaml': ks });

  it('its spec.patches alone: the verdict and the note say it waits for the resume, naming its ks.yaml', async () => {
    const base = tree(deny('vault'), deny('db'));
    const r = await diff(base, withKs(base, `${fluxApp('vault', true)}${opening}`));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^2 paths opened; Flux Kustomization vault is suspended: this change deploys there when it resumes, not on merge \(see the notes\)\./);
    expect(r.stdout).toContain('Changed here: apps/tools/vault/ks.yaml (apps/tools/vault/ks.yaml:5)');
  });

  it('the change only suspending it (spec.suspend: true set, nothing else): nothing waits for a resume, no note', async () => {
    const running = withKs(tree(deny('vault'), deny('db')), fluxApp('vault', false));
    const r = await diff(running, tree(deny('vault'), deny('db')));
    expect(r.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(r.stdout).not.toContain('suspended');
  });
});
