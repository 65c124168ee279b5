/**
 * Head's findings taking base's where the change does not reach (findings/unchanged-from.ts) equal head's
 * findings computed from scratch, on random base/head pairs: pods relabelled, re-ported, added and removed;
 * policies edited, added and removed; namespaces relabelled; everywhere, or in one namespace only. Each object is its own file, so unchanged files
 * give head the very objects of base, and the namespaces the change touches are found by identity
 * (analysis/changed-namespaces.ts). Both sides over the diff's regions, or both without (abstract peers off).
 */
import fc from 'fast-check';
import { changedNamespaces } from '../../src/analysis/changed-namespaces.js';
import { buildRegions, computeConnectivity, regionFocus } from '../../src/engine/index.js';
import type { FindingInput } from '../../src/findings/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import type { FileLoads, LoadResult, ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { Scenario } from './arbitraries.js';
import { editedScenario } from './arbitraries.js';
import { NAMESPACES, denyingCluster } from './denying-cluster.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

/** Base, head edited from it (everywhere, or in one namespace only: `only`), and whether regions are cut. */
const editedPair = denyingCluster.chain((base) =>
  fc.record({ base: fc.constant(base), head: editedScenario(base), only: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }), regions: fc.boolean() }),
);

/** The namespace a file of `objectFiles` is about: its object's, or the Namespace's own name. */
function namespaceOf(f: ManifestFile): string {
  const [kind, ns, name] = f.path.split('/');
  return kind === 'Namespace' ? name.replace(/\.yaml$/, '') : ns;
}

/** Head's files: `head`'s everywhere, or only in namespace `only` (base's elsewhere, so the other namespaces are unchanged). */
function headFiles(base: Scenario, head: Scenario, only: string | undefined): ManifestFile[] {
  if (only === undefined) return objectFiles(head);
  return [...objectFiles(base).filter((f) => namespaceOf(f) !== only), ...objectFiles(head).filter((f) => namespaceOf(f) === only)];
}

describe('head findings taken from base where the change does not reach', () => {
  it('equal head findings computed from scratch', () => {
    let taken = 0;
    fc.assert(
      fc.property(editedPair, ({ base: baseScenario, head: headScenario, only, regions: withRegions }) => {
        const loads: FileLoads = new Map();
        const base = loadManifests(objectFiles(baseScenario), loads);
        const head = loadManifests(headFiles(baseScenario, headScenario, only), new Map(loads));
        const focus = withRegions ? regionFocus(base.cluster, head.cluster) : undefined;
        const regions = focus && buildRegions([base.cluster, head.cluster], undefined, focus.namespaces, focus.subjects, undefined, focus.first);
        const baseConn = computeConnectivity(base.cluster, regions);
        const headConn = computeConnectivity(head.cluster, regions);
        const input = (conn: FindingInput['conn'], load: LoadResult): FindingInput => ({ conn, diagnostics: load.diagnostics, config: DEFAULT_FINDINGS_CONFIG, unmodelled: load.unmodelled, hostNetwork: load.hostNetwork });
        // Base's first, as a diff computes them: they record what head may take.
        commitFindings(input(baseConn, base));
        const changed = changedNamespaces(base.cluster, head.cluster);
        const fresh = commitFindings(input(headConn, head));
        const incremental = commitFindings({ ...input(headConn, head), ...(changed ? { unchangedFrom: { conn: baseConn, changed } } : {}) });
        expect(incremental.map((f) => JSON.stringify(f))).toEqual(fresh.map((f) => JSON.stringify(f)));
        // Cases where some namespace holding a workload is unchanged: the reuse path really runs.
        if (changed && head.cluster.workloads.some((w) => !changed.has(w.namespace))) taken++;
      }),
      params(500),
    );
    expect(taken).toBeGreaterThan(30);
  }, 600_000);
});
