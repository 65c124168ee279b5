/**
 * Alternative bundles are the highest folders whose contents duplicate each other (src/targets/lifted-bundles.ts):
 * a plain-manifest repository with one folder per environment, each holding `namespaces.yaml`, `apps/<app>/`
 * and `policies/`, was split into one bundle per app folder and one for `policies/`, so a policy change
 * was never analysed with the workloads it selects (new-user trial 44, F1). The environments here are
 * built from the demo's own files (examples/base, examples/head).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempFolderSync } from '../helpers/git.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
/** Targets by name, each with its files (sorted). */
const targetsOf = (files: Record<string, string>) =>
  discoverTargets(repo(files))
    .targets.map((t) => [t.name, [...t.roots].sort()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));

/** Every file under `dir`, by its path relative to `dir`. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
const demoBase = tree(join(process.cwd(), 'examples', 'base'));
const demoHead = tree(join(process.cwd(), 'examples', 'head'));
/** `demo`'s files under `envs/<env>/`. */
const environment = (env: string, demo: Record<string, string>, prefix = 'envs/') => Object.fromEntries(Object.entries(demo).map(([p, t]) => [`${prefix}${env}/${p}`, t]));

const deployment = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: example/${name}, ports: [{containerPort: 8080}]}]}\n`;
const denyAll = (namespace: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${namespace}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
/** One environment of the small layout: a Namespace, two apps, a policy. */
const small = (env: string, prefix = 'envs/') => ({
  [`${prefix}${env}/namespaces.yaml`]: namespace('shop'),
  [`${prefix}${env}/apps/web/web.yaml`]: deployment('web', 'shop'),
  [`${prefix}${env}/apps/api/api.yaml`]: deployment('api', 'shop'),
  [`${prefix}${env}/policies/deny.yaml`]: denyAll('shop'),
});
const pathsOf = (files: Record<string, string>) => Object.keys(files).sort();

describe('environments of plain manifests are alternative bundles whole', () => {
  it('the demo copied into envs/prod and envs/staging: two bundles, each every file of its environment', () => {
    const files = { ...environment('prod', demoBase), ...environment('staging', demoBase) };
    expect(targetsOf(files)).toEqual([
      ['envs/prod', pathsOf(environment('prod', demoBase))],
      ['envs/staging', pathsOf(environment('staging', demoBase))],
    ]);
    expect(discoverTargets(repo(files)).how).toBe('Targets: 2 alternative bundles of plain manifests that define the same objects (envs/prod, envs/staging) (no targets configured, no Argo CD or Flux objects, no kustomizations).');
  });

  it('diff HEAD~1 HEAD of a policy change in envs/prod gives the paths and findings of --path envs/prod/**: the outage is closed', async () => {
    const dir = tempFolderSync({ ...environment('prod', demoBase), ...environment('staging', demoBase) }, 'reachdiff-lifted-');
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    const policies = Object.entries(demoHead).filter(([p]) => p.startsWith('policies/'));
    for (const [p, text] of policies) writeFileSync(join(dir, 'envs/prod', p), text);
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'head');
    type Json = { pairs: { src: { id?: string; name?: string }; dst: { id?: string; name?: string }; opened: unknown; closed: unknown }[]; findings: { code: string; message: string }[] };
    const run = async (...extra: string[]) => {
      const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', dir, '--format', 'json', ...extra]);
      const json = JSON.parse(out.stdout) as Json;
      const pairs = json.pairs.map((p) => `${p.src.id ?? p.src.name} => ${p.dst.id ?? p.dst.name}${p.opened ? ' opened' : ''}${p.closed ? ' closed' : ''}`).sort();
      return { pairs, findings: json.findings.map((f) => `${f.code} ${f.message}`).sort(), exitCode: out.exitCode };
    };
    const whole = await run();
    const prod = await run('--path', 'envs/prod/**');
    expect(whole).toEqual(prod);
    expect(whole.pairs).toContain('shop/cart[Deployment] => data/redis[StatefulSet] closed');
    expect(whole.pairs).toContain('kube-system/kube-dns[Deployment] => shop/payments[Deployment] opened');
    expect(whole.findings.length).toBe(4);
    const text = await main(['diff', 'HEAD~1', 'HEAD', '--repo', dir]);
    expect(text.stdout.split('\n')[0]).toMatch(/^envs\/prod: 7 paths opened, 3 paths closed; 4 new findings; envs\/staging: no change\./);
  });

  it('environments at different depths: the folders just below the deepest common folder, each named by the folder holding its files', () => {
    expect(targetsOf({ ...small('prod'), ...small('staging', '') })).toEqual([
      ['envs/prod', pathsOf(small('prod'))],
      ['staging', pathsOf(small('staging', ''))],
    ]);
  });

  it('three environments, and apps only one environment has: each environment whole', () => {
    const files = { ...small('dev'), ...small('staging'), ...small('prod'), 'envs/prod/apps/billing/billing.yaml': deployment('billing', 'shop') };
    expect(targetsOf(files)).toEqual([
      ['envs/dev', pathsOf(small('dev'))],
      ['envs/prod', [...pathsOf(small('prod')), 'envs/prod/apps/billing/billing.yaml'].sort()],
      ['envs/staging', pathsOf(small('staging'))],
    ]);
  });

  it('a base/ folder beside the environments that duplicates none of them stays the plain-manifest target', () => {
    const files = { 'base/namespaces.yaml': namespace('shop'), 'base/deny.yaml': denyAll('tools'), ...small('prod'), ...small('staging') };
    expect(targetsOf(files)).toEqual([
      ['envs/prod', pathsOf(small('prod'))],
      ['envs/staging', pathsOf(small('staging'))],
      ['plain manifests', ['base/deny.yaml', 'base/namespaces.yaml']],
    ]);
  });

  it('a base/ folder that the environments repeat is a bundle of its own', () => {
    const files = { 'base/web.yaml': deployment('web', 'shop'), ...small('prod'), ...small('staging') };
    expect(targetsOf(files).map(([name]) => name)).toEqual(['base/web.yaml', 'envs/prod', 'envs/staging']);
  });

  it('a kustomization inside an environment stays a target of its own; the environment holds the plain files around it', () => {
    const kustomized = (env: string) => ({
      [`envs/${env}/gateway/kustomization.yaml`]: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [gateway.yaml]\n',
      [`envs/${env}/gateway/gateway.yaml`]: deployment('gateway', 'edge'),
    });
    const files = { ...small('prod'), ...small('staging'), ...kustomized('prod'), ...kustomized('staging') };
    expect(targetsOf(files)).toEqual([
      ['envs/prod', pathsOf(small('prod'))],
      ['envs/prod/gateway', ['envs/prod/gateway']],
      ['envs/staging', pathsOf(small('staging'))],
      ['envs/staging/gateway', ['envs/staging/gateway']],
    ]);
  });

  it('an environment holding two alternatives of its own does not grow over them; the other environment does', () => {
    const files = { ...small('prod'), ...small('staging'), 'envs/prod/apps/web/v2/web.yaml': deployment('web', 'shop') };
    const targets = targetsOf(files);
    expect(targets.map(([name]) => name)).toEqual(['envs/prod/apps/api/api.yaml', 'envs/prod/apps/web/v2/web.yaml', 'envs/prod/apps/web/web.yaml', 'envs/prod/policies/deny.yaml', 'envs/staging']);
    expect(targets.find(([name]) => name === 'envs/staging')?.[1]).toEqual(pathsOf(small('staging')));
  });
});

describe('YAML holding no Kubernetes object makes no target', () => {
  const action = 'name: reachdiff\ndescription: diff reachability\nruns:\n  using: composite\n  steps:\n  - run: npm ci\n';
  const nested = 'jobs:\n  build:\n    strategy: {kind: matrix}\n';
  const flow = '{apiVersion: v1, kind: Namespace, metadata: {name: tools}}\n';
  const noApiVersion = 'kind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}\n';

  it('action.yml, app.yml and a file with only a nested kind: are no plain manifests; the environments stay the only targets', () => {
    const files = { 'action.yml': action, 'app.yml': 'default_events: [pull_request]\n', 'ci.yml': nested, ...small('prod'), ...small('staging') };
    expect(targetsOf(files).map(([name]) => name)).toEqual(['envs/prod', 'envs/staging']);
  });

  it('a flow-style object, and an object missing its apiVersion (the loader warns about it), are plain manifests', () => {
    const files = { 'tools.yaml': flow, 'deny.yaml': noApiVersion, ...small('prod'), ...small('staging') };
    expect(targetsOf(files)).toEqual([
      ['envs/prod', pathsOf(small('prod'))],
      ['envs/staging', pathsOf(small('staging'))],
      ['plain manifests', ['deny.yaml', 'tools.yaml']],
    ]);
  });

  it('this repository read as a GitOps repository: the demo\'s two folders, no target of tool configuration', () => {
    const files = { 'action.yml': action, 'app.yml': 'default_events: [pull_request]\n', 'serverless.yml': 'service: reachdiff\nprovider: {name: aws}\n', ...environment('base', demoBase, 'examples/'), ...environment('head', demoHead, 'examples/') };
    expect(targetsOf(files).map(([name]) => name)).toEqual(['examples/base', 'examples/head']);
  });
});
