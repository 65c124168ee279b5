/**
 * A kustomization a Flux Kustomization builds carries Flux's edit as an appended document (kustomize/flux-edit.ts).
 * Reverting a kustomization the change added removed its own lines and left the edit alone, which then read as a
 * kustomization of kind FluxKustomizationEdit and failed the reverted build (real repositories 34: a new Flux
 * cluster's rollback searched on failing builds only). The file is gone once reverted.
 */
import { revertedFiles } from '../../src/analysis/patch.js';
import type { DocumentChange } from '../../src/analysis/types.js';

const own = 'resources:\n  - app.yaml\n';
const edit = 'kind: FluxKustomizationEdit\nkustomization: {kind: Kustomization, name: apps}\npatches: []\ncomponents: []\nimages: []\n';
const added = (file: string): DocumentChange => ({ key: `${file}#0`, change: 'added', objects: [], head: { file, startLine: 1, endLine: 2, text: own } });

it('an added kustomization holding Flux\'s edit, reverted: the file is deleted, not left with the edit', () => {
  const file = 'apps/tools/kustomization.yaml';
  expect(revertedFiles([{ path: file, text: `${own}---\n${edit}` }], [added(file)]).get(file)).toEqual({ before: `${own}---\n${edit}`, after: null });
});

it('guard: a file keeping a document of its own keeps it', () => {
  const file = 'apps/tools/all.yaml';
  const kept = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n';
  expect(revertedFiles([{ path: file, text: `${own}---\n${kept}` }], [added(file)]).get(file)?.after).toContain('name: kept');
});
