/**
 * The comment and the check run's text are first tried whole, kept only when they fit (report/pr-report.ts).
 * When the rows bound let that render start, it wrote every row and line before its length was compared:
 * bjw-s/home-ops a71f3ddae wrote its 2,439 table rows and 2,900 lines of pods the manifests do not hold twice
 * (megabytes) to learn that 60,000 and 65,000 characters could not hold them. Now the render stops once its
 * text certainly passes the limit (report/past-limit.ts); the texts are the same.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import type { SourceRef } from '../../src/engine/index.js';
import { commentMarkdown } from '../../src/report/pr-report.js';
import { fewestTargetsChars, renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { PastLimit, linesUnder } from '../../src/report/past-limit.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';

type Files = Record<string, string>;
const deploy = (ns: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const gate = (ns: string, ingress: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: gate, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n${ingress}`;

/** `n` Deployments of `shop` behind one policy: nothing admitted on base, every pod of the cluster on head (n² paths between workloads). */
async function report(n: number): Promise<TargetsReport> {
  const side = (open: boolean) => {
    const files: Files = { 'shop/policy.yaml': gate('shop', open ? '  ingress: [{from: [{namespaceSelector: {}}]}]\n' : '') };
    for (let i = 0; i < n; i++) files[`shop/app${i}.yaml`] = deploy('shop', `app${i}`);
    return Object.entries(files).map(([path, text]) => ({ path, text }));
  };
  return analyzeTargets(side(false), side(true));
}

describe('a whole render wanted only when it fits stops once it passes the limit', () => {
  it('a line list throws past its limit, line ends not counted', () => {
    const out = linesUnder(10);
    out.push('abc', 'de\n\nfg');
    expect(out.pop()).toBe('de\n\nfg');
    out.push('defg', '\n\n\n');
    expect(() => out.push('1234')).toThrow(PastLimit);
    expect([...out]).toEqual(['abc', 'defg', '\n\n\n']);
    const unbounded = linesUnder(Infinity);
    unbounded.push('x'.repeat(100));
    expect(unbounded).toHaveLength(1);
  });

  it('links only the rows up to the limit, and the text is the one the whole render and its length gave', async () => {
    const r = await report(30);
    let linked = 0;
    const link = (ref: SourceRef, side: 'base' | 'head') => (linked++, `https://example.test/${side}/${ref.file}#L${ref.line}`);
    const whole = renderTargetsMarkdown(r, { link, maxChars: Infinity });
    const everyRow = linked;
    // 900 rows, each linking its rule: the whole render links every one.
    expect(everyRow).toBeGreaterThan(900);
    // A limit the rows bound lets the whole render start at, but that the whole text passes.
    const max = fewestTargetsChars(r) + 3000;
    expect(whole.length).toBeGreaterThan(max);
    linked = 0;
    const expected = renderTargetsMarkdown(r, { link, maxChars: max, fullReportHint: 'hint' });
    const within = linked;
    linked = 0;
    const text = commentMarkdown(r, { link }, 'hint', max);
    expect(text).toBe(expected);
    // Before: the whole render linked every row, then the search within the limit linked its own.
    expect(linked - within).toBeGreaterThan(0);
    expect(linked - within).toBeLessThan(everyRow / 4);
  });

  it('within a budget, each attempt stops once it passes the budget', async () => {
    const r = await report(30);
    const max = fewestTargetsChars(r) + 3000;
    let linked = 0;
    const link = (ref: SourceRef, side: 'base' | 'head') => (linked++, `https://example.test/${side}/${ref.file}#L${ref.line}`);
    const text = renderDiffMarkdown(r.targets[0].report, { link, maxChars: max });
    expect(text.length).toBeLessThanOrEqual(max);
    // Before: the attempts at 500 and 200 rows wrote (and linked) every one of their rows, 700 at least; now every
    // attempt, the halving's between the row steps (diff-markdown.ts mostThatFits) too, stops past the budget.
    expect(linked).toBeLessThan(700);
  });

  it('the whole text when it fits, as before', async () => {
    const r = await report(3);
    const whole = renderTargetsMarkdown(r, { maxChars: Infinity });
    expect(commentMarkdown(r, {}, 'hint', whole.length)).toBe(whole);
    expect(commentMarkdown(r, {}, 'hint', whole.length - 1)).not.toBe(whole);
  });
});
