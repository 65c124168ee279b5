/**
 * `documentKeys` (analysis/document-changes.ts): a document's key is the objects it defines, a repeat of a
 * key numbered `K (#2)`, `K (#3)` … in the order met, a later key overwriting an earlier one of the same
 * text. Lists without repeats take a shorter path; on random lists (few keys, literal `K (#2)` keys and
 * multi-object documents among them) both paths give the keys, documents and order of numbering every repeat.
 */
import fc from 'fast-check';
import { documentChanges, documentKeys } from '../../src/analysis/document-changes.js';
import type { ManifestDocument } from '../../src/manifests/load.js';
import { params } from '../property/harness.js';

function doc(objects: readonly string[], line: number): ManifestDocument {
  return { file: 'f.yaml', startLine: line, endLine: line, text: `${objects.join(',')}@${line}`, objects, rejected: [], model: {} as ManifestDocument['model'] };
}

/** The keys as numbered by counting every key (the one way before the shorter path). */
function reference(docs: readonly ManifestDocument[]): [string, ManifestDocument][] {
  const out = new Map<string, ManifestDocument>();
  const counts = new Map<string, number>();
  for (const d of docs) {
    const base = d.objects.length > 0 ? d.objects.join(' + ') : `${d.file}#${d.startLine}`;
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    out.set(n === 1 ? base : `${base} (#${n})`, d);
  }
  return [...out];
}

const KEYS = ['Service/a/x', 'Service/a/x (#2)', 'Service/a/x (#3)', 'NetworkPolicy/a/p', 'ConfigMap/b/c'];
const docsArb = fc.array(fc.array(fc.constantFrom(...KEYS), { maxLength: 2 }), { maxLength: 12 }).map((lists) => lists.map((objects, i) => doc(objects, i + 1)));

describe('documentKeys', () => {
  it('numbers repeated keys in the order met, with or without repeats in the list', () => {
    fc.assert(
      fc.property(docsArb, (docs) => {
        expect([...documentKeys(docs)]).toEqual(reference(docs));
      }),
      params(300),
    );
  });

  it('keys a list without repeats by its documents alone, in order', () => {
    const docs = [doc(['Service/a/x'], 1), doc(['Service/a/x (#2)'], 2), doc(['NetworkPolicy/a/p', 'Service/a/y'], 3), doc([], 4)];
    expect([...documentKeys(docs).keys()]).toEqual(['Service/a/x', 'Service/a/x (#2)', 'NetworkPolicy/a/p + Service/a/y', 'f.yaml#4']);
  });

  it('numbers a repeat even where a literal key of the same text came first, the later document kept under it', () => {
    const docs = [doc(['Service/a/x'], 1), doc(['Service/a/x (#2)'], 2), doc(['Service/a/x'], 3)];
    const keys = documentKeys(docs);
    expect([...keys.keys()]).toEqual(['Service/a/x', 'Service/a/x (#2)']);
    expect(keys.get('Service/a/x (#2)')).toBe(docs[2]);
  });

  it('tells a repeat head adds as added under its number', () => {
    const base = [doc(['Service/a/x'], 1)];
    const head = [doc(['Service/a/x'], 1), doc(['Service/a/x'], 5)];
    expect(documentChanges(base, head).map((c) => [c.key, c.change])).toEqual([['Service/a/x (#2)', 'added']]);
  });
});
