/**
 * Flux Kustomizations of one external source are one note (xunholy/k8s-gitops: 47 Kustomizations of one
 * OCIRepository and 95 of an ExternalArtifact each were 142 notes a commit, the rest of the report under them).
 */
import { groupedExternalSources } from '../../src/targets/external-source-notices.js';
import type { FluxSourceNotice } from '../../src/targets/external-source-notices.js';
import type { Notice } from '../../src/targets/types.js';

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
