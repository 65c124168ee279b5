/**
 * The App renders a pull request's comment and its check run's text from the same reports, each first
 * whole (to see whether it fits) and then within its limit (report/pr-report.ts). bjw-s/home-ops a71f3ddae
 * (150,000 region pairs, 165,027 paths opened) rendered every line of the report twice to learn that it
 * did not fit, and grouped its abstract pairs once per text and attempt: 3.9 GB and 109 s of CPU for a
 * comment of 60,000 characters. Now a whole render whose rows alone exceed the limit is not made, what
 * the renders share is made once for both texts, and the texts are the same as the old way's.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import type { SourceRef } from '../../src/engine/index.js';
import { commentMarkdown, renderPrTexts } from '../../src/report/pr-report.js';
import { fewestTargetsChars, renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import type { MarkdownOptions } from '../../src/report/diff-markdown.js';
import { withCountedReasons } from '../helpers/reason-reads.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const deploy = (ns: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n`;
const policy = (ns: string, ingress: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: gate, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n${ingress}`;

/** A kustomization folder `ns/` of `n` Deployments behind one policy: deny-all on base, every pod of the cluster admitted on head (n² workload paths, and pods the manifests do not hold). */
function folder(ns: string, n: number, open: boolean): Files {
  const names = Array.from({ length: n }, (_, i) => `app${i}`);
  const files: Files = { [`${ns}/kustomization.yaml`]: `resources:\n${[...names.map((w) => `  - ${w}.yaml`), '  - policy.yaml'].join('\n')}\n`, [`${ns}/policy.yaml`]: policy(ns, open ? '  ingress: [{from: [{namespaceSelector: {}}]}]\n' : '') };
  for (const w of names) files[`${ns}/${w}.yaml`] = deploy(ns, w);
  return files;
}

async function report(namespaces: readonly string[], n: number): Promise<TargetsReport> {
  const side = (open: boolean) => list(Object.assign({}, ...namespaces.map((ns) => folder(ns, n, open))) as Files);
  return analyzeTargets(side(false), side(true));
}

/** The old way, one render per call: whole, then within `max` when the whole does not fit. */
function oldWay(r: TargetsReport, options: MarkdownOptions, max: number, hint: string): string {
  const whole = renderTargetsMarkdown(r, { ...options, maxChars: Infinity });
  return whole.length <= max ? whole : renderTargetsMarkdown(r, { ...options, maxChars: max, fullReportHint: hint });
}

/** `r` with each abstract pair's reasons counting their reads in `reads`. */
function watched(r: TargetsReport, reads: Map<ExplainedPair, number>): TargetsReport {
  const count = (pairs: readonly ExplainedPair[]) => withCountedReasons(pairs, reads);
  const targets = r.targets.map((t) => ({ ...t, report: { ...t.report, pairs: count(t.report.pairs) } }));
  return { ...r, targets, combined: targets.length === 1 ? targets[0].report : r.combined };
}

const link = (ref: SourceRef, side: 'base' | 'head') => `https://example.test/${side}/${ref.file}#L${ref.line}`;

describe('the comment and the check text of a large report', () => {
  it('are the texts the old way made (whole when it fits, else within the limit), one target or several', async () => {
    for (const r of [await report(['shop'], 12), await report(['shop', 'ops'], 8)]) {
      for (const [comment, checkText] of [[2000, 3000], [30000, 60000], [400, 900]]) {
        const options = { link, changedFiles: new Set<string>(['shop/policy.yaml']) };
        const texts = renderPrTexts(r, options, { comment, checkText, cliHint: 'the CLI' });
        expect(texts.body).toBe(oldWay(r, options, comment, 'the **reachdiff** check run'));
        const check = { ...options, changedFiles: undefined, picture: false };
        const whole = renderTargetsMarkdown(r, { ...check, maxChars: Infinity });
        expect(texts.text).toBe(whole.length <= checkText ? whole : renderTargetsMarkdown(r, { ...check, link: undefined, maxChars: checkText, fullReportHint: 'the CLI' }));
        expect(commentMarkdown(r, options, 'hint', comment)).toBe(oldWay(r, options, comment, 'hint'));
      }
    }
  });

  it('the rows bound never exceeds a whole render, so a whole render it skips could not have fitted', async () => {
    for (const r of [await report(['shop'], 12), await report(['shop', 'ops'], 8), await report(['shop'], 2)]) {
      const fewest = fewestTargetsChars(r);
      expect(fewest).toBeGreaterThan(0);
      expect(fewest).toBeLessThanOrEqual(renderTargetsMarkdown(r, { link, maxChars: Infinity }).length);
      expect(fewest).toBeLessThanOrEqual(renderTargetsMarkdown(r, { maxChars: Infinity, picture: false }).length);
    }
  });

  it('a whole render that cannot fit is not made: only the renders within the limit link their rows', async () => {
    const r = await report(['shop'], 30);
    const opened = r.targets[0].report.pairs.filter((p) => p.opened && p.src.type === 'workload' && p.dst.type === 'workload').length;
    expect(opened).toBe(900);
    expect(fewestTargetsChars(r)).toBeGreaterThan(3000);
    let linked = 0;
    const counting = (ref: SourceRef, side: 'base' | 'head') => (linked++, link(ref, side));
    const texts = renderPrTexts(r, { link: counting }, { comment: 2000, checkText: 3000, cliHint: 'the CLI' });
    expect(texts.body.length).toBeLessThanOrEqual(2000);
    expect(texts.text).toContain('more not shown here');
    const made = linked;
    // The comment within its limit alone (the check text within its limit has no links).
    linked = 0;
    expect(renderTargetsMarkdown(r, { link: counting, maxChars: 2000, fullReportHint: 'the **reachdiff** check run' })).toBe(texts.body);
    expect(made).toBe(linked);
    // A whole render links each of the 900 rows' rule: the old way made two, one per text.
    linked = 0;
    renderTargetsMarkdown(r, { link: counting, maxChars: Infinity });
    expect(linked).toBeGreaterThanOrEqual(opened);
  });

  it('abstract pairs are grouped once for both texts, over every attempt to fit', async () => {
    const r = await report(['shop'], 12);
    const reads = new Map<ExplainedPair, number>();
    const w = watched(r, reads);
    expect(reads.size).toBeGreaterThan(10);
    const texts = renderPrTexts(w, { link }, { comment: 1500, checkText: 2500, cliHint: 'the CLI' });
    expect(texts.body).toContain('Truncated');
    expect(texts).toEqual(renderPrTexts(r, { link }, { comment: 1500, checkText: 2500, cliHint: 'the CLI' }));
    // Before: each text grouped them again, whole and within its limit (4 reads; now 1).
    expect(Math.max(...reads.values())).toBeLessThanOrEqual(2);
  });
});
