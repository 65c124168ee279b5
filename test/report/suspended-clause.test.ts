/**
 * The verdict's clause for targets that apply nothing until someone acts: a suspended Flux Kustomization deploys
 * the change when it resumes, an Argo CD Application synced by hand when someone syncs it.
 */
import { suspendedClause } from '../../src/report/suspended-clause.js';

const flux = (name: string) => ({ what: `Flux Kustomization ${name}`, how: 'suspend' as const });
const argo = (name: string) => ({ what: `Application ${name}`, how: 'manual-sync' as const });

it('one of each kind, several of one kind, both kinds, none', () => {
  expect(suspendedClause([flux('vault')])).toBe('Flux Kustomization vault is suspended: this change deploys there when it resumes, not on merge (see the notes)');
  expect(suspendedClause([argo('shop')])).toBe('Application shop is synced by hand: this change deploys there when someone syncs it, not on merge (see the notes)');
  expect(suspendedClause([argo('a'), argo('b')])).toBe('2 targets (Application a and Application b) are synced by hand: this change deploys there when someone syncs them, not on merge (see the notes)');
  expect(suspendedClause([flux('a'), flux('b'), flux('c'), flux('d')])).toBe('4 targets (Flux Kustomization a, Flux Kustomization b and 2 more) are suspended: this change deploys there when they resume, not on merge (see the notes)');
  expect(suspendedClause([flux('vault'), argo('shop')])).toBe('Flux Kustomization vault is suspended and Application shop is synced by hand: this change deploys there when resumed or synced, not on merge (see the notes)');
  expect(suspendedClause([])).toBe('');
});
