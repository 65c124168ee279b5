/**
 * `transformers:` with builtin configurations: what changes and where it points (file:line of the
 * configuration), what stays unrendered (with the `FILE: transformers is not rendered; …` warning), and
 * bad configurations as build failures at their line. The objects of the fixture folders are checked
 * against `kubectl kustomize` by differential.test.ts.
 */
import { main } from '../../src/cli/main.js';
import { renderKustomization } from '../../src/kustomize/index.js';
import type { Json, RenderResult } from '../../src/kustomize/index.js';
import { kustomizeInputs } from '../../src/kustomize/inputs.js';
import { tempFolder } from '../helpers/git.js';
import { fileSet, fixtureFiles } from './files.js';

let files: Map<string, string>;
beforeAll(async () => {
  files = await fixtureFiles();
});

const object = (r: RenderResult, kind: string): Json => {
  const o = r.objects.find((x) => x.value.kind === kind);
  if (!o) throw new Error(`no ${kind} in ${r.dir}`);
  return o.value;
};
const at = (r: RenderResult, node: unknown) => {
  const ref = r.positions.get(node as object);
  return ref ? `${ref.file}:${ref.line}` : 'none';
};
const path = (v: unknown, ...keys: (string | number)[]): unknown => keys.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], v);
const diagnostics = (r: RenderResult) => r.diagnostics.map((d) => `${d.code} ${d.ref.file}:${d.ref.line} ${d.message}`);

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
`;
const labelConfig = (labels: string, specs = '  - {path: spec/template/metadata/labels, kind: Deployment, create: true}') =>
  `apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\nlabels: ${labels}\nfieldSpecs:\n${specs}\n`;

describe('builtin transformer configurations', () => {
  it('run after the kustomization\'s own transformers, inline entries before files; changed maps point at the configuration', () => {
    const r = renderKustomization(files, 'transformers/builtins');
    expect(r.ok).toBe(true);
    const d = object(r, 'Deployment');
    // namePrefix k-, then the inline PrefixSuffixTransformer, then nothing from the file (no name spec there).
    expect(path(d, 'metadata', 'name')).toBe('inline-k-api-v2');
    // `unsetOnly` keeps the namespace `namespace:` set.
    expect(path(d, 'metadata', 'namespace')).toBe('shop');
    // The LabelTransformer runs after `labels:` (owner: team-a), so its owner wins.
    expect(path(d, 'spec', 'template', 'metadata', 'labels')).toEqual({ app: 'api', owner: 'team-b', tier: 'frontend' });
    expect(at(r, path(d, 'spec', 'template', 'metadata', 'labels'))).toBe('transformers/builtins/labels.yaml:5');
    // A spec without create adds nothing where the map is missing; selectors it does not name are untouched.
    expect(path(d, 'spec', 'selector', 'matchLabels')).toEqual({ app: 'api' });
    const policy = object(r, 'NetworkPolicy');
    expect(path(policy, 'metadata', 'annotations')).toEqual({ team: 'shop' });
    expect(at(r, path(policy, 'metadata', 'annotations'))).toBe('transformers/builtins/labels.yaml:24');
    expect(path(object(r, 'Service'), 'metadata', 'annotations')).toBeUndefined();
    // The narrowed peer is said, naming the configuration's line; every entry rendered: no KUSTOMIZE_NOT_RENDERED.
    expect(diagnostics(r)).toEqual([expect.stringMatching(/^KUSTOMIZE_LABEL_NARROWS_PEER app-base\/policy.yaml:13 .*from the labels of transformers\/builtins\/labels.yaml:5;/)]);
    expect(r.used.get('transformers/builtins/labels.yaml')).toEqual(new Set(['transformer']));
  });

  it('NamespaceTransformer replaces the namespace and sets its other field specs', () => {
    const r = renderKustomization(files, 'transformers/namespace');
    expect(r.objects.map((o) => path(o.value, 'metadata', 'namespace'))).toEqual(['payments', 'payments', 'payments']);
    expect(path(object(r, 'Deployment'), 'spec', 'template', 'metadata', 'namespace')).toBe('payments');
    expect(path(object(r, 'Service'), 'spec', 'template')).toBeUndefined();
  });

  it('a NamespaceTransformer moving a policy from the namespace its document writes is said at its metadata.namespace line', () => {
    const r = renderKustomization(
      fileSet({
        'app/kustomization.yaml': 'resources:\n  - policy.yaml\ntransformers:\n  - ns.yaml\n',
        'app/policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: auth\nspec:\n  podSelector: {}\n',
        'app/ns.yaml': 'apiVersion: builtin\nkind: NamespaceTransformer\nmetadata:\n  name: n\n  namespace: kubeflow\n',
      }),
      'app',
    );
    expect(diagnostics(r)).toEqual([expect.stringMatching(/^KUSTOMIZE_NAMESPACE_REPLACED app\/policy.yaml:5 .*app\/ns.yaml:5/)]);
  });

  it('an inline configuration points into the kustomization file, at its own lines', () => {
    const r = renderKustomization(
      fileSet({
        'app/kustomization.yaml': `
        resources:
          - deploy.yaml
        transformers:
          - |-
            apiVersion: builtin
            kind: AnnotationsTransformer
            metadata: {name: a}
            annotations: {note: one}
            fieldSpecs: [{path: metadata/annotations, create: true}]
          - |-
            apiVersion: builtin
            kind: LabelTransformer
            metadata:
              name: l
            labels:
              tier: frontend
            fieldSpecs:
              - {path: spec/template/metadata/labels, kind: Deployment, create: true}
        `,
        'app/deploy.yaml': deployment,
      }),
      'app',
    );
    const d = object(r, 'Deployment');
    expect(path(d, 'spec', 'template', 'metadata', 'labels')).toEqual({ app: 'api', tier: 'frontend' });
    expect(at(r, path(d, 'spec', 'template', 'metadata', 'labels'))).toBe('app/kustomization.yaml:15');
    expect(path(d, 'metadata', 'annotations')).toEqual({ note: 'one' });
    expect(at(r, path(d, 'metadata', 'annotations'))).toBe('app/kustomization.yaml:8');
    expect(r.diagnostics).toEqual([]);
  });

  it('patch transformers apply as the patch fields do, pointing at the patch text', () => {
    const r = renderKustomization(files, 'transformers/patches');
    const d = object(r, 'Deployment');
    expect(path(d, 'spec', 'template', 'metadata', 'labels')).toEqual({ app: 'api', tier: 'frontend' });
    // The strategic merge patch's selector line, then a ReplacementTransformer's target (last to change it).
    const service = object(r, 'Service');
    expect(path(service, 'spec', 'selector')).toEqual({ app: 'api', tier: 'frontend', owner: 'api' });
    expect(at(r, path(service, 'spec', 'selector'))).toBe('transformers/patches/replace.yaml:11');
    // The inline JSON 6902 configuration ran first; the strategic merge file then replaced the rules.
    const policy = object(r, 'NetworkPolicy');
    expect(path(policy, 'spec', 'ingress', 0, 'ports', 0, 'port')).toBe(8080);
    // The replacement file (a `path` entry of the ReplacementTransformer) then rewrote the peer: the rule, last
    // changed there, points at it, as at a JSON 6902 operation that changes a field inside it.
    expect(at(r, path(policy, 'spec', 'ingress', 0))).toBe('transformers/patches/replacement.yaml:5');
    expect(path(policy, 'spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels')).toEqual({ tier: 'api' });
    expect(at(r, path(policy, 'spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels'))).toBe('transformers/patches/replacement.yaml:5');
    expect(r.used.get('transformers/patches/peer.yaml')).toEqual(new Set(['patch']));
    expect(r.used.get('transformers/patches/replacement.yaml')).toEqual(new Set(['replacement']));
    expect(r.diagnostics).toEqual([]);
  });

  it('the strategic merge text of a PatchStrategicMergeTransformer points at its own lines', () => {
    const r = renderKustomization(
      fileSet({
        'app/kustomization.yaml': 'resources:\n  - svc.yaml\ntransformers:\n  - p.yaml\n',
        'app/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n',
        'app/p.yaml': 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata:\n  name: p\npatches: |-\n  apiVersion: v1\n  kind: Service\n  metadata:\n    name: api\n  spec:\n    selector:\n      tier: frontend\n',
      }),
      'app',
    );
    const service = object(r, 'Service');
    expect(path(service, 'spec', 'selector')).toEqual({ app: 'api', tier: 'frontend' });
    expect(at(r, path(service, 'spec', 'selector'))).toBe('app/p.yaml:11');
  });
});

describe('a kustomization folder as a transformers entry', () => {
  // The folder's own `namespace:` sets the NamespaceTransformer's (written `unset`), as Kustomize builds the
  // entry before reading it: one shared transformer gives each app folder its namespace (flux-cluster-template
  // layouts), the Flux Kustomization's targetNamespace included.
  it('its objects are the configurations, after its own transformations', () => {
    const r = renderKustomization(files, 'transformers/folder');
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([]);
    expect(path(object(r, 'NetworkPolicy'), 'metadata', 'namespace')).toBe('ledger');
    expect(path(object(r, 'Namespace'), 'metadata', 'name')).toBe('ledger');
    const flux = object(r, 'Kustomization');
    expect([path(flux, 'metadata', 'namespace'), path(flux, 'spec', 'targetNamespace'), path(flux, 'spec', 'sourceRef', 'namespace')]).toEqual(['ledger', 'ledger', 'flux-system']);
  });

  it('a folder that does not build fails the build at its entry', () => {
    const r = renderKustomization(fileSet({ 'app/kustomization.yaml': 'resources:\n  - deploy.yaml\ntransformers:\n  - sub\n', 'app/deploy.yaml': deployment, 'app/sub/kustomization.yaml': 'resources:\n  - missing.yaml\n' }), 'app');
    expect(r.ok).toBe(false);
    expect(diagnostics(r).join('\n')).toMatch(/KUSTOMIZE_BUILD_FAILED app\/sub\/kustomization.yaml:2 .*missing.yaml/);
  });
});

describe('what stays unrendered', () => {
  const k = (entries: string, extra: Record<string, string> = {}) =>
    renderKustomization(fileSet({ 'app/kustomization.yaml': `resources:\n  - deploy.yaml\ntransformers:\n${entries}`, 'app/deploy.yaml': deployment, ...extra }), 'app');

  it('a plugin, another builtin kind and a remote entry: one warning each, the builtin configurations still applied (a folder\'s too)', () => {
    const r = k('  - plugin.yaml\n  - sub\n  - https://github.com/example/configs//labels?ref=v1\n  - labels.yaml\n', {
      'app/plugin.yaml': 'apiVersion: someteam.example.com/v1\nkind: ValueAnnotator\nmetadata:\n  name: v\n---\napiVersion: builtin\nkind: ReplicaCountTransformer\nmetadata:\n  name: r\n',
      'app/sub/kustomization.yaml': 'resources:\n  - labels.yaml\n',
      'app/sub/labels.yaml': labelConfig('{x: y}'),
      'app/labels.yaml': labelConfig('{tier: frontend}'),
    });
    expect(r.ok).toBe(true);
    // The folder `sub` builds a LabelTransformer: applied (kubectl kustomize agrees).
    expect(path(object(r, 'Deployment'), 'spec', 'template', 'metadata', 'labels')).toEqual({ app: 'api', tier: 'frontend', x: 'y' });
    expect(diagnostics(r)).toEqual([
      'KUSTOMIZE_NOT_RENDERED app/kustomization.yaml:4 app/kustomization.yaml: transformers is not rendered; the result lacks the changes of the ValueAnnotator plugin (apiVersion someteam.example.com/v1) at app/plugin.yaml:1',
      'KUSTOMIZE_NOT_RENDERED app/kustomization.yaml:4 app/kustomization.yaml: transformers is not rendered; the result lacks the changes of the builtin ReplicaCountTransformer configuration at app/plugin.yaml:6',
      'KUSTOMIZE_NOT_RENDERED app/kustomization.yaml:6 app/kustomization.yaml: transformers is not rendered; the result lacks the changes of the remote configurations https://github.com/example/configs//labels?ref=v1 (not fetched)',
    ]);
  });

  it('an absent labels or fieldSpecs changes nothing, as in Kustomize', () => {
    const r = k('  - labels.yaml\n', { 'app/labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\nfieldSpecs:\n  - {path: metadata/labels, create: true}\n---\napiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: m\nlabels: {a: b}\n' });
    expect(r.ok).toBe(true);
    expect(path(object(r, 'Deployment'), 'metadata', 'labels')).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
  });
});

describe('bad configurations fail the build at their line', () => {
  const failure = (config: string, entry = '  - bad.yaml\n') => {
    const r = renderKustomization(fileSet({ 'app/kustomization.yaml': `resources:\n  - deploy.yaml\ntransformers:\n${entry}`, 'app/deploy.yaml': deployment, 'app/bad.yaml': config }), 'app');
    expect(r.ok).toBe(false);
    return diagnostics(r).join('\n');
  };

  it('labels that are not a map, fieldSpecs that are not a list of specs with a path, create that is not a boolean', () => {
    expect(failure(labelConfig('[a]'))).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/bad.yaml:5 .*labels must be a map of strings/);
    expect(failure(labelConfig('{a: b}').replace(/fieldSpecs:\n.*\n$/, 'fieldSpecs: notalist\n'))).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/bad.yaml:6 .*fieldSpecs must be a list/);
    expect(failure(labelConfig('{a: b}', '  - kind: Deployment\n    create: true'))).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/bad.yaml:7 .*needs a non-empty path/);
    expect(failure(labelConfig('{a: b}', '  - {path: metadata/labels, create: "yes"}'))).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/bad.yaml:7 .*create must be true or false/);
  });

  it('patch transformers lacking what their kind needs, a missing file, an unknown subject mode', () => {
    expect(failure('apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\n')).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/bad.yaml:1 .*must specify one of patch and path/);
    expect(failure('apiVersion: builtin\nkind: PatchJson6902Transformer\nmetadata:\n  name: p\njsonOp: "[]"\n')).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/bad.yaml:1 .*must specify a target/);
    expect(failure('', '  - missing.yaml\n')).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/kustomization.yaml:4 .*transformer missing.yaml: no such file or folder/);
    expect(failure('apiVersion: builtin\nkind: NamespaceTransformer\nmetadata:\n  name: n\n  namespace: x\nsetRoleBindingSubjects: some\n')).toMatch(/^KUSTOMIZE_BUILD_FAILED app\/bad.yaml:6 .*setRoleBindingSubjects must be/);
  });
});

it('a transformer configuration file outside the selection is an input of the kustomization', () => {
  const paths = new Set(['app/kustomization.yaml', 'common/labels.yaml']);
  const inputs = kustomizeInputs(paths, () => 'transformers:\n  - ../common/labels.yaml\n  - |\n    apiVersion: builtin\n    kind: LabelTransformer\n', ['app/kustomization.yaml']);
  expect([...inputs.needed].sort()).toEqual(['app/kustomization.yaml', 'common/labels.yaml']);
});

it('diff: a LabelTransformer that labels pod templates opens the paths a policy peer now selects (real-eval 13 B)', async () => {
  const side = (labels: string, specs: string) =>
    tempFolder({
      'app/kustomization.yaml': 'namespace: shop\nresources:\n  - deploy.yaml\n  - netpol.yaml\ntransformers:\n  - labels.yaml\n',
      'app/deploy.yaml': `${deployment}    spec:\n      containers: [{name: api, image: nginx}]\n---\n${deployment.replace(/\bapi\b/g, 'web')}    spec:\n      containers: [{name: web, image: nginx}]\n`,
      'app/netpol.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {tier: frontend}\n',
      'app/labels.yaml': labelConfig(labels, specs),
    });
  const base = await side('{team: shop}', '  - {path: metadata/labels, create: true}');
  const head = await side('{team: shop, tier: frontend}', '  - {path: metadata/labels, create: true}\n  - {path: spec/template/metadata/labels, kind: Deployment, create: true}');
  const out = await main(['diff', base, head, '--format', 'json']);
  expect(out.exitCode).toBe(1);
  const json = JSON.parse(out.stdout) as { pairs: { src: { id?: string }; dst: { id?: string }; opened?: unknown }[]; warnings: { code: string }[] };
  const opened = json.pairs.filter((p) => p.opened).map((p) => `${p.src.id} => ${p.dst.id}`);
  expect(opened).toContain('shop/web[Deployment] => shop/api[Deployment]');
  expect(json.warnings.filter((w) => w.code === 'KUSTOMIZE_NOT_RENDERED')).toEqual([]);
});


it('a NamespaceTransformer that makes two objects one fails the build, as Kustomize does', () => {
  const r = renderKustomization(
    fileSet({
      'app/kustomization.yaml': 'resources:\n  - a.yaml\n  - b.yaml\ntransformers:\n  - ns.yaml\n',
      'app/a.yaml': deployment.replace('name: api', 'name: api\n  namespace: a'),
      'app/b.yaml': deployment.replace('name: api', 'name: api\n  namespace: b'),
      'app/ns.yaml': 'apiVersion: builtin\nkind: NamespaceTransformer\nmetadata:\n  name: n\n  namespace: shop\n',
    }),
    'app',
  );
  expect(diagnostics(r)).toEqual([expect.stringMatching(/^KUSTOMIZE_BUILD_FAILED app\/ns.yaml:5 .*ID conflict: Deployment shop\/api/)]);
});

it('the patch and replacement files a transformer configuration names are inputs too, relative to the kustomization folder', () => {
  const texts = new Map([
    ['app/kustomization.yaml', 'transformers:\n  - ../common/patches.yaml\n'],
    ['common/patches.yaml', 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata:\n  name: p\npaths:\n  - ../common/peer.yaml\n---\napiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: q\npath: gone.yaml\n---\napiVersion: builtin\nkind: ReplacementTransformer\nmetadata:\n  name: r\nreplacements:\n  - path: rep.yaml\n'],
    ['common/peer.yaml', 'kind: NetworkPolicy\n'],
  ]);
  const inputs = kustomizeInputs(new Set(texts.keys()), (p) => texts.get(p), ['app/kustomization.yaml']);
  expect([...inputs.needed].sort()).toEqual(['app/kustomization.yaml', 'common/patches.yaml', 'common/peer.yaml']);
  expect([...inputs.outside]).toEqual(['app/gone.yaml', 'app/rep.yaml']);
});
