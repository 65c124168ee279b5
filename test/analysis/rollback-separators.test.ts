/**
 * A rollback that deletes a document from a multi-document file takes one `---` with it: the patch leaves no
 * empty document and no separator at the file's top or end that base did not have, whether the document was
 * the file's first, a middle one, its last or its only one, and `git apply` of the patch gives base's text
 * back. The suggestions delete the same lines. A document restored at the end of a file ending with `---`
 * adds no second one.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { patchedFiles } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
/** An added policy admitting every source to the shop pods: the rollback deletes it. */
const open = (name = 'open') => deny.replace('name: deny', `name: ${name}`).replace('policyTypes: [Ingress]', 'policyTypes: [Ingress]\n  ingress:\n  - {}');

/** Head's files after the rollback patch, applied with `git apply --whitespace=error`, by path. */
async function rolledBack(base: Record<string, string>, head: Record<string, string>) {
  const asFiles = (files: Record<string, string>): ManifestFile[] => Object.entries(files).map(([path, text]) => ({ path, text }));
  const report = analyzeDiff(asFiles(base), asFiles(head));
  expect(report.rollback.documents.length).toBeGreaterThan(0);
  const after = await patchedFiles(asFiles(head), report.rollback.patch);
  return { files: Object.fromEntries(after.map((f) => [f.path, f.text])), report };
}

describe('a rollback deleting a document keeps the file clean YAML, and git apply gives base back', () => {
  const cases: [string, Record<string, string>, Record<string, string>][] = [
    ['the first document', { 'all.yaml': `${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `${open()}---\n${ns}---\n${app}---\n${deny}` }],
    ['a middle document', { 'all.yaml': `${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `${ns}---\n${app}---\n${open()}---\n${deny}` }],
    ['the last document', { 'all.yaml': `${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `${ns}---\n${app}---\n${deny}---\n${open()}` }],
    ['the last document of a file ending with ---', { 'all.yaml': `${ns}---\n${app}---\n${deny}---\n` }, { 'all.yaml': `${ns}---\n${app}---\n${deny}---\n${open()}---\n` }],
    ['the first document of a file opening with ---', { 'all.yaml': `---\n${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `---\n${open()}---\n${ns}---\n${app}---\n${deny}` }],
    ['the first document after a comment-only header', { 'all.yaml': `# shop\n---\n${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `# shop\n---\n${open()}---\n${ns}---\n${app}---\n${deny}` }],
    ['a document after a separator with a comment', { 'all.yaml': `${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `${ns}--- # the opening\n${open()}---\n${app}---\n${deny}` }],
    ['the first two documents', { 'all.yaml': `${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `${open()}---\n${open('open2')}---\n${ns}---\n${app}---\n${deny}` }],
    ['the first and the last document', { 'all.yaml': `${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `${open()}---\n${ns}---\n${app}---\n${deny}---\n${open('open2')}` }],
    ['the last two documents', { 'all.yaml': `${ns}---\n${app}---\n${deny}` }, { 'all.yaml': `${ns}---\n${app}---\n${deny}---\n${open()}---\n${open('open2')}` }],
    ['a middle document, with \\r\\n line ends', { 'all.yaml': `${ns}---\n${app}---\n${deny}`.replace(/\n/g, '\r\n') }, { 'all.yaml': `${ns}---\n${app}---\n${open()}---\n${deny}`.replace(/\n/g, '\r\n') }],
  ];
  it.each(cases)('%s', async (_, base, head) => {
    const { files } = await rolledBack(base, head);
    expect(files).toEqual(base);
  });

  it('the only document of a file the pull request adds, with or without separators: the file goes', async () => {
    const base = { 'all.yaml': `${ns}---\n${app}---\n${deny}` };
    for (const only of [open(), `---\n${open()}`, `${open()}---\n`, `---\n${open()}---\n`]) {
      const { files, report } = await rolledBack(base, { ...base, 'open.yaml': only });
      expect([only, files]).toEqual([only, base]);
      expect(report.rollback.patch).toContain('deleted file mode');
    }
  });

  it('the only document of a file base holds with a comment alone: the comment stays, no separator', async () => {
    const base = { 'all.yaml': `${ns}---\n${app}---\n${deny}`, 'extra.yaml': '# policies go here\n' };
    const { files } = await rolledBack(base, { ...base, 'extra.yaml': `# policies go here\n---\n${open()}` });
    expect(files).toEqual(base);
  });

  it('a document restored at the end of a file that ends with --- adds no second separator', async () => {
    const base = { 'all.yaml': `${ns}---\n${app}---\n${deny}` };
    const { files } = await rolledBack(base, { 'all.yaml': `${ns}---\n${app}---\n` });
    expect(files).toEqual(base);
  });

  it("the suggestions delete the same lines: a middle document with the --- above it, the first with the one below it", async () => {
    const middle = await rolledBack({ 'all.yaml': `${ns}---\n${deny}` }, { 'all.yaml': `${ns}---\n${open()}---\n${deny}` });
    const nsLines = ns.split('\n').length - 1;
    const openLines = open().split('\n').length - 1;
    expect(middle.report.rollback.hunks.map((h) => [h.startLine, h.endLine, h.replacement])).toEqual([[nsLines + 1, nsLines + 1 + openLines, '']]);
    const first = await rolledBack({ 'all.yaml': `${ns}---\n${deny}` }, { 'all.yaml': `${open()}---\n${ns}---\n${deny}` });
    expect(first.report.rollback.hunks.map((h) => [h.startLine, h.endLine, h.replacement])).toEqual([[1, openLines + 1, '']]);
  });
});
