/** Explain results in tests: the value of a resolved answer (or the failure thrown), and one side's explanation. */
import type { SideAnswer } from '../../src/analysis/explain-run.js';

export function answered<T>(r: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

export function explanation(a: SideAnswer) {
  if (a.kind !== 'explained') throw new Error('absent');
  return a.explanation;
}
