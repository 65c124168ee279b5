/**
 * Argo CD fails an Application's whole sync on an object whose kind and version the cluster does not serve: it finds
 * no API resource for it while planning the sync ("the server could not find the requested resource"; the sync is
 * "one or more synchronization tasks are not valid"), so nothing of that revision is applied — unless the sync
 * option SkipDryRunOnMissingResource=true is set on the Application or on the object, which leaves that object alone
 * to fail (targets/failed-targets.ts, step `sync`).
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;
/** A NetworkPolicy of a version no API server serves any more (line 1: its apiVersion). */
const unserved = (annotation = '') => `apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: legacy\n  namespace: shop\n${annotation}spec:\n  podSelector: {}\n`;
const app = (syncOptions = '') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  destination: {server: https://kubernetes.default.svc}\n  source: {repoURL: https://github.com/acme/gitops, path: apps/web}\n${syncOptions}`;
const SKIP = '  syncPolicy:\n    syncOptions: [SkipDryRunOnMissingResource=true]\n';

interface Json {
  summary: { opened: number; closed: number; notAnalysed?: number };
  notAnalysed?: { file: string; line: number; code: string; changedFiles: string[]; wholeTarget?: { controller: string; step?: string; firstApply?: boolean } }[];
}
const run = (base: Files, head: Files, ...extra: string[]) => diffSides({ base, head }).run(...extra);
const json = async (base: Files, head: Files) => JSON.parse((await run(base, head, '--format', 'json')).stdout) as Json;

const apps: Files = { 'apps/web/deploy.yaml': deploy('web', 'shop'), 'apps/web/pol.yaml': deny };

describe('an Argo CD Application whose head manifests hold an object of a kind the cluster does not serve', () => {
  it('the guard: the allow-all alone opens paths', async () => {
    const j = await json({ 'argocd/web.yaml': app(), ...apps }, { 'argocd/web.yaml': app(), ...apps, 'apps/web/open.yaml': allowAll });
    expect(j.summary.opened).toBeGreaterThan(0);
  });

  it("its whole sync fails: the allow-all beside it is not applied, nothing opens; said at the object's apiVersion", async () => {
    const base = { 'argocd/web.yaml': app(), ...apps };
    const head = { ...base, 'apps/web/open.yaml': allowAll, 'apps/web/legacy.yaml': unserved() };
    const out = await run(base, head);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(
      "Application web fails its whole sync on it (Argo CD finds no API resource for the object's kind and version while planning the sync, and applies nothing of it; SkipDryRunOnMissingResource=true would leave that object alone to fail), so the cluster keeps base's state of that whole target",
    );
    const j = await json(base, head);
    expect(j.summary).toMatchObject({ opened: 0, closed: 0, notAnalysed: 1 });
    expect(j.notAnalysed).toEqual([
      expect.objectContaining({ file: 'apps/web/legacy.yaml', line: 1, code: 'UNSUPPORTED_API_VERSION', changedFiles: ['apps/web/legacy.yaml', 'apps/web/open.yaml'], wholeTarget: { controller: 'Application web', file: 'argocd/web.yaml', line: 1, step: 'sync' } }),
    ]);
  });

  it('a new Application whose first sync fails so applies nothing', async () => {
    const base = { ...apps };
    const head = { 'argocd/web.yaml': app(), ...apps, 'apps/web/open.yaml': allowAll, 'apps/web/legacy.yaml': unserved() };
    const j = await json(base, head);
    expect(j.summary.opened).toBe(0);
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ controller: 'Application web', step: 'sync', firstApply: true });
  });

  it('SkipDryRunOnMissingResource=true on the Application: only that object fails, the allow-all opens paths', async () => {
    const base = { 'argocd/web.yaml': app(SKIP), ...apps };
    const j = await json(base, { ...base, 'apps/web/open.yaml': allowAll, 'apps/web/legacy.yaml': unserved() });
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });

  it("SkipDryRunOnMissingResource=true in the object's sync-options annotation: the same", async () => {
    const base = { 'argocd/web.yaml': app(), ...apps };
    const annotated = unserved('  annotations:\n    argocd.argoproj.io/sync-options: Prune=false, SkipDryRunOnMissingResource=true\n');
    const j = await json(base, { ...base, 'apps/web/open.yaml': allowAll, 'apps/web/legacy.yaml': annotated });
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });

  it('an object the API server rejects for a field (served kind) keeps the per-object reading (client-side dry-run)', async () => {
    const badPort = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n    - ports: [{port: 70000}]\n`;
    const base = { 'argocd/web.yaml': app(), ...apps };
    const j = await json(base, { ...base, 'apps/web/open.yaml': allowAll, 'apps/web/bad.yaml': badPort });
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed ?? []).toEqual([]);
  });
});
