/**
 * Argo CD's sync option FailOnSharedResource=true: an Application with it fails its whole sync when an object of its
 * build is already applied by another Application (Argo CD's sync options, "Fail the sync if a shared resource is
 * found"; the controller fails the operation before any task runs), so nothing of that revision is applied and the
 * cluster keeps base's state of that Application (targets/argocd-shared-resources.ts, failed-targets.ts).
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const FAIL = '  syncPolicy:\n    syncOptions: [FailOnSharedResource=true]\n';
const app = (name: string, path: string, options = '') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  destination: {server: https://kubernetes.default.svc}\n  source: {repoURL: https://github.com/acme/gitops, path: ${path}}\n${options}`;
const web = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;
const config = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\ndata: {a: b}\n`;

interface Json {
  summary: { opened: number; notAnalysed?: number };
  notAnalysed?: { file: string; line: number; code: string; message: string; changedFiles: string[]; wholeTarget?: Record<string, unknown> }[];
}
const run = (base: Files, head: Files, ...extra: string[]) => diffSides({ base, head }).run(...extra);
const json = async (base: Files, head: Files) => JSON.parse((await run(base, head, '--format', 'json')).stdout) as Json;

/** alpha (apps/a) holds the Deployment and the deny policy; beta (apps/b) a ConfigMap; `a`/`b`: their sync options. */
const cluster = (a = '', b = ''): Files => ({ 'argocd/alpha.yaml': app('alpha', 'apps/a', a), 'argocd/beta.yaml': app('beta', 'apps/b', b), 'apps/a/deploy.yaml': web, 'apps/a/deny.yaml': deny, 'apps/b/cfg.yaml': config });
/** Head: beta adds an allow-all and a copy of alpha's deny policy. */
const sharing = (files: Files): Files => ({ ...files, 'apps/b/open.yaml': allowAll, 'apps/b/deny.yaml': deny });

describe('an Argo CD Application with FailOnSharedResource=true whose head build holds an object another Application applies', () => {
  it('the guard: without the option, its allow-all opens paths', async () => {
    const j = await json(cluster(), sharing(cluster()));
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });

  it('its whole sync fails: the allow-all beside the shared copy is not applied; said at its copy, naming the other Application', async () => {
    const base = cluster('', FAIL);
    const out = await run(base, sharing(base));
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(
      "apps/b/deny.yaml:1: error: NetworkPolicy shop/deny is synced by Application beta, which sets FailOnSharedResource=true, and by alpha (apps/a/deny.yaml:1) too [DUPLICATE_OBJECT] (changed here: apps/b/deny.yaml, apps/b/open.yaml; Application beta fails its whole sync on it (it sets FailOnSharedResource=true, and Application alpha applies that object too: Argo CD finds it shared before any task runs, and applies nothing of the sync), so the cluster keeps base's state of that whole target)",
    );
    const j = await json(base, sharing(base));
    expect(j.summary).toMatchObject({ opened: 0, notAnalysed: 1 });
    expect(j.notAnalysed).toEqual([
      expect.objectContaining({ file: 'apps/b/deny.yaml', line: 1, code: 'DUPLICATE_OBJECT', changedFiles: ['apps/b/deny.yaml', 'apps/b/open.yaml'], wholeTarget: { controller: 'Application beta', file: 'argocd/beta.yaml', line: 1, step: 'sync', reason: 'sharedResource', sharedWith: ['alpha'] } }),
    ]);
  });

  it("both set the option: the one base's cluster holds the object for keeps it, the other fails", async () => {
    const base = cluster(FAIL, FAIL);
    const j = await json(base, sharing(base));
    expect(j.summary.opened).toBe(0);
    expect(j.notAnalysed?.map((n) => n.wholeTarget?.controller)).toEqual(['Application beta']);
  });

  it('the one with the option held the object alone on base; another without it takes the object over, so it fails', async () => {
    const base = { ...cluster('', FAIL), 'apps/a/deny.yaml': config.replace('cfg', 'other'), 'apps/b/deny.yaml': deny };
    const head = { ...base, 'apps/a/deny.yaml': deny, 'apps/b/open.yaml': allowAll };
    const j = await json(base, head);
    expect(j.summary.opened).toBe(0);
    expect(j.notAnalysed?.map((n) => [n.file, n.wholeTarget?.controller, n.wholeTarget?.sharedWith])).toEqual([['apps/b/deny.yaml', 'Application beta', ['alpha']]]);
  });

  it('a sharing base has as well is older than the pull request: the per-object reading stays', async () => {
    const base = { ...cluster('', FAIL), 'apps/b/deny.yaml': deny };
    const j = await json(base, { ...base, 'apps/b/open.yaml': allowAll });
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });

  it('an ApplicationSet whose template sets the option: the generated Application fails', async () => {
    const set = `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: team, namespace: argocd}\nspec:\n  generators:\n    - list:\n        elements: [{name: beta}]\n  template:\n    metadata: {name: '{{name}}'}\n    spec:\n      destination: {server: https://kubernetes.default.svc}\n      source: {repoURL: https://github.com/acme/gitops, path: apps/b}\n      syncPolicy:\n        syncOptions: [FailOnSharedResource=true]\n`;
    const { 'argocd/beta.yaml': _, ...rest } = cluster();
    const base = { ...rest, 'argocd/team.yaml': set };
    const j = await json(base, sharing(base));
    expect(j.summary.opened).toBe(0);
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ step: 'sync', reason: 'sharedResource', sharedWith: ['alpha'] });
  });
});
