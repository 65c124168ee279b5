/**
 * An Argo CD app-of-apps kustomization applied by a bootstrap (no Application here deploys it) whose build fails
 * on one side only (it lists a file that is gone): that side's Applications were lost with the build, so it was
 * read from the folder layout while the other side was read through Argo CD, and every app read as one model
 * removed and others added, the change's own policy compared with nothing. Both sides are read the same way:
 * the failing side's Applications as written (a cluster keeps what was last applied), with a notice naming the
 * side and the failing build at its file:line.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverSides } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex } from '../../src/targets/target-files.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/lab';
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const application = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: ${URL}, targetRevision: main, path: apps/${name}}\n  destination: {server: https://kubernetes.default.svc, namespace: ${name}}\n`;
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`;
const deny = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${name}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const open = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: ${name}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;

/** The lab: `argocd/apps` lists the Applications' files (and `listed` more); `web` and `shop` each a deny-all policy. */
const lab = (listed: string[], extra: Files = {}): Files => ({
  'argocd/apps/kustomization.yaml': `${KUSTOMIZATION}resources:\n${['web.yaml', 'shop.yaml', ...listed].map((f) => `  - ${f}\n`).join('')}`,
  'argocd/apps/web.yaml': application('web'),
  'argocd/apps/shop.yaml': application('shop'),
  ...Object.fromEntries(['web', 'shop'].flatMap((n) => [[`apps/${n}/kustomization.yaml`, `${KUSTOMIZATION}resources:\n  - deploy.yaml\n  - deny.yaml\n`], [`apps/${n}/deploy.yaml`, deploy(n)], [`apps/${n}/deny.yaml`, deny(n)]])),
  ...extra,
});
/** The change: web's policy file gains a policy admitting every source. */
const OPENED = { 'apps/web/deny.yaml': `${open('web')}---\n${deny('web')}` };
const BROKEN = ['gone.yaml'];
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const analyse = (base: Files, head: Files) => analyzeTargets(list(base), list(head), { discover: { repoUrls: [URL] } });
const sides = (base: Files, head: Files) => discoverSides(sideIndex(new RepoFiles(list(head))), sideIndex(new RepoFiles(list(base))), { repoUrls: [URL] });

describe("an app-of-apps build failing on one side: both sides are read through Argo CD", () => {
  it.each([
    ['base', lab(BROKEN), lab([], OPENED)],
    ['head', lab([]), lab(BROKEN, OPENED)],
  ])('failing on %s: the same targets on both sides, one model compared, a notice at the failing line', async (side, base, head) => {
    const [headSel, baseSel] = sides(base, head);
    expect([headSel.origin, baseSel.origin]).toEqual(['argocd', 'argocd']);
    expect([headSel.targets.map((t) => t.name), baseSel.targets.map((t) => t.name)]).toEqual([
      ['web', 'shop'],
      ['web', 'shop'],
    ]);
    const r = await analyse(base, head);
    // One model on both sides: the change's policy opens web's ingress, nothing is removed or added.
    expect(r.targets.map((t) => [t.name, t.lifecycle, t.report.counts.opened > 0, t.report.counts.closed])).toEqual([['in-cluster', undefined, true, 0]]);
    expect(r.notices.filter((n) => n.code === 'PARENT_FAILED_ON_BASE' || n.code === 'DISCOVERY_CHANGED')).toEqual([]);
    const other = side === 'base' ? 'head' : 'base';
    expect(r.notices.filter((n) => n.code === 'UNAPPLIED_BUILD')).toEqual([
      {
        code: 'UNAPPLIED_BUILD',
        message: expect.stringMatching(
          new RegExp(`^On ${side}, the build of argocd/apps fails \\(argocd/apps/kustomization\\.yaml:6: kustomize build argocd/apps fails: resource gone\\.yaml: .*\\), and no Argo CD or Flux object here deploys it; ${other} is read through its Argo CD and Flux objects, so ${side} is read the same way: the controller objects it holds are read as written, as a cluster keeps what was last applied: Application web \\(argocd/apps/web\\.yaml:1\\), Application shop \\(argocd/apps/shop\\.yaml:1\\)$`),
        ),
        ref: { file: 'argocd/apps/kustomization.yaml', line: 6 },
      },
    ]);
  });

  it('failing on both sides: both read from the layout, as before', () => {
    const [headSel, baseSel] = sides(lab(BROKEN), lab(BROKEN, OPENED));
    expect([headSel.origin, baseSel.origin]).toEqual(['kustomization', 'kustomization']);
    expect(headSel.notices.filter((n) => n.code === 'UNAPPLIED_BUILD')).toEqual([]);
  });

  it('a side with no controller object at all stays read from the layout (the first Applications added)', () => {
    const base = Object.fromEntries(Object.entries(lab([])).filter(([p]) => !p.startsWith('argocd/')));
    const [headSel, baseSel] = sides(base, lab([]));
    expect([headSel.origin, baseSel.origin]).toEqual(['argocd', 'kustomization']);
  });
});

/**
 * A pull request that breaks the app-of-apps build on head only has changed a build that fails there: what it
 * changes through that build (an Application's path, a new Application) is not analysed, counted and failed
 * as any changed build failing on head (unanalysed-builds.ts); broken on base only it is older than the pull
 * request, a notice as above.
 */
describe('an app-of-apps build no controller object deploys, failing on one side: counted as a target build is', () => {
  it('broken on head only: 1 changed build not analysed on head, exit 1', async () => {
    const r = await analyse(lab([]), lab(BROKEN, OPENED));
    expect(r.counts).toMatchObject({ notAnalysed: 1 });
    expect(r.counts.notAnalysedOnBase).toBeUndefined();
    expect(r.combined.notAnalysed).toEqual([
      expect.objectContaining({ side: 'head', changedFiles: ['argocd/apps/kustomization.yaml'], error: expect.objectContaining({ code: 'KUSTOMIZE_BUILD_FAILED', ref: { file: 'argocd/apps/kustomization.yaml', line: 6 } }) }),
    ]);
    expect(r.notices.map((n) => n.code)).toContain('UNAPPLIED_BUILD');
    const [b, h] = await Promise.all([tempFolder(lab([])), tempFolder(lab(BROKEN, OPENED))]);
    const out = await main(['diff', b, h]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/^1 changed build not analysed \(failing on head\)/);
    expect(out.stdout).toContain('argocd/apps/kustomization.yaml:6: error: kustomize build argocd/apps fails: resource gone.yaml');
    expect((await main(['diff', b, h, '--fail-on', 'never'])).exitCode).toBe(0);
  });

  it('broken on base only: a notice, nothing counted as not analysed, the run does not fail for it', async () => {
    const r = await analyse(lab(BROKEN), lab([], OPENED));
    expect(r.counts.notAnalysed).toBeUndefined();
    expect(r.combined.notAnalysed).toBeUndefined();
    expect(r.notices.map((n) => n.code)).toContain('UNAPPLIED_BUILD');
    const [b, h] = await Promise.all([tempFolder(lab(BROKEN)), tempFolder(lab([]))]);
    const out = await main(['diff', b, h]);
    expect(out.stdout).not.toContain('not analysed (failing on head');
    expect(out.exitCode).toBe(0);
  });
});
