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
import { kustomizeInputs } from '../../src/kustomize/inputs.js';
import { kustomizationPolicyParts } from '../../src/targets/kustomization-policies.js';

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

describe('nested keys: the fields of a patch, its target, a generator, in another case', () => {
  const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x}]}\n';
  const PATCHED = [
    'resources: [a.yaml, deploy.yaml]',
    'patches:',
    '  - TARGET:',
    '      Kind: NetworkPolicy',
    '      NAME: a',
    '    Patch: |-',
    '      - op: replace',
    '        path: /spec/podSelector',
    '        value: {matchLabels: {app: api}}',
    'configMapGenerator:',
    '  - Name: settings',
    '    Files: [settings.env]',
    '    Options: {disableNameSuffixHash: true}',
    '',
  ].join('\n');
  const files = () => new Map([['app/a.yaml', POLICY.replace('%s', 'a')], ['app/deploy.yaml', DEPLOYMENT], ['app/settings.env', 'A=1\n'], ['app/kustomization.yaml', PATCHED]]);

  it('the patch applies to its target, the generator reads its file, options and all', () => {
    const r = renderKustomization(files(), 'app');
    expect(r.diagnostics).toEqual([]);
    const byKind = new Map(r.objects.map((o) => [o.value.kind as string, o.value]));
    expect((byKind.get('NetworkPolicy')!.spec as Json).podSelector).toEqual({ matchLabels: { app: 'api' } });
    expect(byKind.get('ConfigMap')).toEqual(expect.objectContaining({ metadata: { name: 'settings' }, data: { 'settings.env': 'A=1\n' } }));
  });

  it('the patched rule is cited at the inline patch, under its `Patch:` key', () => {
    const r = renderKustomization(files(), 'app');
    const policy = r.objects.find((o) => o.value.kind === 'NetworkPolicy')!;
    expect(r.positions.get((policy.value.spec as Json).podSelector as object)).toEqual({ file: 'app/kustomization.yaml', line: 9 });
  });

  it('the generator input is a file the kustomization reads', () => {
    expect([...referencedFiles(files())].sort()).toEqual(['app/a.yaml', 'app/deploy.yaml', 'app/settings.env']);
  });

  it('a map keeps its keys as written: labels named in another case are other labels', () => {
    const k = 'resources: [a.yaml]\nLabels:\n  - Pairs: {Team: web}\n    IncludeSelectors: false\n';
    const r = renderKustomization(new Map([['app/a.yaml', POLICY.replace('%s', 'a')], ['app/kustomization.yaml', k]]), 'app');
    expect((r.objects[0].value.metadata as Json).labels).toEqual({ Team: 'web' });
  });

  it('a selection\'s inputs and a kustomization\'s policy parts read them too', () => {
    const all = files();
    expect([...kustomizeInputs(new Set(all.keys()), (p) => all.get(p), ['app/kustomization.yaml']).needed].sort()).toEqual(['app/a.yaml', 'app/deploy.yaml', 'app/kustomization.yaml', 'app/settings.env']);
    expect(kustomizationPolicyParts('app/kustomization.yaml', 'Patches:\n  - Path: np.yaml\n', (p) => p === 'app/np.yaml')).toEqual(['file:app/np.yaml']);
  });
});
