/**
 * `list` when there is nothing to list, and why (items 4 and 5), and its pictures' external names (item 6),
 * through `main(argv)`. The "no manifest file" rule (exit 2) is the same for list, lint, explain and diff.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const temps: string[] = [];
async function folder(files: Record<string, string>): Promise<string> {
  const root = await tempFolder(files, 'reachdiff-nothing-');
  temps.push(root);
  return root;
}
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: web}\nspec: {podSelector: {}}\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n';
const OVERLAY = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../../base\n';

describe('list with nothing to analyse (item 4)', () => {
  it('an overlay whose base is outside the folder: listed with its base, read from the folder holding it', async () => {
    const root = await folder({ 'app/base/deploy.yaml': DEPLOYMENT, 'app/base/kustomization.yaml': 'resources: [deploy.yaml]\n', 'app/overlays/prod/kustomization.yaml': OVERLAY });
    const out = await main(['list', join(root, 'app/overlays/prod')]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('web/api[Deployment]');
    expect(out.stderr).toContain("narrowed with --path 'overlays/prod/**'");
  });

  it('an overlay whose base is nowhere: the build error, no advice, exit 2', async () => {
    const root = await folder({ 'app/overlays/prod/kustomization.yaml': OVERLAY });
    const out = await main(['list', join(root, 'app/overlays/prod')]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^kustomization\.yaml:4: error: kustomize build \. fails: .*\[KUSTOMIZE_BUILD_FAILED\]\n/);
    expect(out.stderr).toContain('nothing to list: no workload or policy could be read (errors above)');
    expect(out.stderr).not.toContain('reachdiff diff');
  });

  it('an empty YAML file, a folder of empty ones and a file that is no manifest are "no manifest file" (exit 2) for every command', async () => {
    const empty = await folder({ 'e.yaml': '', 'c.yml': '# only a comment\n---\n', 'readme.txt': 'hello\n' });
    const cases: [string[], RegExp][] = [
      [['list', join(empty, 'e.yaml')], /e\.yaml: an empty manifest file \(no YAML document in it\)\n$/],
      [['list', join(empty, 'readme.txt')], /readme\.txt: not a manifest file \(\.yaml, \.yml or \.json\)\n$/],
      [['list', empty], /: only empty manifest files \(no YAML document in them\) to read\n$/],
      [['lint', empty], /: only empty manifest files \(no YAML document in them\) to read\n$/],
      [['explain', empty, '--from', 'a/b', '--to', 'c/d'], /: only empty manifest files \(no YAML document in them\) to read\n$/],
      [['diff', empty, empty], /: only empty manifest files \(no YAML document in them\) to read \(base and head are the same\)\n$/],
    ];
    for (const [argv, message] of cases) {
      const out = await main(argv);
      expect([argv[0], out.exitCode, out.stdout]).toEqual([argv[0], 2, '']);
      expect(out.stderr).toMatch(/^reachdiff: /);
      expect(out.stderr).toMatch(message);
    }
  });

  it('objects that are neither workloads nor policies: said, without pointing to diff, exit 0', async () => {
    const out = await main(['list', await folder({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: web}\n' })]);
    expect(out).toEqual({ stdout: '', stderr: 'reachdiff: no workloads (Deployment, StatefulSet, Pod …) in the manifests nor policies: nothing to list\n', exitCode: 0 });
  });

  it('Cilium policies are counted once each, as Cilium policies (their allow and deny rules, a clusterwide one per namespace, are several in the model)', async () => {
    const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api, namespace: web}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}]}]\n  egressDeny: [{toCIDR: [10.0.0.0/8]}]\n';
    const ccnp = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: all}\nspec:\n  endpointSelector: {}\n  egress: [{toEntities: [world]}]\n';
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n';
    const out = await main(['list', await folder({ 'ns.yaml': ns, 'cnp.yaml': cnp, 'ccnp.yaml': ccnp, 'np.yaml': POLICY })]);
    expect(out.stderr).toContain('only 1 NetworkPolicy and 2 Cilium policies: list pairs workloads');
  });

  it('policies but an error elsewhere: the policies are named, the advice to use diff is not given', async () => {
    const out = await main(['list', await folder({ 'np.yaml': POLICY, 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n' })]);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain('[YAML_SYNTAX]');
    expect(out.stderr).toContain('reachdiff: no workloads (Deployment, StatefulSet, Pod …) in the manifests, only 1 NetworkPolicy: list pairs workloads\n');
    expect(out.stderr).not.toContain('reachdiff diff');
  });

  it('policies and errors only in documents that make no pods (a refused Cilium policy, a Service): the advice stays, diff and explain by labels (new-user 39 #13)', async () => {
    const refused = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: dns, namespace: web}\nspec:\n  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports:\n      - protocol: UDP\n';
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: web}\nspec:\n  ports: [{port: 99999}]\n';
    const out = await main(['list', await folder({ 'np.yaml': POLICY, 'cnp.yaml': refused, 'svc.yaml': service })]);
    expect(out.stderr).toMatch(/: error: /);
    const advice = "list pairs workloads; for what the policies allow pods the manifests do not hold, use `reachdiff diff` (its abstract peers) between two versions, or `reachdiff explain` with pods by labels (--from 'NS/[pod with {app=web}]')\n";
    expect(out.stderr).toContain(`only 1 NetworkPolicy: ${advice}`);
    // Several targets listed in turn: the same.
    const two = await main(['list', await folder({ 'a/kustomization.yaml': 'resources: [np.yaml, cnp.yaml]\n', 'a/np.yaml': POLICY, 'a/cnp.yaml': refused, 'b/kustomization.yaml': 'resources: [np.yaml]\n', 'b/np.yaml': POLICY })]);
    expect(two.stderr).toMatch(/: error: /);
    expect(two.stderr).toContain(`only 2 NetworkPolicies: ${advice}`);
  });

  it('an error in a document of a workload kind (a refused version, a syntax error above its kind line) still withholds the advice', async () => {
    // A Deployment at a version the API server refuses (an error, the object not read).
    const refused = 'apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: x, namespace: web}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c, image: i}]}\n';
    // A YAML syntax error above the document's kind line.
    for (const bad of [refused, 'apiVersion: v1\nmetadata: [unclosed\nkind: Pod\n']) {
      const out = await main(['list', await folder({ 'np.yaml': POLICY, 'bad.yaml': `# first\n${bad}` })]);
      expect(out.stderr).toMatch(/: error: /);
      expect(out.stderr).toContain('only 1 NetworkPolicy: list pairs workloads\n');
    }
  });
});

const release = (ns: string, name: string, chart: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  interval: 30m\n  chart:\n    spec:\n      chart: ${chart}\n      sourceRef: {kind: HelmRepository, name: charts, namespace: flux-system}\n`;
const RENDER_ADVICE = "render their charts: --render 'CMD' with a command that writes the manifests (such as helm template RELEASE CHART --repo URL --namespace NS), or targets[].helm in the configuration for a chart of this repository";

describe('list when every workload comes from a HelmRelease nothing renders', () => {
  it('only HelmReleases: says they install what is deployed, unrendered, and how to list it; each is noted at its line', async () => {
    const root = await folder({ 'web/release.yaml': release('web', 'web', 'podinfo'), 'db/release.yaml': release('db', 'postgres', 'postgresql') });
    const out = await main(['list', root]);
    expect([out.exitCode, out.stdout]).toEqual([0, '']);
    // Before: 'no workloads (…) nor policies: nothing to list', as for a folder of ConfigMaps.
    expect(out.stderr).toContain(`reachdiff: no workloads (Deployment, StatefulSet, Pod …) in the manifests nor policies, only 2 Flux HelmReleases (db/postgres, web/web), whose charts reachdiff does not render: nothing to list; to list what they install, ${RENDER_ADVICE}`);
    expect(out.stderr).toContain('note: Flux HelmRelease web/web (chart podinfo from HelmRepository charts) not rendered: the workloads it installs are in no analysis, and policies that select them are analysed as for pods the manifests do not hold (web/release.yaml:1)');
  });

  it('with policies: both are named, the render advice before the advice for the policies', async () => {
    const out = await main(['list', await folder({ 'np.yaml': POLICY, 'web/release.yaml': release('web', 'web', 'podinfo') })]);
    expect(out.stderr).toContain("only 1 NetworkPolicy and 1 Flux HelmRelease (web/web), whose chart reachdiff does not render: list pairs workloads; to list what it installs, render its chart: --render 'CMD'");
    expect(out.stderr).toContain('; for what the policies allow pods the manifests do not hold, use `reachdiff diff`');
  });

  it('three or more releases beside workloads: one note for them, and no "no workloads" line', async () => {
    const files = { 'app.yaml': DEPLOYMENT, ...Object.fromEntries(['a', 'b', 'c'].map((n) => [`${n}/release.yaml`, release(n, n, n)])) };
    const out = await main(['list', await folder(files)]);
    expect(out.stderr).toContain('note: 3 Flux HelmReleases not rendered (a/a, b/b, c/c; the JSON lists each with its line): the workloads they install are in no analysis');
    expect(out.stderr).not.toContain('no workloads');
  });

  it('an app-template release is read from its values: its workload is listed, and it is no unrendered release', async () => {
    const appTemplate = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: echo, namespace: web}\nspec:\n  chart:\n    spec: {chart: app-template, version: 3.5.1, sourceRef: {kind: HelmRepository, name: bjw-s}}\n  values:\n    controllers:\n      echo:\n        containers:\n          app: {image: {repository: echo, tag: "1"}}\n';
    const out = await main(['list', await folder({ 'release.yaml': appTemplate })]);
    expect(out.stdout).toContain('web/echo[Deployment]');
    expect(out.stderr).not.toContain('HelmRelease web/echo');
    expect(out.stderr).not.toContain('no workloads');
  });
});

describe('list --exposure with nothing to show (item 5)', () => {
  it('a policy-only repository says there is nothing to show and why, in text and Markdown', async () => {
    const dir = await folder({ 'np.yaml': POLICY });
    const why = "the manifests hold no workload; exposure is per workload; for what the policies allow the pods they select, use `reachdiff explain` with pods by labels (--from SRC --to 'web/[all pods]') or `reachdiff diff` between two versions";
    expect((await main(['list', dir, '--exposure'])).stdout).toBe(`\nExposure Analysis Result: nothing to show (${why})\n`);
    expect((await main(['list', dir, '--exposure', '--format', 'md'])).stdout).toContain(`**Exposure** (pods the manifests do not hold): nothing to show (${why})\n`);
  });

  it('the example names the pods of a policy that selects by labels, in the namespace asked (new-user 39 #13)', async () => {
    const api = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n';
    const dir = await folder({ 'np.yaml': POLICY, 'api.yaml': api });
    expect((await main(['list', dir, '--exposure'])).stdout).toContain("(--from SRC --to 'shop/[pod with {app=api}]')");
    expect((await main(['list', dir, '--exposure', '--namespace', 'web'])).stdout).toContain("(--from SRC --to 'web/[all pods]')");
    // Nothing at all: no advice.
    expect((await main(['list', dir, '--exposure', '--namespace', 'none'])).stdout).toContain('nothing to show (the manifests hold no workload; exposure is per workload)\n');
  });

  it('a namespace without workloads says so', async () => {
    const out = await main(['list', await folder({ 'd.yaml': DEPLOYMENT }), '--exposure', '--namespace', 'other']);
    expect(out.stdout).toContain('nothing to show (no workload in namespace other)');
  });
});

describe('list pictures with --external-names (item 6)', () => {
  it('mermaid and dot draw the configured name, as the text does', async () => {
    const egress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: web}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 203.0.113.0/24}\n';
    const dir = await folder({ 'd.yaml': DEPLOYMENT, 'np.yaml': egress });
    const names = join(dir, 'names.yml');
    await writeFile(names, '"203.0.113.0/24": partner\n');
    const text = (await main(['list', dir, '--external-names', names])).stdout;
    expect(text).toContain('partner (203.0.113.0/24)');
    for (const format of ['mermaid', 'dot']) {
      const out = await main(['list', dir, '--external-names', names, '--format', format]);
      expect([format, out.stdout.includes('partner (203.0.113.0/24)')]).toEqual([format, true]);
    }
  });
});
