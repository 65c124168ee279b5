/**
 * The copies of one object warned about at one line are one warning line, saying how many and their
 * namespaces (real repositories 41, tholinka 6f6950b8: 12 UNSUPPORTED_FIELD lines, one per namespace's
 * copy of a Component's OCIRepository); different warnings at one line stay apart; JSON is not folded.
 */
import type { Diagnostic } from '../../src/manifests/diagnostics.js';
import { foldCopyWarnings } from '../../src/report/copy-warnings.js';
import { warningLines } from '../../src/report/warning-lines.js';

const ref = { file: 'components/repos/app-template/ocirepository.yaml', line: 13 };
const copy = (ns: string, releases: string): Diagnostic => ({
  severity: 'warning',
  code: 'UNSUPPORTED_FIELD',
  message: `OCIRepository ${ns}/app-template (spec.ref.tag 5.0.0) serves app-template chart 5: the releases that use it (${releases}) are read as chart 4`,
  ref,
});
const copies = [copy('media', 'HelmRelease media/a'), copy('db', 'HelmRelease db/b, HelmRelease db/c'), copy('media', 'HelmRelease media/d'), copy('net', 'HelmRelease net/e')];

it('one line for the copies: the first copy\'s words, how many and their namespaces', () => {
  const lines = warningLines({ base: [], head: copies });
  expect(lines.fresh).toEqual([
    `${ref.file}:13: warning: OCIRepository media/app-template (spec.ref.tag 5.0.0) serves app-template chart 5: the releases that use it (HelmRelease media/a) are read as chart 4; the same holds for the 3 other copies read at this line (4 in all, in namespaces db, media, net) [UNSUPPORTED_FIELD]`,
  ]);
});

it('other warnings, at other lines or saying something else at the same line, are kept as they are', () => {
  const other: Diagnostic = { ...copies[0], message: 'OCIRepository media/app-template: spec.verify is not read' };
  const elsewhere: Diagnostic = { ...copies[1], ref: { ...ref, line: 20 } };
  const folded = foldCopyWarnings([copies[0], other, copies[1], elsewhere]);
  expect(folded.map((d) => [d.ref.line, d.message.endsWith('(2 in all, in namespaces db, media)')])).toEqual([[13, true], [13, false], [20, false]]);
  expect(foldCopyWarnings([copies[0], other])).toEqual([copies[0], other]);
});

it('list and lint tell the copies once too: their stderr lines and their Markdown warnings section', async () => {
  const { diagnosticLines } = await import('../../src/report/copy-warnings.js');
  const { warningsMarkdown } = await import('../../src/report/list-formats.js');
  expect(diagnosticLines(copies).split('\n')).toEqual([expect.stringContaining('(4 in all, in namespaces db, media, net) [UNSUPPORTED_FIELD]'), '']);
  expect(warningsMarkdown(copies).split('\n').filter((l) => l.startsWith('- '))).toEqual([expect.stringContaining('(4 in all, in namespaces db, media, net)')]);
  expect(diagnosticLines([])).toBe('');
});
