/**
 * What target discovery asks of a file's text alone (does it name a GitOps controller's group, may it hold a
 * Flux Operator sync, a Config Sync cluster selection, a partial workload, a `kind:` line), answered once per
 * file for both sides of a change: head's unchanged files are base's very objects (shared-files.ts), and each
 * question is a scan of the whole text when its answer is no (the usual one), asked by several passes.
 *
 * A fact is a test of the text (`textFact`); `hasFact(file, fact)` answers it from the file object's record,
 * testing the text the first time the fact is asked of it, never before (a side runs no test it did not run
 * before). A record is kept while its file object lives, and only for the text it was made for: a file object
 * holding another text gets a new record. Keyed by object, not by text: looking a text up compares whole texts
 * and cost as much as the scans it would spare.
 */
/** A test of a file's text alone, whose answer discovery keeps per text. Make one with `textFact`. */
export interface TextFact {
  readonly bit: number;
  readonly test: (text: string) => boolean;
}

/** The record of one text: which facts were tested (`asked`) and which of those held (`held`), one bit per fact. */
interface TextRecord {
  readonly text: string;
  asked: number;
  held: number;
}

/** Bits are JavaScript's 32-bit integers; the sign bit is left alone. */
const MAX_FACTS = 31;
let facts = 0;

/**
 * A fact: `test` must depend on the text alone (never on a path, a side or state), as its answer is reused
 * for every file holding that text. Made once per test, at module load; at most 31 in all.
 */
export function textFact(test: (text: string) => boolean): TextFact {
  if (facts >= MAX_FACTS) throw new Error(`text-facts.ts: more than ${MAX_FACTS} facts; widen TextRecord`);
  return { bit: 1 << facts++, test };
}

/** Each file object's record: a side asks several facts of each file, and head's unchanged files are base's very objects (shared-files.ts). */
let byFile = new WeakMap<object, TextRecord>();

/** Whether `fact` holds of `file`'s text: its test's answer, tested at most once per file object and text while the record is kept. */
export function hasFact(file: { readonly text: string }, fact: TextFact): boolean {
  // The record found in place (one lookup, no call): every pass of discovery asks a fact of every file of a side.
  const text = file.text;
  let record = byFile.get(file);
  // The very string when the file object is the one recorded (a pointer comparison); a file object whose text
  // was replaced gets a new record.
  if (record === undefined || record.text !== text) byFile.set(file, (record = { text, asked: 0, held: 0 }));
  const bit = fact.bit;
  if ((record.asked & bit) === 0) {
    record.asked |= bit;
    if (fact.test(text)) record.held |= bit;
  }
  return (record.held & bit) !== 0;
}

/** Forget every text's record (benchmarks measure cold runs with it; the answers never go stale). */
export function clearTextFacts(): void {
  byFile = new WeakMap();
}
