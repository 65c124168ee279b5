/**
 * The errors the prose lists and counts: a policy's generic error (`NetworkPolicy data/typo would be rejected
 * by the API server; it is not applied`, manifests/load.ts `notAppliedMessage`) is folded into the first of
 * that policy's own errors in the same file, which say why (new-user 46: "3 errors" and a line adding only "it
 * is not applied" for a policy with two unknown fields). JSON and the check run's annotations keep every error.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';

/** The owner (`NetworkPolicy data/typo`) of a generic "not applied" error of the API server's (Diagnostic `unapplied`), if `d` is one. */
function notAppliedOwner(d: Diagnostic): string | undefined {
  const u = d.unapplied;
  if (d.severity !== 'error' || d.code !== 'INVALID_FIELD' || u === undefined || u.by !== 'api-server' || u.keptBase) return undefined;
  return u.owner;
}

/**
 * `errors` with each generic "not applied" error whose object has another error in the same file left out, and
 * that other error (the first) ending `; it is not applied`; the order is otherwise kept. Errors are matched to
 * the object by their message's lead (`NetworkPolicy data/typo: …`).
 */
export function listedErrors(errors: readonly Diagnostic[]): Diagnostic[] {
  const folded = new Map<Diagnostic, Diagnostic>();
  for (const d of errors) {
    const owner = notAppliedOwner(d);
    if (owner === undefined) continue;
    const own = errors.find((e) => e !== d && e.severity === 'error' && e.ref.file === d.ref.file && e.message.startsWith(`${owner}: `) && !folded.has(e));
    if (own) folded.set(d, own);
  }
  if (folded.size === 0) return [...errors];
  const carriers = new Set(folded.values());
  return errors.filter((d) => !folded.has(d)).map((d) => (carriers.has(d) ? { ...d, message: `${d.message}; it is not applied` } : d));
}
