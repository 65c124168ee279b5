/**
 * The identities object-identities.ts reads from a text's lines (kind, metadata name and namespace) are the
 * parser's: on random block-style manifests (comments, blank lines, `\r\n` line ends, metadata at several
 * indentations with nested `name:` keys, quoted, commented and null values, separator-like text inside
 * lines, flow-style metadata), every document's key is the one js-yaml's value gives, and kept scans answer
 * as fresh ones.
 */
import fc from 'fast-check';
import { clearIdentityScans, decidingObjects, definedObjects, objectKey } from '../../src/targets/object-identities.js';
import { parseDocuments } from '../../src/manifests/yaml-documents.js';
import { isObject } from '../../src/manifests/context.js';
import { params } from '../property/harness.js';

const VALUES = ['web', 'a-b.c_1', '"quoted"', "'single'", 'null', '~', 'web # trailing', '"x" # c', 'nul', 'n-1', 'a...b', 'a---b', 'a --- b', 'x.y'];
const KINDS = ['Deployment', 'NetworkPolicy', 'ConfigMap', 'Service'];

/** One metadata entry's lines at indentation `indent` (nested keys deeper). */
const entryArb = (indent: number): fc.Arbitrary<{ readonly key: string; readonly lines: readonly string[] }> => {
  const pad = ' '.repeat(indent);
  return fc.oneof(
    fc.constantFrom(...VALUES).map((v) => ({ key: 'name', lines: [`${pad}name: ${v}`] })),
    fc.constantFrom(...VALUES).map((v) => ({ key: 'namespace', lines: [`${pad}namespace: ${v}`] })),
    fc.constantFrom(...VALUES).map((v) => ({ key: 'labels', lines: [`${pad}labels:`, `${pad}  name: ${v}`, `${pad}  namespace: other`] })),
    fc.constant({ key: 'annotations', lines: [`${pad}annotations: {a: b}`] }),
    fc.constant({ key: 'nameSuffix', lines: [`${pad}nameSuffix: z`] }),
  );
};

/** Lines that may stand between entries: nothing, a blank line, a comment at any indentation. */
const fillerArb = fc.constantFrom<readonly string[]>([], [], [''], ['# note'], ['   # deeper note'], [' # shallow']);

const metadataArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(1, 2, 4).chain((indent) => fc.uniqueArray(fc.tuple(entryArb(indent), fillerArb), { selector: ([e]) => e.key, maxLength: 5 })).map((entries) => ['metadata:', ...entries.flatMap(([e, filler]) => [...filler, ...e.lines])]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('web', 'a-b'), fc.constantFrom('', ', namespace: shop')).map(([n, ns]) => [`metadata: {name: ${n}${ns}}`]) },
);

const documentArb = fc
  .tuple(fc.boolean(), fc.constantFrom(...KINDS), metadataArb, fc.boolean(), fc.boolean(), fillerArb)
  .map(([kindFirst, kind, metadata, spec, apiVersion, filler]) => {
    const kindLine = [`kind: ${kind}`];
    const body = kindFirst ? [...kindLine, ...filler, ...metadata] : [...metadata, ...filler, ...kindLine];
    return [...(apiVersion ? ['apiVersion: v1'] : []), ...body, ...(spec ? ['spec:', '  name: inner', '  selector: {}'] : [])];
  });

const textArb = fc
  .tuple(fc.array(documentArb, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom('---', '--- # next', '...\n---'), { minLength: 3, maxLength: 3 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([docs, separators, eol, leading]) => {
    const lines = [...(leading ? ['# a file', '---'] : [])];
    docs.forEach((d, i) => lines.push(...(i > 0 ? separators[i - 1].split('\n') : []), ...d));
    return lines.join(eol) + eol;
  });

/** The keys js-yaml's values give: a document with a kind and a non-empty metadata name. */
function parsedKeys(text: string, pathNamespace: string | undefined): string[] {
  return parseDocuments(text, 'kubectl').flatMap((d) => {
    const v = d.value;
    if (!isObject(v) || typeof v.kind !== 'string' || !isObject(v.metadata)) return [];
    const { name, namespace } = v.metadata;
    if (typeof name !== 'string' || name === '') return [];
    return [objectKey(v.kind, typeof namespace === 'string' && namespace !== '' ? namespace : pathNamespace, name)];
  });
}

describe('object identities read from lines', () => {
  it("are the parser's, kept or fresh", () => {
    fc.assert(
      fc.property(textArb, fc.constantFrom(undefined, 'from-path'), (text, ns) => {
        clearIdentityScans();
        const expected = parsedKeys(text, ns);
        // A distinct string each time: a fresh scan, then the kept one.
        const fresh = definedObjects(text.split('').join(''), ns);
        expect(fresh.map((d) => d.key)).toEqual(expected);
        expect(definedObjects(text, ns).map((d) => d.key)).toEqual(expected);
        expect(decidingObjects(text, ns).map((d) => d.key)).toEqual(fresh.filter((d) => d.deciding).map((d) => d.key));
        expect(definedObjects(text, 'another').map((d) => d.key)).toEqual(parsedKeys(text, 'another'));
      }),
      params(1500),
    );
  });

  it('keeps one list per text and path namespace', () => {
    clearIdentityScans();
    const text = 'kind: Deployment\nmetadata:\n  name: a\n---\nkind: ConfigMap\nmetadata:\n  name: b\n';
    const first = definedObjects(text, undefined);
    expect(definedObjects(text, undefined)).toBe(first);
    const other = definedObjects(text, 'ns');
    expect(other.map((d) => d.key)).toEqual(['Deployment/ns/a', 'ConfigMap/ns/b']);
    expect(definedObjects(text, 'ns')).toBe(other);
    expect(definedObjects(text, undefined)).toBe(first);
    expect(decidingObjects(text, 'ns')).toBe(decidingObjects(text, 'ns'));
    expect(decidingObjects(text, 'ns').map((d) => d.key)).toEqual(['Deployment/ns/a']);
  });
});
