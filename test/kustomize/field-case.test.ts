/**
 * Kustomize matches a kustomization's keys to its fields as Go's encoding/json does: exactly, else in any case
 * (`apiversion:`, `Resources:`); only a key matching no field is unknown (kubectl kustomize v5.5 agrees). A
 * kustomization written `apiversion:` failed here as "unknown field" while kubectl builds it (real repositories 33).
 * Fixtures: written here, by hand.
 */
import { renderKustomization } from '../../src/kustomize/index.js';
import type { Json } from '../../src/kustomize/index.js';
import { readKustomization } from '../../src/targets/kustomizations.js';
import { referencedFiles } from '../../src/kustomize/repository.js';

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: %s}\nspec: {podSelector: {}}\n';
const KUSTOMIZATION = 'apiversion: kustomize.config.k8s.io/v1beta1\nKind: Kustomization\nNamespace: web\nRESOURCES:\n  - a.yaml\n';

it('keys in another case are the fields they name: the build applies them', () => {
  const files = new Map([['app/a.yaml', POLICY.replace('%s', 'a')], ['app/kustomization.yaml', KUSTOMIZATION]]);
  const r = renderKustomization(files, 'app');
  expect(r.ok).toBe(true);
  expect(r.objects.map((o) => o.value.metadata as Json)).toEqual([{ name: 'a', namespace: 'web' }]);
});

it('a field written twice in two cases takes the later value', () => {
  const files = new Map([['app/a.yaml', POLICY.replace('%s', 'a')], ['app/kustomization.yaml', 'resources: [a.yaml]\nnamespace: first\nNamespace: second\n']]);
  expect(renderKustomization(files, 'app').objects.map((o) => (o.value.metadata as Json).namespace)).toEqual(['second']);
});

it('a key that names no field in any case is still an error at its line', () => {
  const files = new Map([['app/a.yaml', POLICY.replace('%s', 'a')], ['app/kustomization.yaml', 'resources: [a.yaml]\nresource: [b.yaml]\n']]);
  const r = renderKustomization(files, 'app');
  expect(r.ok).toBe(false);
  expect(r.diagnostics.map((d) => [d.message, d.ref.line])).toEqual([[expect.stringContaining('unknown field "resource"'), 2]]);
});

it('discovery reads such keys too: what the kustomization includes and which files it reads', () => {
  expect(readKustomization('app/kustomization.yaml', KUSTOMIZATION)).toEqual(expect.objectContaining({ includes: ['app/a.yaml'], namespace: 'web' }));
  expect([...referencedFiles(new Map([['app/a.yaml', POLICY], ['app/kustomization.yaml', KUSTOMIZATION]]))]).toEqual(['app/a.yaml']);
});
