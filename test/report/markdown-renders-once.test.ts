/**
 * A report too large for the comment is rendered at smaller row limits and without the patch or the
 * picture until it fits (report/diff-markdown.ts, up to 27 renders). Each render grouped every pair with
 * pods the manifests do not hold again (abstract groups, cause sections, the summary's causes): bjw-s/home-ops
 * a71f3ddae (100,504 region paths) took 130 s of CPU for `--format md`, the PR comment's format. What does not
 * depend on the row limit is made once per report: here every abstract pair's reasons are read a few times,
 * not once or twice per render, and the text is the same.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import { fewestChars, renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { withCountedReasons } from '../helpers/reason-reads.js';
import { AddressSet, parseRange } from '../../src/engine/index.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-cluster-scope');
const files = (dir: string) => readdirSync(join(FIX, dir)).filter((f) => f.endsWith('.yaml')).map((f) => ({ path: f, text: readFileSync(join(FIX, dir, f), 'utf8') }));

describe('markdown renders a large report once per part that does not depend on its row limit', () => {
  it('abstract pairs are grouped once over every attempt to fit, and the text is the same', () => {
    const report = analyzeDiff(files('base'), files('head-overlap'));
    const reads = new Map<ExplainedPair, number>();
    const watched = { ...report, pairs: withCountedReasons(report.pairs, reads) };
    expect(reads.size).toBeGreaterThan(300);
    // Too small for anything: every row limit and variant is tried, then the truncated render.
    const small = renderDiffMarkdown(watched, { maxChars: 200 });
    expect(small).toContain('Truncated');
    const most = Math.max(...reads.values());
    // Before: each of the 28 renders read them (abstract groups, the summary's causes): 56 and more.
    expect(most).toBeLessThanOrEqual(6);
    expect(renderDiffMarkdown(watched)).toBe(renderDiffMarkdown(report));
  });

  it('a row limit whose rows alone pass the budget is not rendered: the bound never exceeds a whole render', () => {
    const bounded = ['head-overlap', 'head-world', 'head-cut', 'head-calico'].filter((head) => {
      const report = analyzeDiff(files('base'), files(head));
      const fewest = fewestChars(report, Infinity);
      expect(fewest).toBeLessThanOrEqual(renderDiffMarkdown(report).length);
      // Just below the bound at every limit: only the truncated render fits.
      if (fewest > 0) expect(renderDiffMarkdown(report, { maxChars: fewestChars(report, 1) - 1 })).toContain('Truncated');
      return fewest > 0;
    });
    expect(bounded.length).toBeGreaterThan(1);
  });
});

describe('a peer labeller names each address set once', () => {
  it('however many pairs and renders ask (a 150,000-pair comment spent most of its render computing CIDRs again)', () => {
    const set = parseRange('10.0.0.0-10.0.0.9')!.union(parseRange('10.0.0.11-10.0.0.255')!);
    const label = peerLabels([]);
    const intersect = AddressSet.prototype.intersect;
    let asked = 0;
    AddressSet.prototype.intersect = function (this: AddressSet, other: AddressSet) {
      asked++;
      return intersect.call(this, other);
    };
    try {
      const once = label({ type: 'external', addresses: set });
      const after = asked;
      expect(once).toBe('10.0.0.0/24 (except 10.0.0.10/32)');
      for (let i = 0; i < 5; i++) expect(label({ type: 'external', addresses: set })).toBe(once);
      expect(after).toBeGreaterThan(0);
      expect(asked).toBe(after);
    } finally {
      AddressSet.prototype.intersect = intersect;
    }
  });
});
