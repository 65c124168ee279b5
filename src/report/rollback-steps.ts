/**
 * A rollback's steps, as the text and Markdown list them: one per document, but a renamed namespace the
 * rollback renames back (Rollback.renames, analysis/namespace-renames.ts) is one step, `rename namespace
 * team-beta back to team-b`, citing each object it renames where head writes it, not its halves deleted and
 * restored as if they were separate candidates (the search never takes one half alone).
 */
import type { DocumentChange, Rollback, RollbackRename } from '../analysis/types.js';

/** One renamed object of a rename step: the added document (head's name) and the removed one it was. */
export interface RenamedPair {
  readonly removed: DocumentChange;
  readonly added: DocumentChange;
}

export type RollbackStep = { readonly document: DocumentChange } | { readonly rename: RollbackRename; readonly pairs: readonly RenamedPair[] };

/**
 * The rollback's documents as steps, in their order; a rename's step stands where its first document is. A
 * pair whose halves are not both among the documents (a report that rewrote them) stays two document steps.
 */
export function rollbackSteps(rb: Pick<Rollback, 'documents' | 'renames'>): RollbackStep[] {
  if (!rb.renames?.length) return rb.documents.map((document) => ({ document }));
  const byKey = new Map(rb.documents.map((d) => [d.key, d]));
  const stepOf = new Map<string, { rename: RollbackRename; pairs: RenamedPair[] }>();
  for (const rename of rb.renames) {
    const pairs = rename.pairs.flatMap((p) => {
      const [removed, added] = [byKey.get(p.removed), byKey.get(p.added)];
      return removed && added ? [{ removed, added }] : [];
    });
    if (pairs.length === 0) continue;
    const step = { rename, pairs };
    for (const p of pairs) stepOf.set(p.removed.key, step).set(p.added.key, step);
  }
  const shown = new Set<object>();
  return rb.documents.flatMap((document): RollbackStep[] => {
    const step = stepOf.get(document.key);
    if (!step) return [{ document }];
    if (shown.has(step)) return [];
    shown.add(step);
    return [step];
  });
}

/**
 * A rename step in words: `rename namespace team-beta back to team-b: Namespace/team-beta (ns.yaml:8),
 * NetworkPolicy/team-beta/deny (app.yaml:1)`, each object by its head name, `place` citing its line (head's,
 * where the old name is written back; a pair in two files, both).
 */
export function renameStepText(step: { readonly rename: RollbackRename; readonly pairs: readonly RenamedPair[] }, name: (d: DocumentChange) => string, place: (p: RenamedPair) => string): string {
  return `rename namespace ${step.rename.to} back to ${step.rename.from}: ${step.pairs.map((p) => `${name(p.added)} (${place(p)})`).join(', ')}`;
}
