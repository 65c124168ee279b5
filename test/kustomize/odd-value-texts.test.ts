/**
 * A value of the wrong type where a string belongs is named as written, never `[object Object]` (found
 * by the bad-input property, test/property/bad-input.test.ts: a kustomization whose `kind` is a mapping
 * read "kustomize build apps/production fails: kind [object Object] is not Kustomization or Component").
 * Messages that name such a value bare use quote.ts written() (the kustomization's kind here; a Flux
 * Kustomization's path, an ApplicationSet's repoURL, a transformer's apiVersion, a label key alike).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { written } from '../../src/manifests/quote.js';
import { tempFolder } from '../helpers/git.js';

const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n';
const temps: string[] = [];
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

it('a kustomization whose kind is a mapping: the build error names it as written', async () => {
  const root = await tempFolder({ 'app/kustomization.yaml': 'kind: {name: Kustomization}\nresources: [app.yaml]\n', 'app/app.yaml': APP, 'other.yaml': APP.replace('api', 'other') }, 'reachdiff-odd-');
  temps.push(root);
  const out = await main(['list', root]);
  expect(out.stderr).toContain('kind {"name":"Kustomization"} is not Kustomization or Component');
  expect(out.stdout + out.stderr).not.toContain('[object Object]');
});

it('written(): strings bare, anything else in its YAML-ish form', () => {
  expect([written('Kustomization'), written({ a: 1 }), written(['x']), written(undefined), written(3)]).toEqual(['Kustomization', '{"a":1}', '["x"]', 'a missing value', '3']);
  expect(written('x'.repeat(70))).toBe(`${'x'.repeat(60)}… (70 characters)`);
});
