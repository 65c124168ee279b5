/**
 * Never silently blind: objects of policy kinds reachdiff does not model are one warning per kind (with
 * the count and the workloads they select), named in the verdict, and a pull request that changes one
 * never gets a `success` check. hostNetwork workloads a policy touches get a warning saying what was
 * assumed.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { loadManifests } from '../../src/manifests/load.js';
import { UNMODELLED_POLICY_KINDS } from '../../src/manifests/unmodelled-kinds.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const deployment = (name: string, ns = 'shop', hostNetwork = false) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${hostNetwork ? '      hostNetwork: true\n' : ''}      containers: [{name: c, image: x}]
`;
const cilium = (name: string, app: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  endpointSelector:
    matchLabels: {app: ${app}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
`;
// Antrea's kinds stand for the unmodelled ones (Cilium's and Calico's are modelled: docs/cilium.md, docs/calico.md).
const antrea = (name: string, app: string) => `apiVersion: crd.antrea.io/v1beta1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  priority: 5
  appliedTo: [{podSelector: {matchLabels: {app: ${app}}}}]
  ingress: [{action: Drop}]
`;
const antreaCluster = `apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: deny-all}
spec:
  priority: 5
  appliedTo: [{podSelector: {}}]
  ingress: [{action: Drop}]
`;
const FIREWALL = 'apiVersion: k8s.ovn.org/v1\nkind: EgressFirewall\nmetadata: {name: default, namespace: shop}\nspec:\n  egress:\n  - type: Deny\n    to: {cidrSelector: 0.0.0.0/0}\n';
const WORKLOADS = [
  { path: 'apps/web.yaml', text: deployment('web') },
  { path: 'apps/api.yaml', text: deployment('api') },
  { path: 'apps/db.yaml', text: deployment('db', 'data') },
];

describe('policy kinds reachdiff does not model', () => {
  it('one warning per kind, with the count and the workloads they select', () => {
    // Cilium's kinds are modelled (docs/cilium.md): no longer counted here.
    const r = loadManifests([...WORKLOADS, { path: 'cilium.yaml', text: `${cilium('a', 'api')}---\n${cilium('b', 'nothing')}` }, { path: 'antrea.yaml', text: antreaCluster }, { path: 'fw.yaml', text: FIREWALL }]);
    const warnings = r.diagnostics.filter((d) => d.code === 'UNMODELLED_POLICY');
    expect(warnings.map((d) => [d.ref.file, d.ref.line, d.severity])).toEqual([['antrea.yaml', 1, 'warning'], ['fw.yaml', 1, 'warning']]);
    const byFile = Object.fromEntries(warnings.map((d) => [d.ref.file, d.message]));
    expect(byFile['antrea.yaml']).toMatch(/^results ignore 1 Antrea ClusterNetworkPolicy: /);
    expect(byFile['fw.yaml']).toMatch(/^results ignore 1 EgressFirewall: /);
    expect(byFile['fw.yaml']).toContain('shop/api[Deployment], shop/web[Deployment]');
  });

  it('the table no longer lists Cilium and Calico (both modelled) and still lists Antrea', () => {
    const names = UNMODELLED_POLICY_KINDS.map((k) => `${k.group}/${k.kind}`);
    for (const modelled of ['cilium.io/CiliumNetworkPolicy', 'cilium.io/CiliumClusterwideNetworkPolicy', 'projectcalico.org/NetworkPolicy', 'crd.projectcalico.org/NetworkPolicy', 'projectcalico.org/GlobalNetworkPolicy', 'crd.projectcalico.org/GlobalNetworkPolicy']) {
      expect(names).not.toContain(modelled);
    }
    expect(names).toEqual(expect.arrayContaining(['crd.antrea.io/NetworkPolicy', 'crd.antrea.io/ClusterNetworkPolicy']));
  });

  it('egress firewalls (OVN-Kubernetes, OpenShift SDN) are counted, applying to their namespace’s pods', () => {
    const firewall = 'apiVersion: k8s.ovn.org/v1\nkind: EgressFirewall\nmetadata: {name: default, namespace: shop}\nspec:\n  egress:\n  - type: Allow\n    to: {cidrSelector: 10.0.0.0/8}\n';
    const sdn = 'apiVersion: network.openshift.io/v1\nkind: EgressNetworkPolicy\nmetadata: {name: default, namespace: shop}\nspec:\n  egress:\n  - type: Deny\n    to: {cidrSelector: 0.0.0.0/0}\n';
    const report = analyzeDiff(WORKLOADS, [...WORKLOADS, { path: 'fw.yaml', text: firewall }, { path: 'sdn.yaml', text: sdn }]);
    expect(diffText(report).split('\n')[0]).toMatch(/results ignore 1 EgressFirewall \(this pull request changes 1\); results ignore 1 EgressNetworkPolicy \(this pull request changes 1\)/);
    const r = loadManifests([...WORKLOADS, { path: 'fw.yaml', text: firewall }]);
    expect(r.diagnostics.find((d) => d.code === 'UNMODELLED_POLICY')?.message).toMatch(/It selects shop\/api\[Deployment\], shop\/web\[Deployment\]/);
  });

  it('a Kyverno policy counts when a generate rule makes policies, not for validate or mutate rules', () => {
    const kyverno = (rule: string) => `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  rules:\n  - name: r\n    match: {any: [{resources: {kinds: [Namespace]}}]}\n${rule}`;
    // Made in one namespace whatever the trigger: not a generator kinds/kyverno-generate.ts reads (test/manifests/kyverno-generate.test.ts).
    const generate = kyverno('    generate:\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      name: default-deny\n      namespace: shared\n      data: {spec: {podSelector: {}, policyTypes: [Ingress, Egress]}}\n');
    const cloned = kyverno('    generate:\n      namespace: "{{request.object.metadata.name}}"\n      cloneList: {namespace: templates, kinds: [cilium.io/v2/CiliumNetworkPolicy]}\n');
    const validate = kyverno('    validate: {message: labels, pattern: {metadata: {labels: {team: "?*"}}}}\n');
    const generateConfigMap = kyverno('    generate: {apiVersion: v1, kind: ConfigMap, name: c, namespace: x, data: {data: {}}}\n');
    const counted = (text: string) => loadManifests([...WORKLOADS, { path: 'k.yaml', text }]).diagnostics.filter((d) => d.code === 'UNMODELLED_POLICY').length;
    expect([generate, cloned, validate, generateConfigMap].map(counted)).toEqual([1, 1, 0, 0]);
    // It has no pod selector: the warning says where its policies go, not that it "selects no workload" (real-eval round 7).
    const warning = loadManifests([...WORKLOADS, { path: 'k.yaml', text: generate }]).diagnostics.find((d) => d.code === 'UNMODELLED_POLICY')?.message;
    expect(warning).toMatch(/is not in this analysis\. It makes policies in the cluster for each resource its rules match \(typically every Namespace\), which the repository does not hold\.$/);
    const report = analyzeDiff(WORKLOADS, [...WORKLOADS, { path: 'k.yaml', text: generate }]);
    expect(diffText(report).split('\n')[0]).toMatch(/^No change in allowed connectivity; results ignore 1 Kyverno ClusterPolicy generating policies \(this pull request changes 1\)/);
  });

  it('a Kyverno CEL GeneratingPolicy counts when its generate expressions make policies, inline, through a variable or cloned (real-eval 21)', () => {
    const generating = (kind: string, generate: string, variables = '') => `apiVersion: policies.kyverno.io/v1alpha1
kind: ${kind}
metadata: {name: p${kind.startsWith('Namespaced') ? ', namespace: shop' : ''}}
spec:
  matchConstraints:
    resourceRules:
    - {apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [namespaces]}
${variables}  generate:
  - expression: >-
${generate}`;
    const inline = generating('GeneratingPolicy', `      generator.Apply(object.metadata.name, [{"kind": dyn("NetworkPolicy"), "apiVersion": dyn("networking.k8s.io/v1"),
        "metadata": dyn({"name": "default-deny"}), "spec": dyn({"podSelector": dyn({}), "policyTypes": dyn(["Ingress"])})}])\n`);
    const variable = generating('GeneratingPolicy', '      generator.Apply(object.metadata.name, [variables.np])\n', `  variables:\n  - name: np\n    expression: >-\n      {'kind': 'CiliumNetworkPolicy', 'apiVersion': 'cilium.io/v2', 'metadata': {'name': 'deny'}}\n`);
    const cloned = generating('NamespacedGeneratingPolicy', '      generator.Apply(object.metadata.name, [resource.Get("networking.k8s.io/v1", "networkpolicies", "templates", "default-deny")])\n');
    const secret = generating('GeneratingPolicy', '      generator.Apply(object.metadata.name, [resource.Get("v1", "secrets", "default", "regcred")])\n');
    const counted = (text: string) => loadManifests([...WORKLOADS, { path: 'k.yaml', text }]).diagnostics.filter((d) => d.code === 'UNMODELLED_POLICY').length;
    expect([inline, variable, cloned, secret].map(counted)).toEqual([1, 1, 1, 0]);
    // Said as a ClusterPolicy's generate rule is: where its policies go, in the warning; the kind, in the verdict.
    const warning = loadManifests([...WORKLOADS, { path: 'k.yaml', text: inline }]).diagnostics.find((d) => d.code === 'UNMODELLED_POLICY')?.message;
    expect(warning).toMatch(/is not in this analysis\. It makes policies in the cluster for each resource its rules match \(typically every Namespace\), which the repository does not hold\.$/);
    const report = analyzeDiff(WORKLOADS, [...WORKLOADS, { path: 'k.yaml', text: inline }]);
    expect(diffText(report).split('\n')[0]).toMatch(/^No change in allowed connectivity; results ignore 1 Kyverno GeneratingPolicy generating policies \(this pull request changes 1\)/);
  });

  it('an object holding policy templates counts, as an object or as text, and a change to one is said (real-eval 21: gnunn-gitops/cluster-config bbd6c89)', () => {
    // redhat-cop's namespace-configuration-operator: a Go-templated manifest as text, applied to each matching Namespace.
    const namespaceConfig = (templates: string) => `apiVersion: redhatcop.redhat.io/v1alpha1
kind: NamespaceConfig
metadata: {name: multitenant}
spec:
  labelSelector: {matchLabels: {tenant: "true"}}
  templates:
  - objectTemplate: |
      apiVersion: v1
      kind: ResourceQuota
      metadata: {name: q, namespace: "{{ .Name }}"}
${templates}`;
    const policyTemplate = `  - objectTemplate: |
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: allow-from-openshift-ingress
        namespace: {{ .Name }}
      spec:
        podSelector: {}
        ingress:
        - from:
          - namespaceSelector:
              matchLabels: {network.openshift.io/policy-group: ingress}
`;
    // Open Cluster Management: the policy as an object, two levels down.
    const ocm = `apiVersion: policy.open-cluster-management.io/v1
kind: Policy
metadata: {name: deny-all, namespace: policies}
spec:
  policy-templates:
  - objectDefinition:
      apiVersion: policy.open-cluster-management.io/v1
      kind: ConfigurationPolicy
      metadata: {name: deny-all}
      spec:
        object-templates:
        - complianceType: musthave
          objectDefinition: {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny-all}, spec: {podSelector: {}}}
`;
    // Data, not templates a controller applies: a ConfigMap's text, a CRD's example, a quota-only NamespaceConfig.
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata:\n  policy.yaml: |\n    apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: x}\n';
    const counted = (text: string) => loadManifests([...WORKLOADS, { path: 'x.yaml', text }]).diagnostics.filter((d) => d.code === 'UNMODELLED_POLICY').map((d) => d.message);
    expect(counted(namespaceConfig(policyTemplate))).toEqual([expect.stringMatching(/^results ignore 1 NamespaceConfig holding policy templates: .*It holds policies as templates \(objects or text in its spec\) that a controller makes in the cluster/)]);
    expect(counted(ocm)).toEqual([expect.stringMatching(/^results ignore 1 Policy holding policy templates: /)]);
    expect([namespaceConfig(''), configMap].map((t) => counted(t).length)).toEqual([0, 0]);
    // Adding a policy template to an existing object: the verdict says so, and the check is never `success`.
    const base = [...WORKLOADS, { path: 'nc.yaml', text: namespaceConfig('') }];
    const head = [...WORKLOADS, { path: 'nc.yaml', text: namespaceConfig(policyTemplate) }];
    const report = analyzeDiff(base, head);
    expect(diffText(report).split('\n')[0]).toMatch(/^No change in allowed connectivity; results ignore 1 NamespaceConfig holding policy templates \(this pull request changes 1\)/);
    expect(checkRunResult(report, { failOn: ['opened', 'errors'], otherChanges: 'success', rollbackButton: true, text: '' }).conclusion).toBe('neutral');
    // Its templates name their own namespaces: a workload elsewhere may be isolated by them, said as for a Kyverno generator.
    const added = analyzeDiff(WORKLOADS, [...WORKLOADS, { path: 'ocm.yaml', text: ocm }]);
    expect(diffText(added)).toContain('No NetworkPolicy selects shop/web[Deployment] for ingress or egress: every pod and every address may connect to it, and it to them, unless Policy holding policy templates policies/deny-all isolates it');
  });

  it('a NetworkPolicy of another API group is counted among them', () => {
    const r = loadManifests([...WORKLOADS, { path: 'old.yaml', text: 'apiVersion: policy.example.com/v1\nkind: NetworkPolicy\nmetadata: {name: old, namespace: shop}\nspec:\n  podSelector: {}\n' }]);
    expect(r.diagnostics.find((d) => d.code === 'UNMODELLED_POLICY')?.message).toMatch(/^results ignore 1 NetworkPolicy of another apiVersion: .*It selects shop\/api\[Deployment\], shop\/web\[Deployment\]/);
  });

  it('the verdict names them, and a PR that adds one is never `success`', () => {
    const base = [...WORKLOADS];
    const head = [...WORKLOADS, { path: 'antrea.yaml', text: antrea('a', 'api') }];
    const report = analyzeDiff(base, head);
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    // (findings about the unprotected workloads may follow)
    expect(diffText(report).split('\n')[0]).toMatch(/^No change in allowed connectivity; results ignore 1 Antrea NetworkPolicy \(this pull request changes 1\)[;.]/);
    expect(renderDiffMarkdown(report).split('\n')[0]).toMatch(/^### ⚠️ reachdiff: No change in allowed connectivity; results ignore 1 Antrea NetworkPolicy \(this pull request changes 1\)[;.]/);
    for (const otherChanges of ['neutral', 'success'] as const) {
      const check = checkRunResult(report, { failOn: ['opened', 'errors'], otherChanges, rollbackButton: true, text: '' });
      expect(check.conclusion).toBe('neutral');
      expect(check.summary).toContain('changes 1 Antrea NetworkPolicy');
    }
  });

  it('an object a Kustomize build renders is compared as rendered: an edit, an edit by a patch, a removal (real: HomeLab 1b10281a, an EgressFirewall in an overlay)', async () => {
    const firewall = (cidr: string) => `apiVersion: k8s.ovn.org/v1\nkind: EgressFirewall\nmetadata: {name: default}\nspec:\n  egress:\n  - type: Allow\n    to: {cidrSelector: ${cidr}}\n`;
    const kustomization = (extra = '') => `namespace: shop\nresources:\n  - web.yaml\n  - fw.yaml\n${extra}`;
    const build = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path: `k/${path}`, text, build: 'k/kustomization.yaml' }));
    const base = { 'kustomization.yaml': kustomization(), 'web.yaml': deployment('web'), 'fw.yaml': firewall('10.0.0.0/8') };
    const changed = (head: Record<string, string>) => analyzeDiff(build(base), build(head)).unmodelled.map((u) => [u.label, u.count, u.changed]);
    expect(changed(base)).toEqual([['EgressFirewall', 1, 0]]);
    expect(changed({ ...base, 'fw.yaml': firewall('10.0.0.0/16') })).toEqual([['EgressFirewall', 1, 1]]);
    // A patch in the kustomization edits the rendered object; the firewall's own file is unchanged.
    const patch = "patches:\n  - target: {kind: EgressFirewall, name: default}\n    patch: '[{op: replace, path: /spec/egress/0/to/cidrSelector, value: 10.1.0.0/16}]'\n";
    expect(changed({ ...base, 'kustomization.yaml': kustomization(patch) })).toEqual([['EgressFirewall', 1, 1]]);
    expect(changed({ ...base, 'kustomization.yaml': 'namespace: shop\nresources:\n  - web.yaml\n' })).toEqual([['EgressFirewall', 0, 1]]);
    const removed = analyzeDiff(build(base), build({ ...base, 'kustomization.yaml': 'namespace: shop\nresources:\n  - web.yaml\n' }));
    expect(diffText(removed).split('\n')[0]).toMatch(/this pull request removes 1 EgressFirewall, which reachdiff does not model/);
    expect(checkRunResult(removed, { failOn: 'opened', otherChanges: 'success', rollbackButton: true, text: '' }).conclusion).toBe('neutral');
  });

  it('unchanged unmodelled objects are named but do not make the check neutral', () => {
    const files = [...WORKLOADS, { path: 'antrea.yaml', text: antrea('a', 'api') }];
    const report = analyzeDiff(files, files);
    expect(diffText(report).split('\n')[0]).toMatch(/^No change in allowed connectivity; results ignore 1 Antrea NetworkPolicy[;.]/);
    expect(checkRunResult(report, { failOn: 'opened', otherChanges: 'neutral', rollbackButton: true, text: '' }).conclusion).toBe('success');
  });
});

describe('hostNetwork workloads', () => {
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: agent-in, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: agent}
  ingress:
  - from:
    - namespaceSelector: {}
      podSelector:
        matchLabels: {app: collector}
`;
  it('a warning for each one a policy selects or a rule\'s selector matches, saying what was assumed', () => {
    const r = loadManifests([
      { path: 'agent.yaml', text: deployment('agent', 'shop', true) },
      { path: 'collector.yaml', text: deployment('collector', 'mon', true) },
      { path: 'other.yaml', text: deployment('other', 'shop', true) },
      { path: 'policy.yaml', text: policy },
    ]);
    const warnings = r.diagnostics.filter((d) => d.code === 'HOST_NETWORK');
    expect(warnings.map((d) => [d.ref.file, d.ref.line])).toEqual([
      ['agent.yaml', 1],
      ['collector.yaml', 1],
    ]);
    expect(warnings[0].message).toContain('selected by NetworkPolicy shop/agent-in');
    expect(warnings[1].message).toContain('a peer of NetworkPolicy shop/agent-in');
    expect(warnings[0].message).toMatch(/assumed/);
  });
});
