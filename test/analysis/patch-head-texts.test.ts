/**
 * The rollback patch reads head's texts of the files a revert touches: the first calls on one head list scan
 * it for their files, later ones use a map of every file (patch.ts `headIndex`). Either way a path read twice
 * takes the last file's text, and a file read through a folder link is written under its real path once.
 */
import { replacementHunks, revertedFiles } from '../../src/analysis/patch.js';
import type { DocumentChange } from '../../src/analysis/types.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function head(): ManifestFile[] {
  return [
    { path: 'apps/a.yaml', text: `${doc('stale')}` },
    { path: 'apps/b.yaml', text: `${doc('b')}---\n${doc('b2')}` },
    // Read twice under one path: the last text counts (as a map of the list keeps it).
    { path: 'apps/a.yaml', text: `${doc('a')}---\n${doc('a2')}` },
    // Read through a folder link and under its own path: one file, its real path.
    { path: 'linked/c.yaml', realPath: 'real/c.yaml', text: `${doc('c')}---\n${doc('c2')}` },
    { path: 'real/c.yaml', text: `${doc('c')}---\n${doc('c2')}` },
  ];
}

const added = (file: string, startLine: number): DocumentChange => ({
  key: `ConfigMap/default/${file}#${startLine}`,
  change: 'added',
  objects: [],
  head: { file, startLine, endLine: startLine + 3, text: doc('x') },
});

const edited = (file: string): DocumentChange => ({
  key: `ConfigMap/default/${file}`,
  change: 'edited',
  objects: [],
  base: { file, startLine: 1, endLine: 4, text: doc('restored') },
  head: { file, startLine: 1, endLine: 4, text: doc('a') },
});

describe('the rollback patch reads head texts the same by scan and by map', () => {
  test('every call on one list, past the scans, gives the same files and hunks', () => {
    const files = head();
    const revert = [edited('apps/a.yaml'), added('apps/b.yaml', 6), added('linked/c.yaml', 6)];
    const first = revertedFiles(files, revert);
    expect([...first.keys()].sort()).toEqual(['apps/a.yaml', 'apps/b.yaml', 'real/c.yaml']);
    expect(first.get('apps/a.yaml')!.before).toBe(`${doc('a')}---\n${doc('a2')}`);
    expect(first.get('apps/a.yaml')!.after).toContain('name: restored');
    expect(first.get('real/c.yaml')!.after).toBe(doc('c'));
    const hunks = replacementHunks(revert, files);
    // Enough calls to pass from scans to the map of every file.
    for (let i = 0; i < 8; i++) {
      expect(revertedFiles(files, revert)).toEqual(first);
      expect(replacementHunks(revert, files)).toEqual(hunks);
    }
    // A fresh list of the same files answers as the first list did.
    expect(revertedFiles(head(), revert)).toEqual(first);
  });
});
