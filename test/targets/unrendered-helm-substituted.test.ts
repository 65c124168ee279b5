/**
 * The note of a changed HelmRelease reachdiff does not render names the release as Flux applies it: its post-build
 * variables expanded with the values of the Flux Kustomization that builds its file (real repositories 42: a shared
 * `${MY_APP}` release read "Flux HelmRelease ${MY_APP}"). A variable without a known value, or two Kustomizations
 * giving it different values, leave the name as written.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

const SYNC = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "ssh://git@github.com/acme/gitops"}\n';
const ks = (name: string, path: string, substitute: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  sourceRef: {kind: GitRepository, name: flux-system}\n  postBuild:\n    substitute: ${substitute}\n`;
const release = (replicas: number) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: \${RELEASE}\n  namespace: media\nspec:\n  chart: {spec: {chart: tunnel, sourceRef: {kind: HelmRepository, name: charts}}}\n  values: {replicas: ${replicas}}\n`;
const list = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
const notes = async (files: Record<string, string>) => {
  const report = await analyzeTargets(list({ ...files, 'apps/tunnel/release.yaml': release(1) }), list({ ...files, 'apps/tunnel/release.yaml': release(2) }));
  return report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message.replace(/\. What it installs.*$/, ''));
};

describe('an unrendered HelmRelease named by a Flux post-build variable', () => {
  it('named as substituted with the value of the Kustomization building its file', async () => {
    expect(await notes({ 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/tunnel.yaml': ks('tunnel', './apps/tunnel', '{RELEASE: vpn-gateway}') })).toEqual([
      'Not analysed: a Helm release that reachdiff does not render changed in apps/tunnel/release.yaml: Flux HelmRelease media/vpn-gateway',
    ]);
  });

  it('no value known, or two Kustomizations with different values: as written', async () => {
    expect(await notes({ 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/tunnel.yaml': ks('tunnel', './apps/tunnel', '{OTHER: x}') })).toEqual([
      'Not analysed: a Helm release that reachdiff does not render changed in apps/tunnel/release.yaml: Flux HelmRelease media/${RELEASE}',
    ]);
    const two = { 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/a.yaml': ks('a', './apps/tunnel', '{RELEASE: one}'), 'clusters/prod/b.yaml': ks('b', './apps/tunnel', '{RELEASE: two}') };
    expect(await notes(two)).toEqual(['Not analysed: a Helm release that reachdiff does not render changed in apps/tunnel/release.yaml: Flux HelmRelease media/${RELEASE}']);
  });
});
