/** The renderer's results beyond what kubectl shows: positions, diagnostics with file:line, used files. */
import { renderKustomization } from '../../src/kustomize/index.js';
import type { Json, RenderResult } from '../../src/kustomize/index.js';
import { fileSet, fixtureFiles } from './files.js';

let files: Map<string, string>;
beforeAll(async () => {
  files = await fixtureFiles();
});

const object = (r: RenderResult, kind: string, name: string): Json => {
  const o = r.objects.find((x) => x.value.kind === kind && (x.value.metadata as Json).name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${r.dir}`);
  return o.value;
};
const at = (r: RenderResult, node: unknown) => {
  const ref = r.positions.get(node as object);
  return ref ? `${ref.file}:${ref.line}` : 'none';
};
const path = (v: unknown, ...keys: (string | number)[]): unknown => keys.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], v);

describe('positions', () => {
  it('an object untouched by patches keeps the lines of its resource file', () => {
    const r = renderKustomization(files, 'namespace');
    const policy = object(r, 'NetworkPolicy', 'api-ingress');
    expect(at(r, policy)).toBe('app-base/policy.yaml:1');
    expect(at(r, path(policy, 'spec', 'ingress', 0))).toBe('app-base/policy.yaml:12');
    expect(at(r, path(policy, 'spec', 'ingress', 0, 'ports', 0))).toBe('app-base/policy.yaml:17');
  });

  it("a JSON 6902 operation in a patch file: the changed rule points at the operation's value, the object at its resource", () => {
    const r = renderKustomization(files, 'patches-json6902');
    const policy = object(r, 'NetworkPolicy', 'api-ingress');
    expect(path(policy, 'spec', 'ingress', 0, 'ports', 0, 'port')).toBe(9090);
    expect(at(r, policy)).toBe('app-base/policy.yaml:1');
    // The second operation (its value at line 6) is the last to change the rule; the first's value (line 3) sets the port.
    expect(at(r, path(policy, 'spec', 'ingress', 0))).toBe('patches-json6902/open-port.yaml:6');
    expect(at(r, path(policy, 'spec', 'ingress', 0, 'ports', 0))).toBe('patches-json6902/open-port.yaml:3');
    // The added peer keeps the lines it was written at in the patch file (a field's value: its key's line).
    expect(at(r, path(policy, 'spec', 'ingress', 0, 'from', 1))).toBe('patches-json6902/open-port.yaml:6');
    // An annotation added to an object that had none (Kustomize's own annotations make the map exist during the build).
    expect(path(policy, 'metadata', 'annotations')).toEqual({ 'iam.example.com/owner': 'team-a' });
  });

  it('an inline strategic merge patch: changed nodes point into the kustomization file', () => {
    const r = renderKustomization(files, 'patches-smp');
    const service = object(r, 'Service', 'api');
    expect(path(service, 'spec', 'ports')).toEqual([
      { name: 'http', port: 80, targetPort: 8081 },
      { name: 'metrics', port: 9090 },
    ]);
    expect(at(r, path(service, 'spec', 'ports', 0))).toBe('patches-smp/kustomization.yaml:14');
    expect(at(r, path(service, 'spec', 'ports', 1))).toBe('patches-smp/kustomization.yaml:16');
    const deployment = object(r, 'Deployment', 'api');
    expect(at(r, path(deployment, 'spec', 'template', 'spec', 'containers', 0))).toBe('patches-smp/add-port.yaml:12');
    expect(at(r, path(deployment, 'spec', 'template', 'metadata'))).toBe('patches-smp/add-port.yaml:7');
  });

  it('labels added by commonLabels point at the kustomization entry', () => {
    const r = renderKustomization(files, 'common-labels');
    const deployment = object(r, 'Deployment', 'api');
    expect(at(r, path(deployment, 'spec', 'template', 'metadata', 'labels'))).toBe('common-labels/kustomization.yaml:1');
  });
});

describe('diagnostics', () => {
  const failure = (dir: string) => {
    const r = renderKustomization(files, dir);
    expect(r.ok).toBe(false);
    expect(r.objects).toEqual([]);
    const d = r.diagnostics.find((x) => x.code === 'KUSTOMIZE_BUILD_FAILED');
    return `${d?.ref.file}:${d?.ref.line} ${d?.message}`;
  };

  it('a duplicate id fails the build at the resources entry that adds it', () => {
    expect(failure('failures/duplicate')).toMatch(/^failures\/duplicate\/kustomization.yaml:3 .*may not add resource with an already registered id/);
  });

  it('a namespace: that makes two objects one fails the build at its line, as Kustomize does (new-user 45: ours built it, kept the last copy)', () => {
    expect(failure('failures/namespace-conflict')).toMatch(
      /^failures\/namespace-conflict\/kustomization.yaml:2 .*namespace transformation produces ID conflict: NetworkPolicy staging\/allow-dns \(from failures\/namespace-conflict\/base\/policies.yaml:1 and failures\/namespace-conflict\/base\/policies.yaml:13\)/,
    );
    // Namespace objects are renamed to the namespace, so two of them are one too.
    expect(failure('failures/namespace-conflict-namespaces')).toMatch(/^failures\/namespace-conflict-namespaces\/kustomization.yaml:2 .*ID conflict: Namespace staging/);
  });

  it('a missing resource fails at its entry', () => {
    expect(failure('failures/missing')).toMatch(/^failures\/missing\/kustomization.yaml:3 .*not-there.yaml: no such file/);
  });

  it('a JSON patch on a missing field fails at the operation', () => {
    expect(failure('failures/bad-patch')).toMatch(/^failures\/bad-patch\/kustomization.yaml:7 .*no field "egress"/);
  });

  it('a JSON patch adding under missing labels fails (only annotations are made)', () => {
    expect(failure('failures/missing-labels')).toMatch(/^failures\/missing-labels\/kustomization.yaml:8 .*no field "labels"/);
  });

  it('a kustomization under components fails at the entry', () => {
    expect(failure('failures/not-component')).toMatch(/^failures\/not-component\/kustomization.yaml:4 .*not kind: Component/);
  });

  it('features not rendered are one warning each, naming the kustomization and what the result lacks', () => {
    const r = renderKustomization(files, 'unsupported/vars');
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => `${d.code} ${d.ref.file}:${d.ref.line}`)).toEqual([
      'KUSTOMIZE_NOT_RENDERED unsupported/vars/kustomization.yaml:3',
      'KUSTOMIZE_NOT_RENDERED unsupported/vars/kustomization.yaml:5',
    ]);
    expect(r.diagnostics[1].message).toMatch(/vars is not rendered; the result lacks the substitution/);
    const remote = renderKustomization(files, 'unsupported/remote');
    expect(remote.ok).toBe(true);
    expect(remote.objects.length).toBe(3);
    expect(remote.diagnostics.map((d) => `${d.ref.line} ${d.message}`)).toEqual([expect.stringMatching(/^3 .*remote resource https:\/\/github.com\/example.* is not fetched/)]);
  });

  it('a patch of an object only a remote resource holds is not applied, with a warning; the rest builds', () => {
    const k = (patch: string) =>
      fileSet({
        'app/kustomization.yaml': `resources:\n- https://github.com/example-org/example-app/manifests/base?ref=v1.0.0\n- policy.yaml\npatches:\n- path: ${patch}\n`,
        'app/policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector: {}\n',
        'app/controller.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller\nspec:\n  replicas: 2\n',
        'app/ambiguous.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  policyTypes: [Ingress]\n',
      });
    const r = renderKustomization(k('controller.yaml'), 'app');
    expect(r.ok).toBe(true);
    expect(r.objects.map((o) => (o.value as { kind: string }).kind)).toEqual(['NetworkPolicy']);
    expect(r.diagnostics.map((d) => `${d.ref.file}:${d.ref.line} ${d.code}`)).toEqual(['app/kustomization.yaml:2 KUSTOMIZE_NOT_RENDERED', 'app/controller.yaml:1 KUSTOMIZE_NOT_RENDERED']);
    expect(r.diagnostics[1].message).toMatch(/Deployment controller matches no object of the build, which lacks a remote resource's objects \(app\/kustomization.yaml:2\): not applied/);
    // A patch of a local object still applies; without a remote resource, matching nothing still fails the build.
    expect(renderKustomization(k('ambiguous.yaml'), 'app').ok).toBe(true);
    const local = fileSet({ 'app/kustomization.yaml': 'resources:\n- policy.yaml\npatches:\n- path: controller.yaml\n', 'app/policy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', 'app/controller.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller\n' });
    expect(renderKustomization(local, 'app').ok).toBe(false);
  });

  it('a cycle names the chain of builds that closes it, at the entry that closes it (new-user 37: "X is or contains A, X, B, which is being built")', () => {
    const r = renderKustomization(
      fileSet({ 'cluster/kustomization.yaml': 'resources:\n- ../app/prod\n', 'app/prod/kustomization.yaml': 'resources:\n- ../base\n', 'app/base/kustomization.yaml': 'resources:\n- ../prod\n' }),
      'cluster',
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`)).toEqual([
      expect.stringMatching(/^app\/base\/kustomization\.yaml:2 .*cycle: app\/prod is already being built \(cluster → app\/prod → app\/base → app\/prod\)$/),
    ]);
  });

  it('a patch whose target selects nothing changes nothing, as in Kustomize, with a warning at its entry (new-user 37: a target name typo undid an overlay\'s port change)', () => {
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: postgres\nspec:\n  podSelector: {}\n  ingress:\n    - ports:\n        - port: 5432\n';
    const port = '- op: replace\n  path: /spec/ingress/0/ports/0/port\n  value: 6432\n';
    const render = (name: string, more = '') =>
      renderKustomization(fileSet({ 'db/kustomization.yaml': `resources:\n- policy.yaml\n${more}patches:\n- path: port.yaml\n  target:\n    kind: NetworkPolicy\n    name: ${name}\n`, 'db/policy.yaml': policy, 'db/port.yaml': port }), 'db');
    const typo = render('postgress');
    expect(typo.ok).toBe(true);
    expect(path(object(typo, 'NetworkPolicy', 'postgres'), 'spec', 'ingress', 0, 'ports', 0, 'port')).toBe(5432);
    expect(typo.diagnostics.map((d) => `${d.ref.file}:${d.ref.line} ${d.severity} ${d.code} ${d.message}`)).toEqual([
      'db/kustomization.yaml:4 warning KUSTOMIZE_PATCH_SELECTS_NOTHING patch target {kind: NetworkPolicy, name: postgress} selects no object of the build, so the patch changes nothing (Kustomize applies it to none without an error): check the target\'s kind, name and namespace',
    ]);
    const fine = render('postgres');
    expect(path(object(fine, 'NetworkPolicy', 'postgres'), 'spec', 'ingress', 0, 'ports', 0, 'port')).toBe(6432);
    expect(fine.diagnostics).toEqual([]);
    // In a build lacking a Helm chart's objects, the patch is most likely for one of them: said as not rendered.
    const chart = render('cache', 'helmCharts:\n- name: redis\n  repo: https://charts.example\n  version: 1.0.0\n  releaseName: cache\n');
    expect(chart.diagnostics.map((d) => d.code)).toEqual(['KUSTOMIZE_NOT_RENDERED', 'KUSTOMIZE_NOT_RENDERED']);
    expect(chart.diagnostics[1].message).toMatch(/^patch target \{kind: NetworkPolicy, name: cache\} selects no object of the build, which lacks the objects of the Helm charts/);
  });

  it('a patch or a replacement source that finds nothing where the build lacks Helm charts\' objects is not applied, with a warning; the rest builds (real-eval 21: gnunn-gitops/cluster-config 63221fd)', () => {
    const chart = 'helmCharts:\n- name: kyverno\n  repo: https://kyverno.github.io/kyverno/\n  version: 3.0.5\n  releaseName: kyverno\n  namespace: kyverno\n';
    const deletePdb = "patches:\n- patch: |-\n    $patch: delete\n    apiVersion: policy/v1\n    kind: PodDisruptionBudget\n    metadata:\n      name: kyverno-admission-controller\n      namespace: kyverno\n";
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\n  namespace: kyverno\nspec:\n  podSelector: {}\n';
    // The chart and the patch in one kustomization, and a patch of an overlay over a base with the chart.
    const same = fileSet({ 'kyverno/base/kustomization.yaml': `resources:\n- policy.yaml\n${chart}${deletePdb}`, 'kyverno/base/policy.yaml': policy });
    const r = renderKustomization(same, 'kyverno/base');
    expect(r.ok).toBe(true);
    expect(r.objects.map((o) => (o.value as { kind: string }).kind)).toEqual(['NetworkPolicy']);
    expect(r.diagnostics.map((d) => `${d.ref.file}:${d.ref.line} ${d.code}`)).toEqual(['kyverno/base/kustomization.yaml:3 KUSTOMIZE_NOT_RENDERED', 'kyverno/base/kustomization.yaml:11 KUSTOMIZE_NOT_RENDERED']);
    expect(r.diagnostics[1].message).toMatch(/^strategic merge patch PodDisruptionBudget kyverno-admission-controller matches no object of the build, which lacks the objects of the Helm charts \(kyverno\/base\/kustomization.yaml:3\): not applied$/);
    const overlay = fileSet({
      'kyverno/base/kustomization.yaml': `resources:\n- policy.yaml\n${chart}`,
      'kyverno/base/policy.yaml': policy,
      'kyverno/overlay/kustomization.yaml': `resources:\n- ../base\n${deletePdb}replacements:\n- source: {kind: Service, name: kyverno-svc, fieldPath: metadata.name}\n  targets:\n  - select: {kind: NetworkPolicy}\n    fieldPaths: [metadata.annotations.svc]\n`,
    });
    const o = renderKustomization(overlay, 'kyverno/overlay');
    expect(o.ok).toBe(true);
    expect(o.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/helmCharts is not rendered/),
      expect.stringMatching(/^strategic merge patch PodDisruptionBudget kyverno-admission-controller matches no object of the build, which lacks the objects of the Helm charts/),
      expect.stringMatching(/^replacement source selects no object of the build, which lacks the objects of the Helm charts \(kyverno\/base\/kustomization.yaml:3\): not applied$/),
    ]);
  });

  it("a namespace: replacing a NetworkPolicy's written namespace is a warning at its metadata.namespace line, naming the kustomization's line", () => {
    const moves = (dir: string) =>
      renderKustomization(files, dir)
        .diagnostics.filter((d) => d.code === 'KUSTOMIZE_NAMESPACE_REPLACED')
        .map((d) => {
          const m = d.namespaceMove!;
          return `${d.ref.file}:${d.ref.line} ${m.policy} ${m.written} -> ${m.replacement} at ${m.by.file}:${m.by.line}, ends in ${m.namespace}`;
        });
    // Written auth, cert-manager, auth (a flow-style labels map first); default-deny writes none, already-there writes kubeflow.
    expect(moves('namespace-moved/overlay')).toEqual([
      'namespace-moved/base/policies.yaml:6 kubeflow/same-namespace-auth auth -> kubeflow at namespace-moved/overlay/kustomization.yaml:4, ends in kubeflow',
      'namespace-moved/base/policies.yaml:18 kubeflow/webhook cert-manager -> kubeflow at namespace-moved/overlay/kustomization.yaml:4, ends in kubeflow',
      'namespace-moved/base/policies.yaml:31 kubeflow/from-auth auth -> kubeflow at namespace-moved/overlay/kustomization.yaml:4, ends in kubeflow',
    ]);
    // An overlay above: the first replacement is still the cause; already-there leaves kubeflow only here. Names as built (namePrefix).
    expect(moves('namespace-moved/layered')).toEqual([
      'namespace-moved/base/policies.yaml:6 prod/prod-same-namespace-auth auth -> kubeflow at namespace-moved/overlay/kustomization.yaml:4, ends in prod',
      'namespace-moved/base/policies.yaml:18 prod/prod-webhook cert-manager -> kubeflow at namespace-moved/overlay/kustomization.yaml:4, ends in prod',
      'namespace-moved/base/policies.yaml:31 prod/prod-from-auth auth -> kubeflow at namespace-moved/overlay/kustomization.yaml:4, ends in prod',
      'namespace-moved/base/policies.yaml:55 prod/prod-already-there kubeflow -> prod at namespace-moved/layered/kustomization.yaml:3, ends in prod',
    ]);
    // Without a namespace: nothing moves.
    expect(moves('namespace-moved/base')).toEqual([]);
    // A List's items, and a policy moved back to its written namespace by an overlay above.
    const list = fileSet({
      'a/kustomization.yaml': 'namespace: one\nresources: [list.yaml]\n',
      'a/list.yaml': `
        apiVersion: v1
        kind: List
        items:
          - apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: p
              namespace: two
            spec: {podSelector: {}}
      `,
      'b/kustomization.yaml': 'namespace: two\nresources: [../a]\n',
    });
    const listed = renderKustomization(list, 'a').diagnostics.filter((d) => d.code === 'KUSTOMIZE_NAMESPACE_REPLACED');
    expect(listed.map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`)).toEqual(['a/list.yaml:8 NetworkPolicy one/p: metadata.namespace two is written, but the namespace: one of a/kustomization.yaml:1 replaces it']);
    expect(renderKustomization(list, 'b').diagnostics.filter((d) => d.code === 'KUSTOMIZE_NAMESPACE_REPLACED')).toEqual([]);
  });

  it('commonLabels that narrow a NetworkPolicy peer are a warning at the peer', () => {
    const r = renderKustomization(files, 'common-labels');
    expect(r.diagnostics.filter((d) => d.code === 'KUSTOMIZE_LABEL_NARROWS_PEER').map((d) => `${d.ref.file}:${d.ref.line}`)).toEqual(['app-base/policy.yaml:13', 'common-labels/job.yaml:27']);
  });
});

describe("commonLabels in a policy's own podSelector (real-eval 11, fineract 068f9bd)", () => {
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: keycloak\nspec:\n  podSelector:\n    matchLabels:\n      app: keycloak\n  ingress:\n  - ports:\n    - port: 9000\n';
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: keycloak\nspec:\n  selector:\n    matchLabels: {app: keycloak}\n  template:\n    metadata:\n      labels: {app: keycloak}\n';
  const narrowing = (r: RenderResult) => r.diagnostics.filter((d) => d.code === 'KUSTOMIZE_LABEL_NARROWS_PEER').map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`);

  it('a folder of policies for pods deployed elsewhere: the policy now protects none of them, said at its podSelector', () => {
    const r = renderKustomization(fileSet({ 'policies/kustomization.yaml': 'namespace: idp\nresources: [policy.yaml]\ncommonLabels:\n  managed-by: argocd\n', 'policies/policy.yaml': policy }), 'policies');
    expect(narrowing(r)).toEqual([
      'policies/policy.yaml:6 NetworkPolicy idp/keycloak: spec.podSelector gains managed-by=argocd from the labels of policies/kustomization.yaml:3; the policy now selects only pods carrying {app=keycloak,managed-by=argocd}, and no workload this kustomization builds carries them (pods deployed elsewhere lack them, so the policy does not apply to them)',
    ]);
  });

  it('the policy built with its workloads: their pod templates get the labels too, nothing to say', () => {
    const r = renderKustomization(fileSet({ 'app/kustomization.yaml': 'resources: [policy.yaml, deployment.yaml]\ncommonLabels:\n  managed-by: argocd\n', 'app/policy.yaml': policy, 'app/deployment.yaml': deployment }), 'app');
    expect(narrowing(r)).toEqual([]);
  });
});

describe('what a build used', () => {
  it('lists kustomizations, resources, patches and components, and the folders included', () => {
    const r = renderKustomization(files, 'components/overlays/locked');
    expect(Object.fromEntries([...r.used].map(([p, u]) => [p, [...u]]))).toEqual({
      'components/overlays/locked/kustomization.yaml': ['kustomization'],
      'components/base/kustomization.yaml': ['kustomization'],
      'app-base/kustomization.yaml': ['kustomization'],
      'app-base/deployment.yaml': ['resource'],
      'app-base/service.yaml': ['resource'],
      'app-base/policy.yaml': ['resource'],
      'components/lockdown/kustomization.yaml': ['component'],
      'components/lockdown/deny-all.yaml': ['resource'],
    });
    expect([...r.includes].sort()).toEqual(['app-base', 'components/base', 'components/lockdown']);
    const patches = renderKustomization(files, 'patches-smp');
    expect([...patches.used].filter(([, u]) => u.has('patch')).map(([p]) => p)).toEqual(['patches-smp/add-port.yaml', 'patches-smp/delete-worker.yaml']);
  });

  it('an opt-in component changes only the overlay that lists it', () => {
    const open = renderKustomization(files, 'components/overlays/open');
    const locked = renderKustomization(files, 'components/overlays/locked');
    expect(open.objects.filter((o) => (o.value.metadata as Json).name === 'deny-all')).toEqual([]);
    expect(locked.objects.filter((o) => (o.value.metadata as Json).name === 'deny-all').length).toBe(1);
  });
});

describe("a kustomization's generators run before its components (kustomize v5.1 on; real-eval 15, swibrow/home-ops)", () => {
  it("a component's replacement reads the ConfigMap its parent generates, and its merge generator extends it", () => {
    const r = renderKustomization(files, 'generated-before-components/app');
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    const policy = object(r, 'NetworkPolicy', 'team-ingress');
    expect(path(policy, 'spec', 'podSelector', 'matchLabels')).toEqual({ team: 'payments' });
    const settings = r.objects.find((o) => o.value.kind === 'ConfigMap');
    expect(settings?.value.data).toEqual({ TEAM: 'payments', PORT: '8080' });
    expect(String((settings?.value.metadata as Json).name)).toMatch(/^team-settings-[a-z0-9]{10}$/);
  });
});
