/**
 * A kustomization file that writes a key twice builds, the last value winning, as `kubectl kustomize` builds it
 * (Konflux's production overlay once held a patch with two `target:` keys); an object's file stays strict, as
 * Kubernetes' reader rejects it there.
 */
import { renderKustomization } from '../../src/kustomize/index.js';
import type { Json } from '../../src/kustomize/index.js';

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: %s}\nspec: {podSelector: {}}\n';

it('a key written twice in a kustomization takes its last value', () => {
  const files = new Map([
    ['app/a.yaml', POLICY.replace('%s', 'a')],
    ['app/b.yaml', POLICY.replace('%s', 'b')],
    ['app/kustomization.yaml', 'resources: [a.yaml, b.yaml]\nnamespace: first\npatches:\n  - patch: |-\n      - {op: add, path: /metadata/labels, value: {patched: "yes"}}\n    target: {name: a}\n    target: {name: b}\nnamespace: second\n'],
  ]);
  const r = renderKustomization(files, 'app');
  expect(r.ok).toBe(true);
  const meta = (name: string) => r.objects.map((o) => o.value.metadata as Json).find((m) => m.name === name);
  expect(meta('a')).toEqual({ name: 'a', namespace: 'second' });
  expect(meta('b')).toEqual({ name: 'b', namespace: 'second', labels: { patched: 'yes' } });
});

it('a key written twice in a resource file is still an error', () => {
  const files = new Map([
    ['app/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n'],
    ['app/kustomization.yaml', 'resources: [a.yaml]\n'],
  ]);
  expect(renderKustomization(files, 'app').ok).toBe(false);
});
