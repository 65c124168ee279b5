/**
 * Counts read as words: "1 document", "2 documents", never "document(s)", never "1 more pairs". Tests over
 * the sources (the whole class: any message built with "(s)"; a count written beside a fixed plural noun,
 * "${n} more targets"; a count's noun chosen by hand instead of util/plural.ts, the one helper), and rendered
 * reports and notices with a count of one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { withoutNonDeployments } from '../../src/targets/not-deployments.js';
import type { ControllerObject } from '../../src/targets/controller-objects.js';
import { plural } from '../../src/util/plural.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

it('no source builds a message with "(s)"', () => {
  const strings = (text: string) => text.match(/(['"`])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? [];
  const offenders = sources(join(process.cwd(), 'src')).filter((f) => strings(readFileSync(f, 'utf8')).some((s) => /[a-z]\(s\)/.test(s.replace(/\$\{[^}]*\}/g, ''))));
  expect(offenders).toEqual([]);
});

/** Every string and template literal of every source file, with its file. */
function literals(): { file: string; text: string }[] {
  const strings = (text: string) => text.match(/(['"`])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? [];
  return sources(join(process.cwd(), 'src')).flatMap((file) => strings(readFileSync(file, 'utf8')).map((text) => ({ file, text })));
}

it('no message writes a count beside a fixed plural noun after "more" ("${n} more targets" reads "1 more targets")', () => {
  const offenders = literals().filter((l) => /\$\{[^{}]*\} more (?!than\b)[a-z][a-z-]*(?:s|ies)\b/.test(l.text));
  expect(offenders).toEqual([]);
});

it('no source chooses a count\'s noun by hand: util/plural.ts is the one helper', () => {
  const text = sources(join(process.cwd(), 'src')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  // `${n} path${n === 1 ? '' : 's'}`, `${n} ${n === 1 ? 'path' : 'paths'}`, and helpers of their own.
  const byHand = /\$\{([\w.]+)\} [\w -]*\$\{\1 === 1 \? '' : 's'\}|\$\{([\w.]+)\} (?:more )?\$\{\2 === 1 \? '[^']*' : '[^']*'\}|\((?:n|count): number, (?:word|one): string(?:, many = [^)]*)?\)(?:: string)? (?:=>|\{)/;
  expect(text.filter((t) => !t.file.endsWith('util/plural.ts') && byHand.test(t.text)).map((t) => t.file)).toEqual([]);
  expect([plural(1, 'more policy', 'more policies'), plural(2, 'more policy', 'more policies'), plural(0, 'path')]).toEqual(['1 more policy', '2 more policies', '0 paths']);
});

it('one controller object past the named ones is "1 more controller object is"', () => {
  const fixture = (i: number): ControllerObject => ({ kind: 'Application', name: `a${i}`, value: {}, ref: { file: `test/fixtures/app${i}.yaml`, line: 1 } });
  const { notices } = withoutNonDeployments([0, 1, 2, 3, 4, 5].map(fixture));
  expect(notices[notices.length - 1].message).toMatch(/^1 more controller object is not taken as a deployment/);
  expect(withoutNonDeployments([0, 1, 2, 3, 4, 5, 6].map(fixture)).notices.at(-1)!.message).toMatch(/^2 more controller objects are not taken/);
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
