/**
 * diff and explain agree on abstract peers: for every pair with an abstract end that diff reports
 * opened, explain of the same ends on head allows the opened traffic in the region diff speaks of
 * (some part of the ends allows it; never DENIED), and diff --explain of the pair reports it opened.
 * Clusters span several namespaces (defined, relabelled in head, or never defined), selectors with every
 * matchExpressions operator, and (second case) cluster-wide policies (Admin/Baseline tiers) that head
 * drops, adds or edits.
 */
import fc from 'fast-check';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles, explainFiles, sideChange } from '../../src/analysis/explain-run.js';
import type { PeerRef } from '../../src/engine/index.js';
import { ConnectionSet } from '../../src/engine/index.js';
import { basePlusHead } from './arbitraries.js';
import { tieredBasePlusHead } from './tier-arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

const asked = (p: PeerRef): string | undefined => (p.type === 'pods' ? p.peer.id : p.type === 'workload' ? p.workload.id : undefined);

/** Cluster-wide tiers make a case many times slower: few runs in the suite, more with FUZZ_RUNS. */
const CASES = [
  ['NetworkPolicy only', basePlusHead, 60],
  ['with cluster-wide policies that head drops, adds or edits', tieredBasePlusHead, 3],
] as const;

describe.each(CASES)('abstract pairs: diff and explain agree (%s)', (_name, clusters, defaultRuns) => {
  it('every opened abstract pair is allowed by explain on head and opened by diff --explain', () => {
    fc.assert(
      fc.property(clusters, ([base, head]) => {
        const [bf, hf] = [objectFiles(base), objectFiles(head)];
        const report = analyzeDiff(bf, hf);
        const problems: string[] = [];
        for (const pair of report.pairs) {
          // Port names alone (toward pods whose container ports are unknown) have no number explain could ask about.
          if (!pair.opened || pair.opened.isEmpty() || (pair.src.type !== 'pods' && pair.dst.type !== 'pods')) continue;
          const [from, to] = [asked(pair.src), asked(pair.dst)];
          if (from === undefined || to === undefined) continue;
          const one = explainFiles(hf, { from, to, ports: [] });
          if (!one.ok) {
            problems.push(`${from} -> ${to}: ${one.message}`);
            continue;
          }
          const a = one.value.answer;
          const somewhere = a.kind === 'explained' ? [...(a.partAllowed?.values() ?? [])].reduce((acc, c) => acc.union(c), ConnectionSet.NONE) : ConnectionSet.NONE;
          if (a.kind !== 'explained' || a.explanation.verdict === 'denied' || !pair.opened.isSubsetOf(somewhere)) {
            problems.push(`${from} -> ${to}: diff opened ${pair.opened.key}, explain ${a.kind === 'explained' ? `${a.explanation.verdict} ${somewhere.key}` : 'absent'}`);
          }
          const both = explainDiffFiles(bf, hf, { from, to, ports: [] });
          if (both.ok && !pair.opened.isSubsetOf(sideChange(both.value).opened)) problems.push(`${from} -> ${to}: diff --explain opens ${sideChange(both.value).opened.key}, diff ${pair.opened.key}`);
        }
        expect(problems).toEqual([]);
      }),
      params(defaultRuns),
    );
  }, 600_000);
});
