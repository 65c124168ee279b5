/** Head's connectivity and findings kept for the next push: reused only for an equal cluster, regions and findings input. */
import { baseSide, clearBaseSides } from '../../src/analysis/base-side.js';
import { headConnectivity, headFindings, sameCluster } from '../../src/analysis/head-side.js';
import { buildRegions } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG } from '../../src/findings/index.js';
import { patchedPosition } from '../../src/kustomize/patched-refs.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';

const ns = (name: string, labels = '') => ({ path: `ns/${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${labels ? `  labels:\n    ${labels}\n` : ''}` });
const app = (name: string) => ({
  path: `apps/${name}.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: a\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`,
});
const allowFromTeam = {
  path: 'policies/allow.yaml',
  text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow\n  namespace: a\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              team: x\n',
};
const base = [ns('a'), app('x')];
/** Head's cluster as the analysis loads it, from fresh file objects (the App reads every event's files anew). */
const headOf = (files: readonly ManifestFile[]) => loadManifests(files.map((f) => ({ ...f })));

describe('head side kept between pushes', () => {
  beforeEach(() => clearBaseSides());

  it('reuses the connectivity and findings of an equal head, with a comment appended to a file', () => {
    const side = baseSide(base, 'tree');
    const head = [ns('a'), app('x'), app('y'), allowFromTeam];
    const first = headOf(head);
    const regions = buildRegions([side.load.cluster, first.cluster]);
    const conn = headConnectivity(side, first.cluster, regions, true);
    const findings = headFindings(side, { conn, diagnostics: first.diagnostics, config: DEFAULT_FINDINGS_CONFIG, unmodelled: first.unmodelled }, true);
    const commented = headOf(head.map((f) => (f.path === 'apps/y.yaml' ? { ...f, text: `${f.text}# reviewed\n` } : f)));
    const again = headConnectivity(side, commented.cluster, buildRegions([side.load.cluster, commented.cluster]), true);
    expect(again).toBe(conn);
    expect(headFindings(side, { conn: again, diagnostics: commented.diagnostics, config: DEFAULT_FINDINGS_CONFIG, unmodelled: commented.unmodelled }, true)).toBe(findings);
    // Another configuration: computed again.
    expect(headFindings(side, { conn: again, diagnostics: commented.diagnostics, config: { ...DEFAULT_FINDINGS_CONFIG, disable: ['HALF_OPEN_INGRESS'] }, unmodelled: commented.unmodelled }, true)).not.toBe(findings);
  });

  it('computes again when only a Namespace label, a line, or the regions differ, and never without reuse asked', () => {
    const side = baseSide(base, 'tree');
    const head = [ns('a'), app('x'), allowFromTeam];
    const first = headOf(head);
    const regions = buildRegions([side.load.cluster, first.cluster]);
    const conn = headConnectivity(side, first.cluster, regions, true);
    const relabelled = headOf([ns('a', 'team: x'), app('x'), allowFromTeam]);
    expect(headConnectivity(side, relabelled.cluster, regions, true)).not.toBe(conn);
    // The last kept is now the relabelled head's: the first head again is computed too.
    expect(headConnectivity(side, first.cluster, regions, true)).not.toBe(conn);
    const again = headConnectivity(side, first.cluster, regions, true);
    const moved = headOf([ns('a'), app('x'), { ...allowFromTeam, text: `# moved down\n${allowFromTeam.text}` }]);
    expect(headConnectivity(side, moved.cluster, regions, true)).not.toBe(again);
    const third = headConnectivity(side, first.cluster, undefined, true);
    expect(headConnectivity(side, first.cluster, regions, true)).not.toBe(third);
    expect(headConnectivity(side, first.cluster, regions, false)).not.toBe(headConnectivity(side, first.cluster, regions, false));
  });

  it('tells clusters apart whose positions differ only where a patch says they were written', () => {
    const at = { file: 'overlay/kustomization.yaml', line: 7 };
    const first = headOf([ns('a'), app('x')]).cluster;
    const withRef = (before: { file: string; line: number }) => ({ ...first, policies: [{ ...(headOf([allowFromTeam]).cluster.policies[0]), ref: patchedPosition(at, before) }] });
    expect(sameCluster(withRef({ file: 'base/p.yaml', line: 3 }), withRef({ file: 'base/p.yaml', line: 3 }))).toBe(true);
    expect(sameCluster(withRef({ file: 'base/p.yaml', line: 3 }), withRef({ file: 'base/p.yaml', line: 4 }))).toBe(false);
    expect(sameCluster(first, { ...first, podNetwork: undefined })).toBe(true);
  });
});
