/**
 * `$patch: delete` in an item of a NetworkPolicy rule list: the list has no merge key, so strategic merge replaces
 * the whole list with the patch's items and keeps `$patch` as a field (kubectl kustomize v5.5 renders it so: the
 * rule meant to go stays out, the others are dropped, and the API server rejects the field). The error at the
 * patch's line says so and hints at a JSON 6902 `remove` (new-user trial 48, finding 8). Fixtures: written here.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKustomization } from '../../src/kustomize/index.js';
import type { Json } from '../../src/kustomize/index.js';
import { main } from '../../src/cli/main.js';
import { directiveHint } from '../../src/manifests/field-checks.js';

const BASE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web}}
    ports: [{port: 8080}]
  - from:
    - podSelector: {matchLabels: {app: admin}}
    ports: [{port: 9090}]
`;
const PATCH = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  ingress:
  - from:
    - podSelector: {matchLabels: {app: admin}}
    $patch: delete
`;
const files: Record<string, string> = {
  'base/np.yaml': BASE,
  'base/kustomization.yaml': 'resources: [np.yaml]\n',
  'overlay/patch.yaml': PATCH,
  'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: patch.yaml\n',
};

it('renders as kubectl kustomize does: the list replaced by the patch item, `$patch` kept as its field', () => {
  const r = renderKustomization(new Map(Object.entries(files)), 'overlay');
  expect(r.ok).toBe(true);
  const spec = r.objects[0].value.spec as Json;
  expect(spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'admin' } } }], $patch: 'delete' }]);
});

it('lint: an error at the directive line that says what happened and how to remove one rule', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-patch-delete-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const out = (await main(['lint', dir, '--fail-level', 'never'])).stdout;
  const line = out.split('\n').find((l) => l.startsWith('overlay/patch.yaml:8:'));
  expect(line).toContain('unknown field `spec.ingress[0].$patch`');
  expect(line).toContain('`spec.ingress` has no merge key, so strategic merge replaced the whole list');
  expect(line).toContain('use a JSON 6902 patch `- op: remove` with `path: /spec/ingress/INDEX`');
});

it('the hint names the list the item is in; a directive outside a list item is only a field there', () => {
  expect(directiveHint('$patch', 'spec.ingress[0].from[1].$patch')).toContain('`path: /spec/ingress/0/from/INDEX`');
  expect(directiveHint('$patch', 'spec.$patch')).toBe('a strategic-merge directive, read only in a patch; here it is a field of the object');
  expect(directiveHint('$retainKeys', 'spec.$retainKeys')).toBeDefined();
  expect(directiveHint('podselector', 'spec.podselector')).toBeUndefined();
});
