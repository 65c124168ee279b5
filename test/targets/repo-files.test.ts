import fc from 'fast-check';
import { RepoFiles } from '../../src/targets/repo-files.js';

/** What `under` means: the files whose path starts with the folder's, at any depth or only its own, in the given order. */
function definition(paths: readonly string[], folder: string, recurse: boolean): string[] {
  const prefix = folder === '' ? '' : `${folder}/`;
  return paths.filter((p) => p.startsWith(prefix) && (recurse || !p.slice(prefix.length).includes('/')));
}

const segment = fc.constantFrom('a', 'b', 'ab', 'base', 'x.yaml', 'kustomization.yaml');
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

describe('RepoFiles.under', () => {
  it('gives the files under a folder, own or at every depth, in the order of the files (folders named alike included)', () => {
    fc.assert(
      fc.property(fc.array(path, { maxLength: 40 }), fc.array(segment, { maxLength: 3 }), (paths, folderParts) => {
        const files = new RepoFiles(paths.map((p) => ({ path: p, text: '' })));
        for (const folder of [folderParts.join('/'), ...files.folders]) {
          for (const recurse of [true, false]) expect(files.under(folder, recurse).map((f) => f.path)).toEqual(definition(paths, folder, recurse));
        }
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
