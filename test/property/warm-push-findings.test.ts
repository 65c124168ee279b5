/**
 * A warm process's pushes of one pull request, each changing one namespace, report the findings a cold
 * process reports. The next push's base findings are the last push's (base-side.ts keeps findings that do
 * not depend on the regions, though each push cuts other regions), and what they recorded is then the record
 * of the next push's base connectivity too (findings/unchanged-from.ts `adoptRecord`): head's half-open and
 * DNS findings take base's where the change does not reach, as in a first push. The base files are handed as
 * the very same list at every push, as the App's kept targets hand them (base-side.ts then skips comparing
 * them again). Namespaces deny ingress or egress in some clusters, with cluster DNS pods in half, so that
 * those findings are common; a push may also put one namespace back to base's objects, so that a finding the
 * last head had and base has not must not come back. Mutants of the adoption: taking the record of the last
 * connectivity recorded whatever its cluster (the last push's head) fails the second test; adopting none
 * fails its count of adopted records.
 */
import fc from 'fast-check';
import { changedNamespaces } from '../../src/analysis/changed-namespaces.js';
import { baseSide, clearBaseSides } from '../../src/analysis/base-side.js';
import { headConnectivity, headFindings } from '../../src/analysis/head-side.js';
import type { Cluster } from '../../src/engine/index.js';
import { buildRegions, computeConnectivity, regionFocus } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { baseRecord } from '../../src/findings/unchanged-from.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import type { Scenario } from './arbitraries.js';
import { editedScenario } from './arbitraries.js';
import { NAMESPACES, denyingCluster } from './denying-cluster.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

/** One push: namespace `at`'s objects become `to`'s (an edit of base, or base itself: put back). */
interface Step {
  readonly at: string;
  readonly to: Scenario;
}

/** Base and three pushes, each changing one namespace of the last head. */
const pushes: fc.Arbitrary<[Scenario, Step[]]> = denyingCluster.chain((base) => {
  const step = fc.record({ at: fc.constantFrom(...NAMESPACES), to: fc.oneof({ arbitrary: editedScenario(base), weight: 3 }, { arbitrary: fc.constant(base), weight: 1 }) });
  return fc.array(step, { minLength: 3, maxLength: 3 }).map((steps) => [base, steps] as [Scenario, Step[]]);
});

/** The namespace a file of `objectFiles` is about: its object's, or the Namespace's own name. */
function namespaceOf(f: ManifestFile): string {
  const [kind, ns, name] = f.path.split('/');
  return kind === 'Namespace' ? name.replace(/\.yaml$/, '') : ns;
}

/** Each head's files: the last head's, with one namespace's replaced. Unchanged files are the very objects of the last head, as the App's blob cache gives them. */
function heads(base: readonly ManifestFile[], steps: readonly Step[]): ManifestFile[][] {
  const out: ManifestFile[][] = [];
  let last: ManifestFile[] = [...base];
  for (const { at, to } of steps) {
    last = [...last.filter((f) => namespaceOf(f) !== at), ...objectFiles(to).filter((f) => namespaceOf(f) === at)].sort((a, b) => a.path.localeCompare(b.path));
    out.push(last);
  }
  return out;
}

const options = { baseKey: 'tree', rollbackMaxMillis: 3_600_000 };

describe('warm pushes of one namespace each', () => {
  afterAll(clearWarmState);

  it('report the findings a cold process reports, push after push', async () => {
    await fc.assert(
      fc.asyncProperty(pushes, async ([base, steps]) => {
        const baseFiles = objectFiles(base);
        const sequence = heads(baseFiles, steps);
        const cold: string[] = [];
        for (const head of sequence) {
          clearWarmState();
          cold.push(targetsJson(await analyzeTargets(baseFiles, head, options)));
        }
        clearWarmState();
        for (const [i, head] of sequence.entries()) expect(targetsJson(await analyzeTargets(baseFiles, head, options))).toBe(cold[i]);
      }),
      params(40),
    );
  }, 600_000);

  // The same at the findings' level, where the reuse can be seen: the next push's base connectivity (other
  // regions) has the record of the one its findings were computed over, and head's findings taken from it
  // equal head's from scratch.
  it('take base findings over the next push\'s regions as over the first push\'s', () => {
    let adopted = 0;
    fc.assert(
      fc.property(pushes, ([base, steps]) => {
        clearBaseSides();
        const baseFiles = objectFiles(base);
        const side = baseSide(baseFiles, 'tree');
        let first: { readonly conn: object; readonly record: object | undefined } | undefined;
        for (const headFiles of heads(baseFiles, steps)) {
          const head = loadManifests(headFiles, new Map(side.files));
          const focus = regionFocus(side.load.cluster, head.cluster);
          const regions = buildRegions([side.load.cluster, head.cluster], undefined, focus.namespaces, focus.subjects, undefined, focus.first);
          const baseConn = side.connectivity(regions);
          side.findings(baseConn, DEFAULT_FINDINGS_CONFIG);
          const record = baseRecord({ conn: baseConn, changed: new Set() });
          first ??= { conn: baseConn, record };
          if (baseConn !== first.conn && record !== undefined && record === first.record) adopted++;
          const headConn = computeConnectivity(head.cluster, regions);
          const input = { conn: headConn, diagnostics: head.diagnostics, config: DEFAULT_FINDINGS_CONFIG, unmodelled: head.unmodelled, hostNetwork: head.hostNetwork };
          const changed = changedNamespaces(side.load.cluster, head.cluster);
          const fresh = commitFindings(input);
          const taken = commitFindings({ ...input, ...(changed ? { unchangedFrom: { conn: baseConn, changed } } : {}) });
          expect(taken.map((f) => JSON.stringify(f))).toEqual(fresh.map((f) => JSON.stringify(f)));
        }
      }),
      params(300),
    );
    clearBaseSides();
    // Pushes after the first whose regions differ, so that base's findings are the kept ones with an adopted record.
    expect(adopted).toBeGreaterThan(30);
  }, 600_000);

  // Head's findings of a next push take the last push's head's record (head-side.ts `headFindings`) where the step
  // changed fewer namespaces than the pull request: they equal head's from scratch (a connectivity of its own, so
  // its record is its own), push after push, each push's findings then recorded for the next. A mutant taking the
  // last head's record with no namespace changed fails it.
  it("take the last push's head findings where the step does not reach", () => {
    let fromLast = 0;
    fc.assert(
      fc.property(pushes, ([base, steps]) => {
        clearBaseSides();
        const baseFiles = objectFiles(base);
        const side = baseSide(baseFiles, 'tree');
        let last: Cluster | undefined;
        for (const headFiles of heads(baseFiles, steps)) {
          const head = loadManifests(headFiles, new Map(side.files));
          const focus = regionFocus(side.load.cluster, head.cluster);
          const regions = buildRegions([side.load.cluster, head.cluster], undefined, focus.namespaces, focus.subjects, undefined, focus.first);
          const baseConn = side.connectivity(regions);
          side.findings(baseConn, DEFAULT_FINDINGS_CONFIG);
          const headConn = headConnectivity(side, head.cluster, regions, true);
          const input = { conn: headConn, diagnostics: head.diagnostics, config: DEFAULT_FINDINGS_CONFIG, unmodelled: head.unmodelled, hostNetwork: head.hostNetwork };
          const changed = changedNamespaces(side.load.cluster, head.cluster);
          const step = last && changedNamespaces(last, head.cluster);
          if (step && (!changed || step.size < changed.size)) fromLast++;
          const taken = headFindings(side, { ...input, ...(changed ? { unchangedFrom: { conn: baseConn, changed } } : {}) }, true);
          const fresh = commitFindings({ ...input, conn: computeConnectivity(head.cluster, regions) });
          expect(taken.map((f) => JSON.stringify(f))).toEqual(fresh.map((f) => JSON.stringify(f)));
          last = head.cluster;
        }
      }),
      params(300),
    );
    clearBaseSides();
    // Pushes whose step changed fewer namespaces than the pull request: the last head's record was taken.
    expect(fromLast).toBeGreaterThan(100);
  }, 600_000);
});
