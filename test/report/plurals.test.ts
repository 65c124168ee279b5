/**
 * Counts read as words: "1 document", "2 documents", never "document(s)". One test over the sources
 * (the whole class: any message built with "(s)"), and the rendered reports of a one-document rollback.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

it('no source builds a message with "(s)"', () => {
  const strings = (text: string) => text.match(/(['"`])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? [];
  const offenders = sources(join(process.cwd(), 'src')).filter((f) => strings(readFileSync(f, 'utf8')).some((s) => /[a-z]\(s\)/.test(s.replace(/\$\{[^}]*\}/g, ''))));
  expect(offenders).toEqual([]);
});

it('a one-document rollback says "1 document" in every format', () => {
  const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n';
  const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n';
  const report = analyzeDiff([{ path: 'a.yaml', text: app }, { path: 'p.yaml', text: deny }], [{ path: 'a.yaml', text: app }]);
  expect(report.rollback.documents).toHaveLength(1);
  const outputs = [diffText(report), renderDiffMarkdown(report), checkRunResult(report, { failOn: 'opened', otherChanges: 'neutral', rollbackButton: true, text: '' }).summary];
  for (const o of outputs) expect(o).not.toMatch(/\(s\)|\b1 documents\b|\b1 paths\b/);
  expect(diffText(report)).toContain('revert 1 document to close');
});
