/**
 * The lines of pods the manifests do not hold are keyed by their reasons' content (report/abstract-groups.ts):
 * now by a number per distinct reason instead of the reasons' JSON joined (150,000 region pairs of bjw-s/home-ops
 * a71f3ddae made 2 GB of key strings). Pairs whose reasons are other objects of the same content share a line;
 * a reason of other content (a rule's line moved) makes a line of its own, as before.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import type { Reason } from '../../src/engine/index.js';
import { abstractGroupLine, abstractGroups, isAbstractPair } from '../../src/report/abstract-groups.js';
import { plainRef } from '../../src/report/reason-text.js';
import { displayPeer } from '../../src/report/peer-label.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-cluster-scope');
const files = (dir: string) => readdirSync(join(FIX, dir)).filter((f) => f.endsWith('.yaml')).map((f) => ({ path: f, text: readFileSync(join(FIX, dir, f), 'utf8') }));

const lines = (pairs: readonly ExplainedPair[], change: 'opened' | 'closed') => abstractGroups(pairs, change).map((g) => abstractGroupLine(g, displayPeer, plainRef));
/** `pairs` with every reason another object of the same content, and `moved` applied to the reasons of every other abstract pair. */
const copied = (pairs: readonly ExplainedPair[], moved: (r: Reason) => Reason = (r) => r) => {
  let n = 0;
  return pairs.map((p) => {
    const change = isAbstractPair(p) && n++ % 2 === 1 ? moved : (r: Reason) => r;
    return { ...p, whyOpened: p.whyOpened.map((r) => change({ ...r })), whyClosed: p.whyClosed.map((r) => change({ ...r })) };
  });
};

describe('lines of pods the manifests do not hold keyed by their reasons', () => {
  const reports = ['head-overlap', 'head-world', 'head-cut'].map((head) => analyzeDiff(files('base'), files(head)));

  it('reasons of the same content, other objects: the same lines', () => {
    for (const report of reports) {
      for (const change of ['opened', 'closed'] as const) expect(lines(copied(report.pairs), change)).toEqual(lines(report.pairs, change));
    }
  });

  it('a reason of other content (its line one lower in every other pair): lines of their own', () => {
    const lower = (r: Reason): Reason => ('ref' in r && r.ref ? ({ ...r, ref: { ...r.ref, line: r.ref.line + 1 } } as Reason) : r);
    let split = 0;
    for (const report of reports) {
      const before = lines(report.pairs, 'closed');
      const after = lines(copied(report.pairs, lower), 'closed');
      expect(after.length).toBeGreaterThanOrEqual(before.length);
      if (after.length > before.length) split++;
    }
    expect(split).toBeGreaterThan(0);
  });
});
