/**
 * Several targets of one cluster deploying one source folder (different namespaces, different Kustomize
 * overrides, an overlay beside its own base): every deployment is analysed, and a source document is
 * one document in changes and rollbacks, whose patch restores base exactly.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetSpec } from '../../src/targets/types.js';
import { main } from '../../src/cli/main.js';
import { git, patchedFiles, tempFolder, writeFiles } from '../helpers/git.js';

type Files = { path: string; text: string }[];

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: web}}\n    ports: [{port: 8080}]\n';
const OPEN = `${POLICY}  - ports: [{port: 9000}]\n`;
const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, managed-by: argocd}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n';
const KUSTOMIZATION = 'resources: [np.yaml]\ncommonLabels:\n  managed-by: argocd\n';

const app = (name: string, path: string, namespace: string, extra = '') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  source: {repoURL: https://example.invalid/repo.git, path: ${path}${extra}}\n  destination: {server: https://kubernetes.default.svc, namespace: ${namespace}}\n`;
const apps = (folder: string) => [
  { path: 'argocd/dev.yaml', text: `${app('np-dev', folder, 'dev')}---\n${app('web-dev', 'apps/web', 'dev')}` },
  { path: 'argocd/prod.yaml', text: `${app('np-prod', folder, 'prod')}---\n${app('web-prod', 'apps/web', 'prod')}` },
];

const sides = (common: Files, policyPath: string): [Files, Files] => [
  [...common, { path: policyPath, text: POLICY }],
  [...common, { path: policyPath, text: OPEN }],
];

/** Opened pairs as `src => dst`, workloads only. */
const opened = (r: Awaited<ReturnType<typeof analyzeTargets>>) =>
  r.combined.pairs
    .filter((p) => p.opened && p.dst.type === 'workload')
    .map((p) => `${p.src.type === 'workload' ? p.src.workload.id : p.src.type} => ${p.dst.type === 'workload' ? p.dst.workload.id : ''}`)
    .sort();

/** The rollback patch applied to head gives base's files, byte for byte. */
async function expectPatchRestoresBase(base: Files, head: Files, patch: string): Promise<void> {
  const after = await patchedFiles(head, patch);
  const byPath = new Map(after.map((f) => [f.path, f.text]));
  for (const f of base) expect(byPath.get(f.path)).toBe(f.text);
}

describe('one folder deployed by several targets of one cluster', () => {
  it.each([
    ['a kustomization folder with commonLabels', [{ path: 'apps/np/kustomization.yaml', text: KUSTOMIZATION }]],
    ['a plain folder', []],
  ])('Argo CD Applications into dev and prod, %s: both namespaces analysed, one document reverted', async (_what, extra) => {
    const common = [...apps('apps/np'), ...extra, { path: 'apps/web/web.yaml', text: WEB }];
    const [base, head] = sides(common, 'apps/np/np.yaml');
    const report = await analyzeTargets(base, head);
    const pairs = opened(report);
    for (const ns of ['dev', 'prod']) {
      expect(pairs).toContain(`external => ${ns}/web[Deployment]`);
      expect(pairs).toContain(`${ns === 'dev' ? 'prod' : 'dev'}/web[Deployment] => ${ns}/web[Deployment]`);
    }
    const rb = report.combined.rollback;
    expect(rb.documents).toHaveLength(1);
    expect(rb.documents[0].head).toMatchObject({ file: 'apps/np/np.yaml', startLine: 1 });
    expect(rb.patch).not.toContain('No newline at end of file');
    await expectPatchRestoresBase(base, head, rb.patch);
    const after = await analyzeTargets(base, await patchedFiles(head, rb.patch));
    expect(after.counts.opened).toBe(0);
  });

  it('Flux Kustomizations with paths onto one folder and different targetNamespaces', async () => {
    const ks = (name: string, ns: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ./apps/np\n  sourceRef: {kind: GitRepository, name: flux-system}\n  targetNamespace: ${ns}\n`;
    const web = (name: string, ns: string) => ks(name, ns).replace('./apps/np', './apps/web');
    const common = [
      { path: 'clusters/one/np.yaml', text: `${ks('np-dev', 'dev')}---\n${ks('np-prod', 'prod')}` },
      { path: 'clusters/one/web.yaml', text: `${web('web-dev', 'dev')}---\n${web('web-prod', 'prod')}` },
      { path: 'apps/np/kustomization.yaml', text: KUSTOMIZATION },
      { path: 'apps/web/web.yaml', text: WEB },
    ];
    const [base, head] = sides(common, 'apps/np/np.yaml');
    const report = await analyzeTargets(base, head);
    expect(report.targets).toHaveLength(1);
    expect(opened(report)).toEqual(expect.arrayContaining(['external => dev/web[Deployment]', 'external => prod/web[Deployment]']));
    expect(report.combined.rollback.documents).toHaveLength(1);
    await expectPatchRestoresBase(base, head, report.combined.rollback.patch);
  });

  it('configured targets of one cluster: the same kustomization with different name prefixes is rendered twice', async () => {
    const target = (name: string, namePrefix: string): TargetSpec => ({ name, origin: 'config', roots: ['apps'], namespace: 'shop', cluster: 'c', helm: [], kustomize: { namePrefix }, why: name });
    const common = [
      { path: 'apps/kustomization.yaml', text: 'resources: [np.yaml, web.yaml]\n' },
      { path: 'apps/web.yaml', text: WEB },
    ];
    const [base, head] = sides(common, 'apps/np.yaml');
    const report = await analyzeTargets(base, head, { discover: { configTargets: [target('a', 'a-'), target('b', 'b-')] } });
    const pairs = opened(report);
    expect(pairs).toEqual(expect.arrayContaining(['external => shop/a-web[Deployment]', 'external => shop/b-web[Deployment]']));
    expect(report.combined.rollback.documents).toHaveLength(1);
  });

  it('an overlay and its own base deployed as two targets: the base is rendered on its own too', async () => {
    const target = (name: string, root: string, namespace: string): TargetSpec => ({ name, origin: 'config', roots: [root], namespace, cluster: 'c', helm: [], why: name });
    const common = [
      { path: 'base/kustomization.yaml', text: 'resources: [np.yaml, web.yaml]\n' },
      { path: 'base/web.yaml', text: WEB },
      { path: 'overlay/kustomization.yaml', text: 'resources: [../base]\nnamePrefix: o-\n' },
    ];
    const [base, head] = sides(common, 'base/np.yaml');
    const report = await analyzeTargets(base, head, { discover: { configTargets: [target('overlay', 'overlay', 'shop'), target('base', 'base', 'shop')] } });
    expect(opened(report)).toEqual(expect.arrayContaining(['external => shop/o-web[Deployment]', 'external => shop/web[Deployment]']));
  });
});

/** A repository with a base commit and a head commit (HEAD~1, HEAD). */
async function repository(base: Files, head: Files): Promise<string> {
  const repo = await tempFolder(base);
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  await writeFiles(repo, head);
  git(repo, 'commit', '-qam', 'head');
  return repo;
}

describe('explain, diff --explain, lint and list see the targets diff sees', () => {
  const common = [...apps('apps/np'), { path: 'apps/np/kustomization.yaml', text: KUSTOMIZATION }, { path: 'apps/web/web.yaml', text: WEB }];

  it('an Application namespace is where explain, lint and list find the objects', async () => {
    const repo = await repository(...sides(common, 'apps/np/np.yaml'));
    const diff = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--explain', '0.0.0.0/0', 'prod/web', '--port', '9000']);
    // The change opens the asked traffic: exit 1, as diff's default --fail-on opened.
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout).toContain('0.0.0.0/0 => prod/web[Deployment]: the change opens TCP 9000');
    const explain = await main(['explain', 'HEAD', '--repo', repo, '--from', '0.0.0.0/0', '--to', 'dev/web', '--port', '9000']);
    expect(explain.stdout).toContain('0.0.0.0/0 => dev/web[Deployment] on TCP 9000: ALLOWED');
    expect(explain.exitCode).toBe(0);
    const lint = await main(['lint', 'HEAD', '--repo', repo]);
    expect(lint.stdout).toContain('dev/web-in ingress rule 2 has no `from`');
    // One line, two namespaces: one finding naming both (findings/same-line-copies.ts).
    expect(lint.stdout).toContain('Same for prod/web-in, made from the same line.');
    expect(lint.stdout).not.toContain('default/web-in');
    const list = await main(['list', repo]);
    expect(list.stdout).toContain('0.0.0.0/0, ::/0 => dev/web[Deployment] : TCP 9000');
    expect(list.stdout).toContain('0.0.0.0/0, ::/0 => prod/web[Deployment] : TCP 9000');
  });

  it('with several clusters, each holding the ends is explained and named; --target picks one', async () => {
    const inCluster = (text: string, name: string) => text.replaceAll('server: https://kubernetes.default.svc', `name: ${name}`);
    const twoClusters = common.map((f) => (f.path === 'argocd/dev.yaml' ? { ...f, text: inCluster(f.text, 'east') } : f.path === 'argocd/prod.yaml' ? { ...f, text: inCluster(f.text.replaceAll('prod', 'dev'), 'west') } : f));
    const repo = await repository(...sides(twoClusters, 'apps/np/np.yaml'));
    const both = await main(['explain', 'HEAD', '--repo', repo, '--from', '0.0.0.0/0', '--to', 'dev/web', '--port', '9000']);
    expect(both.stdout).toContain('Target east:');
    expect(both.stdout).toContain('Target west:');
    const json = JSON.parse((await main(['explain', 'HEAD', '--repo', repo, '--from', '0.0.0.0/0', '--to', 'dev/web', '--format', 'json'])).stdout);
    expect(json.targets.map((t: { target: string }) => t.target)).toEqual(['east', 'west']);
    const one = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--explain', '0.0.0.0/0', 'dev/web', '--port', '9000', '--target', 'np-dev#2']);
    expect(one.stdout).toMatch(/^Target west:\n0\.0\.0\.0\/0 => dev\/web\[Deployment\]: the change opens TCP 9000/);
    // list names each cluster's section (as diff does); --target picks one.
    const list = await main(['list', repo]);
    expect(list.exitCode).toBe(0);
    const section = 'dev/web[Deployment] => 0.0.0.0/0, ::/0 : All Connections\n0.0.0.0/0, ::/0 => dev/web[Deployment] : TCP 9000\n';
    expect(list.stdout).toBe(`== east ==\n${section}\n== west ==\n${section}`);
    expect((await main(['list', repo, '--target', 'west'])).stdout).toContain('0.0.0.0/0, ::/0 => dev/web[Deployment] : TCP 9000');
    const wrong = await main(['lint', 'HEAD', '--repo', repo, '--target', 'nope']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('--target nope: no such target (targets: east, np-dev, web-dev, west');
  });
});
