/**
 * A changed Flux source is a changed deployment (source-changes.ts): a pull request that bumps an
 * OCIRepository's `spec.ref.tag` (Renovate's chart bumps: onedr0p/home-ops d9078e4dd5, xunholy/k8s-gitops
 * 0e0f77f81) or a GitRepository's ref changes what the HelmReleases and Flux Kustomizations using it deploy,
 * though none of their lines changed; it read "N targets: no change" with nothing else. It is now a
 * "Not analysed" note at the source's line (the check run `neutral`), and, for a GitRepository that is
 * this repository, says another revision of it is deployed.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const oci = (tag: string, interval = '1h') => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata: {name: podinfo, namespace: apps}\nspec:\n  interval: ${interval}\n  url: oci://ghcr.io/example/charts/podinfo\n  ref: {tag: ${tag}}\n`;
const RELEASE = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: podinfo, namespace: apps}\nspec:\n  interval: 1h\n  chartRef: {kind: OCIRepository, name: podinfo}\n';
const git = (ref: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  interval: 1m\n  url: ${URL}\n  ref: {${ref}}\n`;
const SYNC = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const tree = (source: string, ref = 'branch: main', release = RELEASE): Files => ({
  'clusters/prod/sync.yaml': `${git(ref)}---\n${SYNC}`,
  'apps/web.yaml': DEPLOYMENT,
  'apps/podinfo/ocirepository.yaml': source,
  'apps/podinfo/helmrelease.yaml': release,
});
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const notAnalysed = (r: Awaited<ReturnType<typeof analyzeTargets>>) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => [n.message, n.ref?.file, n.ref?.line]);
const run = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });

describe('a changed Flux source that objects of this repository use is not analysed, and said so', () => {
  it('an app-template release using it: the note says its controllers are read at each side\'s chart version', async () => {
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  interval: 1h\n  chartRef: {kind: OCIRepository, name: podinfo}\n  values:\n    controllers:\n      web:\n        containers:\n          app: {image: {repository: example/web}}\n';
    const [base, head] = [tree(oci('3.7.3'), undefined, release), tree(oci('4.4.0'), undefined, release)];
    expect(notAnalysed(await run(base, head)).map((n) => n[0])).toEqual([
      'Not analysed: Flux OCIRepository apps/podinfo changed in apps/podinfo/ocirepository.yaml (spec.ref.tag 3.7.3 → 4.4.0): what HelmRelease apps/web deploys from it changes with it, and is in no analysis, but for the controllers of the app-template release among them (1), read as the chart version each side serves',
    ]);
  });

  it("an OCIRepository's tag bump used by a HelmRelease: a note at the source's line; the CLI prints it under the verdict", async () => {
    const [base, head] = [tree(oci('6.5.0')), tree(oci('6.6.0'))];
    expect(notAnalysed(await run(base, head))).toEqual([
      ['Not analysed: Flux OCIRepository apps/podinfo changed in apps/podinfo/ocirepository.yaml (spec.ref.tag 6.5.0 → 6.6.0): what HelmRelease apps/podinfo deploys from it changes with it, and is in no analysis', 'apps/podinfo/ocirepository.yaml', 1],
    ]);
    const [b, h] = await Promise.all([tempFolder(base), tempFolder(head)]);
    const out = await main(['diff', b, h]);
    expect(out.stdout.split('\n').slice(0, 3).join('\n')).toContain('Note: Not analysed: Flux OCIRepository apps/podinfo changed');
  });

  it('a changed URL and a Kustomization using the source: both told', async () => {
    const ks = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: podinfo-extras, namespace: apps}\nspec:\n  path: ./\n  prune: true\n  sourceRef: {kind: OCIRepository, name: podinfo}\n';
    const base = tree(oci('6.5.0'), undefined, `${RELEASE}---\n${ks}`);
    const head = tree(oci('6.5.0').replace('charts/podinfo', 'charts/podinfo2'), undefined, `${RELEASE}---\n${ks}`);
    const [[message]] = notAnalysed(await run(base, head));
    expect(message).toContain('(spec.url oci://ghcr.io/example/charts/podinfo → oci://ghcr.io/example/charts/podinfo2): what Flux Kustomization apps/podinfo-extras, HelmRelease apps/podinfo deploy from it');
  });

  it('only the interval changed, or no object here uses the source: no note', async () => {
    expect(notAnalysed(await run(tree(oci('6.5.0')), tree(oci('6.5.0', '5m'))))).toEqual([]);
    const unused = RELEASE.replace('name: podinfo}', 'name: other}');
    expect(notAnalysed(await run(tree(oci('6.5.0'), undefined, unused), tree(oci('6.6.0'), undefined, unused)))).toEqual([]);
  });

  it('the GitRepository that is this repository pinned to a tag: another revision of this repository is deployed', async () => {
    const r = await run(tree(oci('6.5.0')), tree(oci('6.5.0'), 'tag: v1.2.0'));
    expect(notAnalysed(r)).toEqual([
      ['Not analysed: Flux GitRepository flux-system/flux-system, this repository, changed in clusters/prod/sync.yaml (spec.ref.branch main → (none), spec.ref.tag (none) → v1.2.0): Flux Kustomization flux-system/apps now deploys that revision of this repository, not the one analysed', 'clusters/prod/sync.yaml', 1],
    ]);
  });
});
