/**
 * What target discovery asks of a file's text alone (does it name a GitOps controller's group, may it hold a
 * Flux Operator sync, a Config Sync cluster selection, a partial workload, a `kind:` line), answered once per
 * text for both sides of a change: base and head share almost every file, as their parses are shared
 * (yaml-documents.ts), and each question is a scan of the whole text when its answer is no (the usual one).
 *
 * A fact is a test of the text (`textFact`); `hasFact(file, fact)` answers it for a file, from the record of
 * the file's text: found first by the file object (each side asks several facts of one file), else by the
 * text (the other side's file object holding the same text), else made. Each fact is tested the first time
 * it is asked of a text, never before, so a side asks no test it did not ask before. The records are kept
 * per text up to a bound on the texts' total size (as the parse cache is), oldest dropped first; a file
 * whose text is past the bound is tested each time, as before.
 */
import { SizedCache } from '../util/sized-cache.js';

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

/** Texts' records, bounded by the texts' total length in characters (the texts are held by the files anyway). */
const RECORDS_MAX_CHARS = 64 * 2 ** 20;
const byText = new SizedCache<string, TextRecord>(RECORDS_MAX_CHARS, (text) => text.length, RECORDS_MAX_CHARS / 4);

/** The record last found for a file object: a side asks several facts of each file, and a text lookup compares whole texts. */
let byFile = new WeakMap<object, TextRecord>();

/** Whether `fact` holds of `file`'s text: its test's answer, tested at most once per text while the record is kept. */
export function hasFact(file: { readonly text: string }, fact: TextFact): boolean {
  const record = recordOf(file);
  if ((record.asked & fact.bit) === 0) {
    record.asked |= fact.bit;
    if (fact.test(record.text)) record.held |= fact.bit;
  }
  return (record.held & fact.bit) !== 0;
}

function recordOf(file: { readonly text: string }): TextRecord {
  const text = file.text;
  const mine = byFile.get(file);
  // The very string when the file object is the one recorded (a pointer comparison); a file object whose text
  // was replaced finds its text's record below.
  if (mine !== undefined && mine.text === text) return mine;
  let record = byText.get(text);
  if (record === undefined) {
    record = { text, asked: 0, held: 0 };
    byText.set(text, record);
  }
  byFile.set(file, record);
  return record;
}

/** Forget every text's record (benchmarks measure cold runs with it; the answers never go stale). */
export function clearTextFacts(): void {
  byText.clear();
  byFile = new WeakMap();
}
