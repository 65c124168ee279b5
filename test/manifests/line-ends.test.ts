/**
 * Lines are counted alike for files ending their lines with `\n`, `\r\n` or a lone `\r` (util/line-ends.ts):
 * document positions, field lines, JSON syntax errors, bad separators, the findings and the rollback patch.
 * A lone-`\r` file read every line as line 1: a policy file starting with a comment line was one comment
 * line, so its policy went unread ("No change in allowed connectivity" for a change opening a path). And
 * as kubectl reads it: Kubernetes' YAML reader splits documents at `\n` only, so after a lone `\r` a `---`
 * ends what kubectl reads of the file (go-yaml takes the first document): an error at that line.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { findBadSeparator } from '../../src/manifests/document-separator.js';
import { jsonSyntaxError } from '../../src/manifests/json-syntax.js';
import { parseDocuments } from '../../src/manifests/yaml-documents.js';
import { lineAtOffset, lineCount, linesWithEnds, textLines } from '../../src/util/line-ends.js';
import { substitute } from '../../src/targets/substitute.js';
import { folderMentions } from '../../src/targets/folder-mentions.js';
import { headLineOf } from '../../src/analysis/change-lines.js';
import { sideTreesSync } from '../helpers/git.js';

const ENDS = { lf: '\n', crlf: '\r\n', cr: '\r' } as const;
const withEnds = (text: string, end: string) => text.replace(/\n/g, end);

const POLICY = (peer: string) =>
  '# the policies of shop\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: ' +
  peer +
  '\n';
const APPS = ['api', 'web'].map((n) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${n}\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${n}\n`).join('---\n');

describe('util/line-ends.ts', () => {
  it.each(Object.entries(ENDS))('%s: lines, their count, the line of an offset', (_, end) => {
    const text = withEnds('a\nbb\n\nc\n', end);
    expect(textLines(text)).toEqual(['a', 'bb', '', 'c', '']);
    expect(lineCount(text)).toBe(4);
    expect(lineAtOffset(text, text.indexOf('c'))).toBe(4);
    expect(linesWithEnds(text).join('')).toBe(text);
    expect(linesWithEnds(text)).toHaveLength(4);
  });
});

describe('positions, whatever the line ends', () => {
  it.each(Object.entries(ENDS))('%s: documents and their mappings at the same lines', (_, end) => {
    const text = withEnds(`${APPS}---\n${POLICY('web')}`, end);
    const docs = parseDocuments(text, 'yaml').filter((d) => !d.error);
    // A lone \r hides the separators from kubectl: only the first document is read (the next test).
    const expected = end === '\r' ? [[1, 10]] : [[1, 10], [12, 21], [23, 37]];
    expect(docs.map((d) => [d.startLine, d.endLine])).toEqual(expected);
    const spec = (docs[0].value as { spec: object }).spec;
    expect(docs[0].lines.get(spec)).toBe(6);
  });

  it('a lone \\r before "---": kubectl reads only the document before it; the rest is an error at that line', () => {
    const docs = parseDocuments(withEnds(`${APPS}---\n${POLICY('web')}`, '\r'), 'yaml');
    expect(docs.map((d) => [d.startLine, d.endLine, d.error?.line])).toEqual([[1, 10, undefined], [11, 37, 11]]);
    expect(docs[1].error?.message).toMatch(/^the "---" at line 11 follows a lone carriage return \(\\r\) line end, .* kubectl .* reads only the document before it, so lines 11-37 of this file are not applied/);
  });

  it('a bad separator and a JSON syntax error at their lines; a "---" after a lone \\r is no separator of kubectl', () => {
    for (const end of Object.values(ENDS)) {
      expect(findBadSeparator(withEnds('a: 1\nb: 2\n--- {c: 3}\n', end))?.line).toBe(end === '\r' ? undefined : 3);
      expect(jsonSyntaxError(withEnds('{\n"a": 1,\n}\n', end))?.line).toBe(2);
    }
  });
});

describe('diff over a file with each line end', () => {
  it.each(Object.entries(ENDS))('%s: the opened path at its peer line (13), the rollback patch applies and gives base back', async (_, end) => {
    const dir = sideTreesSync({ base: { 'apps.yaml': APPS, 'policy.yaml': withEnds(POLICY('none'), end) }, head: { 'apps.yaml': APPS, 'policy.yaml': withEnds(POLICY('web'), end) } });
    const out = await main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', 'json']);
    const json = JSON.parse(out.stdout) as { summary: { opened: number }; rollback: { patch: string; documents: { file: string; line: number }[] } };
    expect(json.summary.opened).toBe(1);
    expect(out.stdout).toMatch(/"file": "policy\.yaml",\s*"line": 13\b/);
    expect(json.rollback.documents).toEqual([expect.objectContaining({ file: 'policy.yaml', line: 2 })]);
    execFileSync('git', ['apply', '-'], { cwd: join(dir, 'head'), input: json.rollback.patch });
    expect(await readFile(join(dir, 'head', 'policy.yaml'), 'utf8')).toBe(withEnds(POLICY('none'), end));
  });
});

describe('lines of the text a report cites, whatever the line ends', () => {
  it.each(Object.entries(ENDS))('%s: a Flux variable emptied at its line, a folder named at its line, a base line moved to its head line', (_, end) => {
    // A lone \r counted no line here: every emptied variable and every mention was on line 1.
    const emptied = substitute(withEnds('# net\nspec:\n  cidr: ${NODE_CIDR}\n', end), {}).emptied;
    expect([...(emptied ?? new Map())]).toEqual([[3, ['NODE_CIDR']]]);
    const mention = folderMentions(['apps/shop/np.yaml'], [{ path: 'list.yaml', text: withEnds('# apps\nfolders:\n  - apps/shop\n', end) }]).get('apps/shop/np.yaml');
    expect(mention && [mention.line, mention.text]).toEqual([3, '- apps/shop']);
    // Two lines added above base line 3 ("c"): head line 5; the last line stays the last.
    expect(headLineOf(withEnds('a\nb\nc\n', end), withEnds('a\nx\ny\nb\nc\n', end), 3)).toBe(5);
    expect(headLineOf(withEnds('a\nb\nc\n', end), withEnds('a\nb\n', end), 3)).toBe(2);
  });
});
