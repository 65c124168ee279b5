/**
 * Discovery's per-text facts (targets/text-facts.ts): every answer is its test's answer on the file's text as it
 * is now, and each test runs once per file object and text until the records are forgotten.
 */
import fc from 'fast-check';
import { clearTextFacts, hasFact, textFact } from '../../src/targets/text-facts.js';
import { params } from '../property/harness.js';

/** Texts that hold the facts below in every combination, and a copy of each in a distinct string. */
const TEXTS = ['', 'kind: Deployment\n', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\n', 'sync: {}\n# argoproj.io/\n', 'ENC[abc]\nsops:\n', 'a'.repeat(300)];
const distinct = (text: string): string => text.split('').join('');

/** Test calls per fact and text, to see a test run once per file and text. */
const calls = new Map<string, number>();
const counted = (name: string, test: (text: string) => boolean) =>
  textFact((text) => {
    const key = `${name}\0${text}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    return test(text);
  });
const FACTS = [
  { name: 'kind', test: (t: string) => t.includes('kind:') },
  { name: 'argo', test: (t: string) => t.includes('argoproj.io/') },
  { name: 'sync', test: (t: string) => t.includes('sync') },
  { name: 'long', test: (t: string) => t.length > 100 },
].map((f) => ({ ...f, fact: counted(f.name, f.test) }));

type Step = { readonly kind: 'ask'; readonly file: number; readonly fact: number } | { readonly kind: 'retext'; readonly file: number; readonly text: number; readonly copy: boolean } | { readonly kind: 'clear' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('ask' as const), file: fc.nat({ max: 5 }), fact: fc.nat({ max: FACTS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retext' as const), file: fc.nat({ max: 5 }), text: fc.nat({ max: TEXTS.length - 1 }), copy: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
);

describe('text facts', () => {
  it('answer each test on the file’s present text, testing a file’s text once until forgotten', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: TEXTS.length - 1 }), { minLength: 6, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.array(stepArb, { maxLength: 60 }), (texts, copies, steps) => {
        clearTextFacts();
        calls.clear();
        // Mutable on purpose: a file object whose text is replaced must not keep its old text's answers.
        const files = texts.map((t, i) => ({ text: copies[i] ? distinct(TEXTS[t]) : TEXTS[t] }));
        /** Per file, the facts asked since its text was last set or the records forgotten: those are not tested again. */
        const asked = files.map(() => new Set<number>());
        for (const step of steps) {
          if (step.kind === 'clear') {
            clearTextFacts();
            asked.forEach((s) => s.clear());
          } else if (step.kind === 'retext') {
            files[step.file].text = step.copy ? distinct(TEXTS[step.text]) : TEXTS[step.text];
            asked[step.file].clear();
          } else {
            const { name, test, fact } = FACTS[step.fact];
            const file = files[step.file];
            const key = `${name}\0${file.text}`;
            const before = calls.get(key) ?? 0;
            expect(hasFact(file, fact)).toBe(test(file.text));
            expect(calls.get(key) ?? 0).toBe(asked[step.file].has(step.fact) ? before : before + 1);
            asked[step.file].add(step.fact);
          }
        }
      }),
      params(300),
    );
  });

  it('answers a fact once for a file object both sides hold, and apart for another object', () => {
    clearTextFacts();
    calls.clear();
    const text = TEXTS[2];
    const [argo] = FACTS.filter((f) => f.name === 'argo');
    const file = { text };
    expect(hasFact(file, argo.fact)).toBe(true);
    expect(hasFact(file, argo.fact)).toBe(true);
    expect(calls.get(`argo\0${text}`)).toBe(1);
    // Another object with another text (the same path on the other side, changed) gets its own answer.
    expect(hasFact({ text: TEXTS[1] }, argo.fact)).toBe(false);
  });

  it('refuses more facts than a record holds', () => {
    // 4 facts here; the modules imported above make none (text-facts.ts alone is imported).
    const made = [];
    for (let i = 0; i < 27; i++) made.push(textFact(() => true));
    expect(() => textFact(() => true)).toThrow(/more than 31 facts/);
  });
});
