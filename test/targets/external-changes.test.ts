/**
 * A changed Flux Kustomization (or Argo CD Application) that deploys another repository's files is in no
 * verdict, and is said so under it (real-eval 14, problem B; repro 02): bjw-s/home-ops 2cfd64513 added a
 * `$patch: delete` of every NetworkPolicy to the Kustomization applying Flux's OCI install manifests and
 * read "99 targets: no change", the source named only among ~40 pre-existing notes.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const OCI = 'apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata: {name: flux-manifests, namespace: flux-system}\nspec:\n  url: oci://ghcr.io/fluxcd/flux-manifests\n  ref: {tag: v2.2.0}\n';
const DELETE_POLICIES = '  patches:\n    - patch: |\n        $patch: delete\n        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        metadata: {name: not-used}\n      target: {group: networking.k8s.io, kind: NetworkPolicy}\n';
const flux = (patches: string) => `${OCI}---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: flux, namespace: flux-system}\nspec:\n  path: ./\n  sourceRef: {kind: OCIRepository, name: flux-manifests}\n${patches}`;
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const tree = (fluxYaml: string, extra: Files = {}): Files => ({ 'clusters/main/flux.yaml': fluxYaml, 'apps/web.yaml': DEPLOYMENT, ...extra });
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const notAnalysed = (r: Awaited<ReturnType<typeof analyzeTargets>>) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => [n.message, n.ref?.file, n.ref?.line]);

describe('a changed object deploying another repository is not analysed, and said so (repro 02)', () => {
  it('a Flux Kustomization of an OCIRepository whose patches changed: one note at its line; the CLI prints it under the verdict', async () => {
    const base = tree(flux(DELETE_POLICIES));
    const head = tree(flux(''));
    const r = await analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });
    expect(notAnalysed(r)).toEqual([[expect.stringContaining('Not analysed: an object deploying another repository\'s files changed in clusters/main/flux.yaml: Flux Kustomization flux-system/flux.'), 'clusters/main/flux.yaml', 8]]);
    const [b, h] = await Promise.all([tempFolder(base), tempFolder(head)]);
    const out = await main(['diff', b, h]);
    expect(out.stdout.split('\n').slice(0, 3).join('\n')).toContain('Note: Not analysed: an object deploying another repository');
  });

  it('several Kustomizations of foreign GitRepositories, told as one note at the first: a change to another of them is still said at its line', async () => {
    // Modelled on a cluster whose CRDs and Flux's own install both come from other repositories' GitRepositories.
    const foreign = (name: string, url: string, path: string, patches: string) =>
      `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  url: ${url}\n  ref: {tag: v1.0.0}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  sourceRef: {kind: GitRepository, name: ${name}}\n${patches}`;
    const crds = foreign('snapshot-crds', 'https://github.com/other/snapshotter', './crd', '');
    const side = (patches: string): Files => ({ 'apps/web.yaml': DEPLOYMENT, 'clusters/main/crds/snapshotter.yaml': crds, 'clusters/main/flux/manage-flux.yaml': foreign('flux', 'https://github.com/fluxcd/flux2', './manifests/install', patches) });
    const r = await analyzeTargets(asList(side('')), asList(side(DELETE_POLICIES)), { discover: { repoUrls: [URL] } });
    // The two are one note among the targets' notes, at the first one's line.
    expect(r.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.ref?.file)).toEqual(['clusters/main/crds/snapshotter.yaml']);
    expect(notAnalysed(r)).toEqual([[expect.stringContaining("changed in clusters/main/flux/manage-flux.yaml: Flux Kustomization flux-system/flux."), 'clusters/main/flux/manage-flux.yaml', 8]]);
  });

  it('a tree of such Kustomizations added at once: one note naming three and counting the rest, at the first one\'s line', async () => {
    // Modelled on a cluster's apps moved into a new tree whose source the repository does not define.
    const app = (name: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ./apps/${name}\n  sourceRef: {kind: GitRepository, name: elsewhere}\n`;
    const added = Object.fromEntries(['blog', 'chat', 'mail', 'news', 'wiki'].map((n) => [`tree/${n}/ks.yaml`, app(n)]));
    const r = await analyzeTargets(asList({ 'apps/web.yaml': DEPLOYMENT }), asList({ 'apps/web.yaml': DEPLOYMENT, ...added }), { discover: { repoUrls: [URL] } });
    expect(notAnalysed(r).filter(([m]) => String(m).includes('another repository'))).toEqual([
      [expect.stringMatching(/^Not analysed: 5 objects deploying another repository's files changed in 5 files: Flux Kustomization flux-system\/blog \(added\) \(tree\/blog\/ks.yaml\), .* and 2 more\. What they apply/), 'tree/blog/ks.yaml', 1],
    ]);
  });

  it('unchanged (another file changed): no note', async () => {
    const same = await analyzeTargets(asList(tree(flux(DELETE_POLICIES))), asList(tree(flux(DELETE_POLICIES), { 'apps/other.yaml': DEPLOYMENT.replace(/web/g, 'api') })), { discover: { repoUrls: [URL] } });
    expect(notAnalysed(same)).toEqual([]);
  });

  it('an Argo CD Application of another repository, added: said as added', async () => {
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: guestbook, namespace: argocd}\nspec:\n  source: {repoURL: "https://github.com/other/apps", path: guestbook}\n  destination: {server: "https://kubernetes.default.svc", namespace: guestbook}\n';
    const r = await analyzeTargets(asList({ 'apps/web.yaml': DEPLOYMENT }), asList({ 'apps/web.yaml': DEPLOYMENT, 'argocd/guestbook.yaml': app }), { discover: { repoUrls: [URL] } });
    expect(notAnalysed(r).map(([m]) => m)).toContainEqual(expect.stringContaining('argocd/guestbook.yaml: Argo CD Application argocd/guestbook (added).'));
  });

  it('moved to a file of another name: unchanged, no note; changed, one note at its new file, not one added and one removed', async () => {
    const app = (path: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: guestbook, namespace: argocd}\nspec:\n  source: {repoURL: "https://github.com/other/apps", path: ${path}}\n  destination: {server: "https://kubernetes.default.svc", namespace: guestbook}\n`;
    const run = (to: string) => analyzeTargets(asList({ 'apps/web.yaml': DEPLOYMENT, 'argocd/guestbook.yaml': app('guestbook') }), asList({ 'apps/web.yaml': DEPLOYMENT, 'argocd/guest-book.yaml': app(to) }), { discover: { repoUrls: [URL] } });
    expect(notAnalysed(await run('guestbook')).filter(([m]) => String(m).includes('another repository'))).toEqual([]);
    const changed = notAnalysed(await run('guestbook-v2')).filter(([m]) => String(m).includes('another repository'));
    expect(changed.map(([m]) => m)).toEqual([expect.stringContaining('argocd/guest-book.yaml: Argo CD Application argocd/guestbook (moved from argocd/guestbook.yaml).')]);
  });
});
