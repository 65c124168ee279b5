/**
 * A block scalar header written on the line after its key at the key's own column: go-yaml (Kustomize,
 * kubectl, Argo CD) reads it, js-yaml refused it, and a build holding such a ConfigMap read as failing,
 * every policy change under it "not analysed" (real-eval 29). Checked with `kubectl kustomize` 5.5: the
 * header at the key's column builds; an anchor, a quoted or a plain scalar there fails.
 */
import { renderKustomization } from '../../src/kustomize/index.js';
import type { Json } from '../../src/kustomize/index.js';
import { clearParseCache, parseDocuments } from '../../src/manifests/yaml-documents.js';
import { fileSet } from '../kustomize/files.js';

beforeEach(() => clearParseCache());

const configMap = (header: string) =>
  ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: broker', 'data:', '  broker.conf:', `  ${header}`, '    listener 1883', '    persistence true', ''].join('\n');

it('a literal header at its key column reads as go-yaml reads it, on the same lines', () => {
  const [doc] = parseDocuments(configMap('|'), 'yaml');
  expect(doc.error).toBeUndefined();
  expect((doc.value as { data: Record<string, string> }).data).toEqual({ 'broker.conf': 'listener 1883\npersistence true\n' });
  const deeper = parseDocuments(configMap(' |'), 'kubectl')[0];
  expect([...doc.lines.values()]).toEqual([...deeper.lines.values()]);
  // The document keeps the text as written.
  expect(doc.text).toBe(configMap('|'));
});

it('folded headers with indicators, a comment after the header, and a key under a list item', () => {
  expect((parseDocuments(configMap('>-'), 'yaml')[0].value as { data: Json }).data).toEqual({ 'broker.conf': 'listener 1883 persistence true' });
  expect((parseDocuments(configMap('|+ # kept'), 'yaml')[0].value as { data: Json }).data).toEqual({ 'broker.conf': 'listener 1883\npersistence true\n' });
  const list = ['items:', '- name: a', '  value:', '', '  # the script', '  |', '    echo a', ''].join('\n');
  const [doc] = parseDocuments(list, 'kubectl');
  expect(doc.error).toBeUndefined();
  expect(doc.value).toEqual({ items: [{ name: 'a', value: 'echo a\n' }] });
});

it('what go-yaml refuses at the key column stays an error: an anchor, a quoted scalar, a header left of the key', () => {
  expect(parseDocuments(configMap('&conf |'), 'yaml')[0].error).toBeDefined();
  expect(parseDocuments(['data:', '  conf:', '  "text"', ''].join('\n'), 'yaml')[0].error).toBeDefined();
  expect(parseDocuments(['data:', '  conf:', '|', '  text', ''].join('\n'), 'yaml')[0].error).toBeDefined();
  // A key whose value ends in a colon is no empty key.
  expect(parseDocuments(['data:', '  url: http://a:', '  |', '    text', ''].join('\n'), 'yaml')[0].error).toBeDefined();
});

it('a text that parses is read as written (a header-like line inside a literal block stays content)', () => {
  const text = ['data:', '  script: |', '    conf:', '    |', '    done', ''].join('\n');
  expect(parseDocuments(text, 'yaml')[0].value).toEqual({ data: { script: 'conf:\n|\ndone\n' } });
});

it('a kustomization holding such a ConfigMap builds, and its policy is rendered', () => {
  const files = fileSet({
    'app/kustomization.yaml': `
      resources:
        - configmap.yaml
        - policy.yaml
    `,
    'app/configmap.yaml': configMap('|'),
    'app/policy.yaml': `
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: broker-egress
      spec:
        podSelector:
          matchLabels:
            app: broker
        policyTypes: [Egress]
    `,
  });
  const r = renderKustomization(files, 'app');
  expect(r.ok).toBe(true);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.objects.map((o) => o.value.kind)).toEqual(['ConfigMap', 'NetworkPolicy']);
});
