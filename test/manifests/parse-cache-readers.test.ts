/**
 * The parse cache (yaml-documents.ts parseDocuments) serves both readers of a YAML text from one parse: a
 * file base applies alone (kubectl's reader) and head's new kustomization builds (Kustomize's) was parsed
 * again at every render, the rollback's too (re20-monosense 9f15e0b: 14,000 parses of texts kept for the
 * other reader). A JSON text, which the readers read differently, keeps each reader's documents.
 */
import { clearParseCache, parseDocuments } from '../../src/manifests/yaml-documents.js';

beforeEach(() => clearParseCache());

it("a YAML text parsed for one reader is the other's parse too", () => {
  const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a # kubectl and Kustomize alike\n';
  const applied = parseDocuments(text, 'kubectl');
  expect(parseDocuments(text, 'yaml')).toBe(applied);
  expect(parseDocuments(text, 'kubectl')).toBe(applied);
});

it('a JSON stream keeps what each reader reads, each parsed once', () => {
  const text = '{"kind": "Namespace", "metadata": {"name": "a"}}\n{"kind": "Namespace", "metadata": {"name": "b"}}\n';
  const kubectl = parseDocuments(text, 'kubectl');
  const yaml = parseDocuments(text, 'yaml');
  // kubectl decodes every value of the stream; Kustomize's reader takes the first.
  expect(kubectl.map((d) => (d.value as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b']);
  expect(yaml.map((d) => (d.value as { metadata: { name: string } }).metadata.name)).toEqual(['a']);
  expect(parseDocuments(text, 'kubectl')).toBe(kubectl);
  expect(parseDocuments(text, 'yaml')).toBe(yaml);
});

it('a parse made without keeping is not kept', () => {
  const text = 'kind: ConfigMap\nmetadata: {name: c}\n';
  const first = parseDocuments(text, 'yaml', false);
  expect(parseDocuments(text, 'yaml')).not.toBe(first);
});
