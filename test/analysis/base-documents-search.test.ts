/**
 * The rollback's `BaseDocuments.had` answers its first questions by searching base's file texts, later ones from
 * an index of every document's text (analysis/rollback-scope.ts): both give the same answers, for documents of
 * `\n`, `\r\n` and lone `\r` files, JSON streams, texts that are only part of a document, and untrimmed texts.
 */
import { BaseDocuments } from '../../src/analysis/rollback-scope.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n  - port: 80\n`;
const files: ManifestFile[] = [
  { path: 'plain.yaml', text: `${svc('a')}---\n${svc('b')}` },
  { path: 'crlf.yaml', text: `${svc('c')}---\n${svc('d')}`.replace(/\n/g, '\r\n') },
  { path: 'lone-cr.yaml', text: `${svc('e')}\r---\n${svc('f')}` },
  { path: 'stream.json', text: '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "g"}}\n{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "h"}}\n' },
];

const questions: [string, boolean][] = [
  [svc('a'), true],
  [`\n\n${svc('b')}  \n`, true],
  [svc('c'), true],
  [svc('d'), true],
  [svc('e'), true],
  ['{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "h"}}', true],
  ['kind: Service\nmetadata:\n  name: a', false],
  [`${svc('a')}---\n${svc('b')}`, false],
  [svc('z'), false],
];

/** A BaseDocuments past its searches: it answers from its index. */
function indexed(): BaseDocuments {
  const docs = new BaseDocuments(files);
  for (let i = 0; i < 8; i++) docs.had(svc(`warm-${i}`));
  return docs;
}

describe('BaseDocuments.had', () => {
  it.each(questions)('answers by search as by index: %j', (text, expected) => {
    expect(new BaseDocuments(files).had(text)).toBe(expected);
    expect(indexed().had(text)).toBe(expected);
  });

  it('answers every question the same across the switch from searches to the index', () => {
    const docs = new BaseDocuments(files);
    expect(questions.map(([text]) => docs.had(text))).toEqual(questions.map(([, expected]) => expected));
  });
});
