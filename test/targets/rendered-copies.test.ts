/**
 * Plain files that are a copy of what another target deploys (real-eval 9, C5 and C1): a file holding the
 * build of a kustomization that is a target already is that build's rendered copy, left out with a notice
 * (src/targets/rendered-copies.ts); a plain bundle that repeats two folders together is the alternative of
 * their union, and the two folders are one deployment (src/targets/union-bundles.ts).
 */
import { diffSides } from '../helpers/folder-diff.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

/** A Deployment whose pods carry `app: NAME`; `namespace` left out when undefined (a kustomization sets it). */
const deployment = (name: string, namespace?: string, image = 'example/app:v1') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: ${image}, ports: [{containerPort: 8080}]}]}
`;
const service = (name: string, namespace?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector: {app: ${name}}
  ports: [{port: 8080}]
`;
/** Admits `api` to `web` on 8080. */
const webPolicy = (namespace?: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: 8080}]
`;
const configMap = (name: string, namespace?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}\ndata: {level: info}\n`;
const serviceEntry = (name: string) => `apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: ${name}}
spec:
  hosts: [${name}.example.com]
  ports: [{number: 443, name: https, protocol: TLS}]
  resolution: DNS
`;

/** `config/base` (api, web, web's policy, a Service) placed in `shop` by `config/overlays/prod`, which adds a ConfigMap; `other/` a plain Deployment elsewhere. */
const overlay = {
  'config/base/kustomization.yaml': 'resources: [app.yaml, policy.yaml]\n',
  'config/base/app.yaml': `${deployment('api')}---\n${deployment('web')}---\n${service('web')}`,
  'config/base/policy.yaml': webPolicy(),
  'config/overlays/prod/kustomization.yaml': 'namespace: shop\nresources: [../../base, settings.yaml]\n',
  'config/overlays/prod/settings.yaml': configMap('settings'),
  'other/tool.yaml': deployment('tool', 'ops'),
};
/** What `kubectl kustomize config/overlays/prod` prints, with another image tag: the release manifest. */
const rendered = (image = 'example/app:v2') => [configMap('settings', 'shop'), service('web', 'shop'), deployment('api', 'shop', image), deployment('web', 'shop', image), webPolicy('shop')].join('---\n');

interface Json {
  summary: { opened: number; closed: number };
  findings: unknown[];
  notices: { code: string; message: string }[];
}

describe('a rendered copy of a kustomization build', () => {
  it('adding the release manifest an overlay renders (another image tag) opens and closes nothing, and a notice names the build it copies', async () => {
    const root = diffSides({ base: overlay, head: { ...overlay, 'manifests/install.yaml': rendered() } });
    const out = await root.run('--format', 'json');
    const json = JSON.parse(out.stdout) as Json;
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.findings).toEqual([]);
    const copy = json.notices.filter((n) => n.code === 'RENDERED_COPY');
    expect(copy.map((n) => n.message)).toEqual([expect.stringMatching(/^manifests\/install\.yaml is a rendered copy of the build of config\/overlays\/prod \(the same 2 workloads and 1 policy\)/)]);
    expect(json.notices.filter((n) => n.code === 'OUTSIDE_TARGETS')).toEqual([]);
    const text = await root.run();
    expect(text.stdout.split('\n')[0]).toMatch(/no change/i);
    expect(text.stdout).toMatch(/Left out as a rendered copy of a build: manifests\/install\.yaml \(of config\/overlays\/prod\)\./);
  });

  it('the copy leaves the plain manifests; a copy split into one file per object is a copy as a folder', () => {
    const sel = discoverTargets(repo({ ...overlay, 'manifests/install.yaml': rendered() }));
    expect(sel.targets.map((t) => [t.name, t.roots])).toEqual([
      ['config/overlays/prod', ['config/overlays/prod']],
      ['plain manifests', ['other/tool.yaml']],
    ]);
    expect(sel.copies).toEqual([{ files: ['manifests/install.yaml'], of: 'config/overlays/prod' }]);
    const split = discoverTargets(repo({ ...overlay, 'release/api.yaml': deployment('api', 'shop'), 'release/web.yaml': `${deployment('web', 'shop')}---\n${service('web', 'shop')}`, 'release/policy.yaml': webPolicy('shop') }));
    expect(split.targets.find((t) => t.name === 'plain manifests')?.roots).toEqual(['other/tool.yaml']);
    expect(split.notices.find((n) => n.code === 'RENDERED_COPY')?.message).toMatch(/^release \(3 files\) is a rendered copy of the build of config\/overlays\/prod/);
  });

  it('of two builds with the same workloads and policies, the copy is of the one whose other objects it shares', () => {
    const e2e = { 'config/overlays/e2e/kustomization.yaml': 'namespace: shop\nresources: [../../base, debug.yaml]\n', 'config/overlays/e2e/debug.yaml': configMap('debug') };
    const sel = discoverTargets(repo({ ...e2e, ...overlay, 'manifests/install.yaml': rendered() }));
    expect(sel.notices.find((n) => n.code === 'RENDERED_COPY')?.message).toMatch(/ of the build of config\/overlays\/prod /);
  });

  it('a copy of one build on base and of another on head is one notice naming both (new-user trial 45, finding 7)', async () => {
    // Base: the copy shares prod's ConfigMap; head moves that ConfigMap to e2e, whose build the copy is then of.
    const e2e = (extra: string) => ({ 'config/overlays/e2e/kustomization.yaml': `namespace: shop\nresources: [../../base, ${extra}.yaml]\n`, [`config/overlays/e2e/${extra}.yaml`]: configMap(extra) });
    const base = { ...overlay, ...e2e('debug'), 'manifests/install.yaml': rendered() };
    const head = { ...overlay, ...e2e('settings'), 'config/overlays/prod/settings.yaml': configMap('tuning'), 'manifests/install.yaml': rendered() };
    const root = diffSides({ base, head });
    const json = JSON.parse((await root.run('--format', 'json')).stdout) as Json;
    expect(json.notices.filter((n) => n.code === 'RENDERED_COPY').map((n) => n.message)).toEqual([
      expect.stringMatching(/^manifests\/install\.yaml is a rendered copy of the build of config\/overlays\/e2e \(of config\/overlays\/prod on base; the same 2 workloads and 1 policy\)/),
    ]);
  });

  it('of two builds alike in names, the copy is of the one whose objects it repeats unchanged', () => {
    // overlays/experimental builds the same objects as overlays/prod (first in path order), with another label.
    const experimental = { 'config/overlays/experimental/kustomization.yaml': 'namespace: shop\ncommonLabels: {tier: experimental}\nresources: [../../base, settings.yaml]\n', 'config/overlays/experimental/settings.yaml': configMap('settings') };
    const sel = discoverTargets(repo({ ...experimental, ...overlay, 'manifests/install.yaml': rendered('example/app:v1') }));
    expect(sel.notices.find((n) => n.code === 'RENDERED_COPY')?.message).toMatch(/ of the build of config\/overlays\/prod /);
  });

  it('a copy edited while its build is not is said to be not analysed; regenerated with its build, it is not', async () => {
    const edited = rendered().replace('ports: [{port: 8080}]\n', 'ports: [{port: 8080}, {port: 9090}]\n');
    const notes = async (head: Record<string, string>) => {
      const root = diffSides({ base: { ...overlay, 'manifests/install.yaml': rendered() }, head });
      return (JSON.parse((await root.run('--format', 'json')).stdout) as Json).notices.filter((n) => n.code === 'RENDERED_COPY').map((n) => n.message);
    };
    expect(await notes({ ...overlay, 'manifests/install.yaml': edited })).toEqual([
      expect.stringMatching(/^manifests\/install\.yaml is a rendered copy/),
      expect.stringMatching(/^Not analysed: a rendered copy changed while no file of its build did: manifests\/install\.yaml \(of config\/overlays\/prod\)\./),
    ]);
    const regenerated = { ...overlay, 'config/base/policy.yaml': webPolicy().replace('ports: [{port: 8080}]\n', 'ports: [{port: 8080}, {port: 9090}]\n'), 'manifests/install.yaml': edited };
    expect(await notes(regenerated)).toEqual([expect.stringMatching(/^manifests\/install\.yaml is a rendered copy/)]);
  });

  it('a plain file with only some of the build\'s workloads is no copy: it stays in the plain manifests', () => {
    const sel = discoverTargets(repo({ ...overlay, 'examples/api.yaml': deployment('api', 'shop') }));
    expect([...(sel.targets.find((t) => t.name === 'plain manifests')?.roots ?? [])].sort()).toEqual(['examples/api.yaml', 'other/tool.yaml']);
    expect(sel.notices.filter((n) => n.code === 'RENDERED_COPY')).toEqual([]);
    expect(sel.copies).toBeUndefined();
  });
});

describe('a plain bundle that repeats two folders together', () => {
  // k8s/: api and web with web's policy; istio/: two ServiceEntries; release/ both concatenated; docs/ a policy of its own.
  const tree = {
    'k8s/api.yaml': deployment('api', 'shop'),
    'k8s/web.yaml': `${deployment('web', 'shop')}---\n${webPolicy('shop')}`,
    'istio/egress.yaml': `${serviceEntry('payments')}---\n${serviceEntry('mail')}`,
    'release/k8s.yaml': `${deployment('api', 'shop')}---\n${deployment('web', 'shop')}---\n${webPolicy('shop')}`,
    'release/istio.yaml': `${serviceEntry('payments')}---\n${serviceEntry('mail')}`,
    'docs/deny.yaml': webPolicy('other'),
  };

  it('is the alternative of their union: the two folders are one target, the bundle another, the rest the plain manifests', () => {
    const sel = discoverTargets(repo(tree));
    expect(sel.targets.map((t) => [t.name, [...t.roots].sort()])).toEqual([
      ['plain manifests', ['docs/deny.yaml']],
      ['istio + k8s', ['istio/egress.yaml', 'k8s/api.yaml', 'k8s/web.yaml']],
      ['release', ['release/istio.yaml', 'release/k8s.yaml']],
    ]);
    expect(sel.targets.find((t) => t.name === 'release')?.alternativeTo).toEqual({ bundle: 'istio + k8s', shared: 'Deployment shop/api' });
  });

  it('two folders of workloads each repeated by the bundle are one deployment: a path between them is reported', async () => {
    const web = (port: number) => `${deployment('web', 'shop')}---\n${webPolicy('shop').replace('port: 8080', `port: ${port}`)}`;
    const files = (port: number) => ({ 'a/api.yaml': deployment('api', 'shop'), 'b/web.yaml': web(port), 'all.yaml': `${deployment('api', 'shop')}---\n${web(port)}` });
    expect(discoverTargets(repo(files(8080))).targets.map((t) => t.name)).toEqual(['a + b', 'all.yaml']);
    const root = diffSides({ base: files(8080), head: files(9090) });
    const json = JSON.parse((await root.run('--format', 'json')).stdout) as { pairs: { target: string; src: { id?: string }; dst: { id?: string } }[] };
    const union = json.pairs.filter((p) => p.target === 'a + b').map((p) => `${p.src.id} -> ${p.dst.id}`);
    expect(union).toEqual(expect.arrayContaining(['shop/api[Deployment] -> shop/web[Deployment]']));
  });

  it('parts that redefine each other are alternatives, no union: each bundle stays its own target', () => {
    // install.yaml holds api and web; core.yaml api only, web.yaml api and web's own copy: core.yaml and web.yaml both define api.
    const sel = discoverTargets(repo({ 'install.yaml': `${deployment('api', 'shop')}---\n${deployment('web', 'shop')}---\n${webPolicy('shop')}`, 'core/api.yaml': deployment('api', 'shop'), 'web/web.yaml': `${deployment('api', 'shop')}---\n${deployment('web', 'shop')}` }));
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['core/api.yaml', 'install.yaml', 'web/web.yaml']);
  });
});

describe('a committed `kustomize build` of one namespace, judged on both sides of the change', () => {
  // config/tenant-a builds tenant-a's Namespace, an admin Role and a deny-all policy: one policy, no workload.
  const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-a\n';
  const role = (namespace?: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: tenant-admin\n${namespace ? `  namespace: ${namespace}\n` : ''}rules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: ['*']\n`;
  const denyAll = (namespace?: string, from = 'podSelector: {}') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ${from}\n`;
  const build = (from?: string) => ({
    'config/tenant-a/kustomization.yaml': 'namespace: tenant-a\nresources:\n- namespace.yaml\n- role.yaml\n- deny-all.yaml\n',
    'config/tenant-a/namespace.yaml': namespace,
    'config/tenant-a/role.yaml': role(),
    'config/tenant-a/deny-all.yaml': denyAll(undefined, from),
  });
  /** What `kustomize build config/tenant-a` prints: the build's whole output, in one file. */
  const manifest = (from?: string) => [namespace, role('tenant-a'), denyAll('tenant-a', from)].join('---\n');
  // The plain manifests hold a workload and declare tenant-a too (another sample's namespace list).
  const plain = { 'apps/web.yaml': deployment('web', 'shop'), 'platform/namespaces.yaml': namespace };
  const diff = async (base: Record<string, string>, head: Record<string, string>) => {
    const root = diffSides({ base, head });
    return JSON.parse((await root.run('--format', 'json')).stdout) as Json & { pairs: { target: string }[] };
  };
  const copyNotices = (json: Json) => json.notices.filter((n) => n.code === 'RENDERED_COPY').map((n) => n.message.replace(/ \(the same.*/, ''));

  it('a commit adding the build with its rendered copy is reported once, by the build: the copy (the build\'s whole output) is left out', async () => {
    const json = await diff(plain, { ...plain, ...build(), 'deploy/tenant-a/manifest.yaml': manifest() });
    // The build closes tenant-a (the plain manifests declared it before); the copy does not say it again.
    expect(json.summary.closed).toBeGreaterThan(0);
    expect([...new Set(json.pairs.map((p) => p.target))]).toEqual(['config/tenant-a']);
    expect(copyNotices(json)).toEqual(['deploy/tenant-a/manifest.yaml is a rendered copy of the build of config/tenant-a']);
  });

  it('a commit writing the copy again as one file per object (an older kustomize: the Namespace left as default) is no change: the copy is judged with base\'s', async () => {
    const perObject = {
      'configsync/tenant-a/networking.k8s.io_v1_networkpolicy_deny-all.yaml': denyAll('tenant-a'),
      'configsync/tenant-a/rbac.authorization.k8s.io_v1_role_tenant-admin.yaml': role('tenant-a'),
      'configsync/tenant-a/~g_v1_namespace_default.yaml': namespace.replace('tenant-a', 'default'),
    };
    const json = await diff({ ...plain, ...build(), 'deploy/tenant-a/manifest.yaml': manifest() }, { ...plain, ...build(), ...perObject });
    expect(json.pairs).toEqual([]);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(copyNotices(json)).toEqual(expect.arrayContaining(['configsync/tenant-a/networking.k8s.io_v1_networkpolicy_deny-all.yaml is a rendered copy of the build of config/tenant-a']));
  });

  it('a commit editing the policy in the build and in its copy is reported once, by the build', async () => {
    const narrower = 'podSelector: {matchLabels: {app: web}}';
    const json = await diff({ ...plain, ...build(), 'deploy/tenant-a/manifest.yaml': manifest() }, { ...plain, ...build(narrower), 'deploy/tenant-a/manifest.yaml': manifest(narrower) });
    expect(json.summary.closed).toBeGreaterThan(0);
    expect([...new Set(json.pairs.map((p) => p.target))]).toEqual(['config/tenant-a']);
  });

  it('one hand-written policy that a build also deploys is still no copy when neither side has a copy of it', () => {
    const sel = discoverTargets(repo({ ...plain, ...build(), 'examples/deny-all.yaml': denyAll('tenant-a') }));
    expect(sel.copies).toBeUndefined();
    expect(sel.targets.find((t) => t.name === 'plain manifests')?.roots).toContain('examples/deny-all.yaml');
  });
});
