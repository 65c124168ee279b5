/**
 * A change whose rule names peers manifests cannot resolve (a Cilium `toFQDNs`, `toEntities: [host]`, an
 * AdminNetworkPolicy `nodes` peer: UNSUPPORTED_PEER, analysed as matching nothing) did not prove "no change":
 * what it allows or denies toward them is not analysed. Before, a pull request adding `toFQDNs: api.github.com`
 * read "✅ No change in allowed connectivity" and a `success` check run, the warning folded away below (new-user
 * trial 33). Now ⚠️, a note under the verdict and `neutral`, as for the other unproven "no change"s; the exit
 * code still counts what was found (docs/cli.md, "Unproven no change"). Also: a change to a Cilium policy made
 * an analysis cut short by the region bound matter, as a change to a NetworkPolicy does.
 * Fixture: test/fixtures/unresolved-peer.
 */
import { readFileSync } from 'node:fs';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { unproven } from '../../src/report/unproven.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

const file = (side: string) => [{ path: 'all.yaml', text: readFileSync(`test/fixtures/unresolved-peer/${side}/all.yaml`, 'utf8') }];

describe('a rule the change brings toward peers manifests cannot resolve', () => {
  const report = analyzeDiff(file('base'), file('head'));

  it('is no proven "no change": ⚠️, a note under the verdict, a neutral check run', () => {
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(unproven(report).reasons).toEqual(['peers manifests cannot resolve named by a changed rule']);
    const md = renderDiffMarkdown(report);
    expect(md.split('\n')[0]).toBe('### ⚠️ reachdiff: No change in allowed connectivity.');
    expect(md).toContain('> ⚠️ A rule this change brings names peers that manifests cannot resolve, analysed as matching nothing: what it allows or denies toward them is not analysed (`all.yaml:34`).');
    expect(diffText(report)).toContain('Note: A rule this change brings names peers that manifests cannot resolve');
    const run = checkRunResult(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });
    expect(run.conclusion).toBe('neutral');
  });

  it('base with the same rule is proven: the warning is not new', () => {
    expect(unproven(analyzeDiff(file('head'), file('head'))).reasons).toEqual([]);
  });
});

it('a change to a Cilium or Calico policy (or a Calico Tier) makes an incomplete analysis matter', () => {
  const incomplete = { abstractPeers: { incomplete: true, regions: 9000 }, assumedFold: undefined, assumedGone: undefined, warnings: { base: [], head: [] } } as unknown as DiffReport;
  for (const key of ['CiliumNetworkPolicy/web/frontend', 'CiliumClusterwideNetworkPolicy//dns', 'CalicoNetworkPolicy/web/frontend', 'CalicoGlobalNetworkPolicy//deny-all', 'CalicoTier//security']) {
    expect(unproven({ ...incomplete, changes: [{ objects: [key] }] } as unknown as DiffReport).incompleteMatters).toBe(true);
  }
});
