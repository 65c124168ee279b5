/**
 * Flux Kustomizations of one external source are one note (xunholy/k8s-gitops: 47 Kustomizations of one
 * OCIRepository and 95 of an ExternalArtifact each were 142 notes a commit, the rest of the report under them).
 */
import { groupedExternalSources } from '../../src/targets/external-source-notices.js';
import type { FluxSourceNotice } from '../../src/targets/external-source-notices.js';
import type { Notice } from '../../src/targets/types.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const flux = (name: string, kind: string, source: string, line: number): FluxSourceNotice => ({
  code: 'EXTERNAL_SOURCE',
  message: `Flux Kustomization ${name}: source ${kind} ${source} is not this repository; not analysed`,
  ref: { file: `apps/${name}/ks.yaml`, line },
  fluxSource: { kustomization: name, source: `${kind} ${source} is not this repository`, kind, why: ' is not this repository' },
});
const other: Notice = { code: 'MISSING_ROOT', message: 'x', ref: { file: 'a.yaml', line: 1 } };

describe('EXTERNAL_SOURCE notices of Flux Kustomizations', () => {
  it('one source: one note at the first, naming three and counting the rest; other notices kept in place', () => {
    const notices = [flux('a', 'OCIRepository', 'flux-system', 2), other, ...['b', 'c', 'd', 'e'].map((n, i) => flux(n, 'OCIRepository', 'flux-system', i + 3))];
    expect(groupedExternalSources(notices)).toEqual([
      { code: 'EXTERNAL_SOURCE', message: '5 Flux Kustomizations (a, b, c and 2 more): source OCIRepository flux-system is not this repository; not analysed', ref: { file: 'apps/a/ks.yaml', line: 2 } },
      other,
    ]);
  });

  it('a source of its own each, of one kind: counted; a lone notice keeps its words, without the grouping field', () => {
    const out = groupedExternalSources([flux('x', 'ExternalArtifact', 'x', 1), flux('y', 'ExternalArtifact', 'y', 1), flux('z', 'OCIRepository', 'z', 1)]);
    expect(out.map((n) => n.message)).toEqual([
      '2 Flux Kustomizations (x, y): 2 sources of kind ExternalArtifact, each of which is not this repository; not analysed',
      'Flux Kustomization z: source OCIRepository z is not this repository; not analysed',
    ]);
    expect(out.every((n) => !('fluxSource' in n))).toBe(true);
  });
});

describe('Flux Kustomizations of a Bucket or an ExternalArtifact: outside the repository, each said for what it is', () => {
  const ks = (name: string, kind: string, source: string) =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./\n  prune: true\n  sourceRef: {kind: ${kind}, name: ${source}}\n`;
  const files = [
    { path: 'clusters/prod/bucket.yaml', text: ks('configs', 'Bucket', 'manifests') },
    { path: 'clusters/prod/generated.yaml', text: `${ks('app', 'ExternalArtifact', 'app-bundle')}---\n${ks('app2', 'ExternalArtifact', 'app2-bundle')}` },
    { path: 'apps/web/np.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: web}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n' },
  ];

  it('no target; a Bucket is object storage, an ExternalArtifact another controller\'s artifact (perhaps of this repository\'s files), not "another repository"', () => {
    const sel = discoverTargets(new RepoFiles(files), {});
    expect(sel.targets.filter((t) => t.origin === 'flux')).toEqual([]);
    expect(sel.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => [n.ref?.file, n.message])).toEqual([
      ['clusters/prod/bucket.yaml', 'Flux Kustomization configs: source Bucket manifests is an object-storage bucket, not this repository; not analysed'],
      ['clusters/prod/generated.yaml', "2 Flux Kustomizations (app, app2): 2 sources of kind ExternalArtifact, each of which is an artifact another controller stores (a source-watcher ArtifactGenerator's, which may compose it of this repository's files too), whose content only the cluster knows; not analysed"],
    ]);
  });
});
