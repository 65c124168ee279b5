/**
 * Input the API server would reject is reported with file and line, never read loosely: unknown fields
 * (kubectl apply validates fields strictly), kind typos, non-map values where a map belongs, names that
 * are not strings; long values are quoted short; List items keep their own lines.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { fails } from '../../src/report/verdict.js';
import { analyzeYaml, ingressPeerPolicy } from '../helpers/analyze.js';

const at = (a: ReturnType<typeof analyzeYaml>, code: string): [string, number, string, string][] =>
  a.loaded.diagnostics.filter((d) => d.code === code).map((d) => [d.ref.file, d.ref.line, d.severity, d.message]);

describe('unknown fields', () => {
  it('a typo in a rule (`form:`) is an error at its key, with a suggestion, and the policy is not applied', () => {
    const a = analyzeYaml(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: typo
  namespace: web
spec:
  podSelector: {}
  ingress:
    - form:
        - podSelector: {matchLabels: {app: front}}
`);
    expect(at(a, 'UNKNOWN_FIELD')).toEqual([
      ['manifests.yaml', 9, 'error', 'NetworkPolicy web/typo: unknown field `spec.ingress[0].form` (did you mean `from`?); the API server rejects objects with unknown fields'],
    ]);
    expect(a.loaded.cluster.policies).toHaveLength(0);
    expect(a.loaded.diagnostics.some((d) => d.code === 'INVALID_FIELD' && /would be rejected/.test(d.message))).toBe(true);
  });

  it.each([
    ['top level', 'statuz: {}\nspec:\n  podSelector: {}', 5, 'statuz', 'status'],
    ['metadata', 'spec:\n  podSelector: {}', 5, 'metadata.namespce', 'namespace'],
    ['spec (case)', 'spec:\n  podselector: {}', 6, 'spec.podselector', 'podSelector'],
    ['spec', 'spec:\n  podSelector: {}\n  policyType: [Ingress]', 7, 'spec.policyType', 'policyTypes'],
    ['selector', 'spec:\n  podSelector:\n    matchLabel: {app: a}', 7, 'spec.podSelector.matchLabel', 'matchLabels'],
    ['requirement', 'spec:\n  podSelector:\n    matchExpressions:\n      - {key: app, operater: Exists}', 8, 'spec.podSelector.matchExpressions[0].operater', 'operator'],
    ['peer', 'spec:\n  podSelector: {}\n  egress:\n    - to:\n        - podSelecter: {}', 9, 'spec.egress[0].to[0].podSelecter', 'podSelector'],
    ['ipBlock', 'spec:\n  podSelector: {}\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            exept: [10.1.0.0/16]', 11, 'spec.egress[0].to[0].ipBlock.exept', 'except'],
    ['port', 'spec:\n  podSelector: {}\n  ingress:\n    - ports:\n        - port: 80\n          end_port: 90', 10, 'spec.ingress[0].ports[0].end_port', 'endPort'],
  ])('at the %s', (_level, body, line, path, near) => {
    const meta = path.startsWith('metadata') ? 'metadata:\n  name: p\n  namespce: web' : 'metadata:\n  name: p';
    const a = analyzeYaml(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta}\n${body}\n`);
    const found = at(a, 'UNKNOWN_FIELD');
    expect(found).toHaveLength(1);
    expect(found[0][1]).toBe(line);
    expect(found[0][3]).toContain(`unknown field \`${path}\``);
    expect(found[0][3].includes('did you mean')).toBe(near !== undefined);
    if (near) expect(found[0][3]).toContain(`did you mean \`${near}\`?`);
    expect(a.loaded.cluster.policies).toHaveLength(0);
  });

  it('in an AdminNetworkPolicy rule, and in the metadata of a workload (reported; the workload is still analysed)', () => {
    const a = analyzeYaml(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
    - action: Deny
      form: [{namespaces: {}}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: web
  lables: {app: d}
spec:
  template:
    metadata: {labels: {app: d}}
`);
    expect(at(a, 'UNKNOWN_FIELD').map(([, line, , m]) => [line, m.replace(/;.*/, '')])).toEqual([
      [9, 'AdminNetworkPolicy a: unknown field `spec.ingress[0].form` (did you mean `from`?)'],
      [16, 'Deployment web/d: unknown field `metadata.lables` (did you mean `labels`?)'],
    ]);
    expect(a.loaded.cluster.clusterPolicies).toHaveLength(0);
    expect(a.loaded.cluster.workloads.map((w) => w.id)).toEqual(['web/d[Deployment]']);
  });

  it('the ports field under the other version\'s name is told as such, not as a typo; a v1alpha2 draft\'s `ports` is a draft, not an error (kinds/cluster-policy-draft.ts)', () => {
    const a = analyzeYaml(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: c}
spec:
  tier: Admin
  priority: 3
  subject: {namespaces: {}}
  ingress:
    - action: Deny
      from: [{namespaces: {}}]
      ports: [{portNumber: {protocol: TCP, port: 80}}]
    - action: Deny
      from: [{namespaces: {}}]
      protocols: [{tcp: {destinationPort: {number: 81}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: draft}
spec:
  tier: Admin
  priority: 4
  subject: {namespaces: {}}
  ingress:
    - action: Deny
      from: [{namespaces: {}}]
      ports: [{portNumber: {protocol: TCP, port: 80}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 10
  subject: {namespaces: {}}
  egress:
    - action: Deny
      to: [{namespaces: {}}]
      protocols: [{tcp: {destinationPort: {number: 80}}}]
`);
    // Beside v0.2's `protocols` in the same policy, `ports` is a mistake: the API server rejects it.
    expect(at(a, 'UNKNOWN_FIELD').map(([, line, , m]) => [line, m.replace(/; the API server.*/, '')])).toEqual([
      [11, 'ClusterNetworkPolicy c: unknown field `spec.ingress[0].ports` (ClusterNetworkPolicy names its ports `protocols`, with `tcp`, `udp` or `sctp` entries; `ports` is AdminNetworkPolicy\'s field, and that of v1alpha2 drafts before network-policy-api v0.2)'],
      [37, 'AdminNetworkPolicy a: unknown field `spec.egress[0].protocols` (this kind names its ports `ports`, with `portNumber`, `portRange` or `namedPort` entries; `protocols` is ClusterNetworkPolicy\'s field)'],
    ]);
    // Alone, it is a draft's shape: a warning at the field, and the policy is counted as one reachdiff does not model.
    expect(at(a, 'UNSUPPORTED_API_VERSION').map(([, line, sev, m]) => [line, sev, m.slice(0, 80)])).toEqual([[26, 'warning', 'ClusterNetworkPolicy draft: spec.ingress[0].ports is the port field of v1alpha2 ']]);
    expect(at(a, 'UNMODELLED_POLICY').map(([, , sev, m]) => [sev, m.slice(0, 45)])).toEqual([['warning', 'results ignore 1 draft-v1alpha2 ClusterNetwor']]);
    expect(a.loaded.cluster.clusterPolicies).toHaveLength(0);
  });
});

describe('kind typos', () => {
  it('a near miss of a modelled kind in its group is an error (kubectl refuses it) with a suggestion; real kinds stay silent', () => {
    const a = analyzeYaml(`apiVersion: networking.k8s.io/v1
kind: NetworkPolciy
metadata: {name: p}
---
apiVersion: apps/v1
kind: Deploymnet
metadata: {name: d}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: c}
---
apiVersion: v1
kind: Node
metadata: {name: n}
---
apiVersion: example.com/v1
kind: NetworkPolciy
metadata: {name: x}
`);
    expect(at(a, 'UNKNOWN_KIND').map(([, line, severity, m]) => [line, severity, /did you mean (\w+)\?/.exec(m)?.[1]])).toEqual([
      [2, 'error', 'NetworkPolicy'],
      [6, 'error', 'Deployment'],
    ]);
  });
});

describe('a value that must be a map', () => {
  it.each([
    ['spec: "hello"', 4, 'spec'],
    ['spec: [1]', 4, 'spec'],
  ])('%s is an error and the policy is not applied (not read as deny-all)', (spec, line, path) => {
    const a = analyzeYaml(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n${spec}\n`);
    expect(at(a, 'INVALID_FIELD').map(([, l, , m]) => [l, m])).toEqual([
      [line, expect.stringMatching(new RegExp(`^NetworkPolicy default/p: ${path} must be a map, not `))],
      [1, 'NetworkPolicy default/p would be rejected by the API server; it is not applied'],
    ]);
    expect(a.loaded.cluster.policies).toHaveLength(0);
  });

  it('metadata, an ipBlock and a workload spec', () => {
    const a = analyzeYaml(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: x
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {}
  egress:
    - to:
        - ipBlock: 10.0.0.0/8
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template: [1]
`);
    expect(a.loaded.diagnostics.filter((d) => /must be a map/.test(d.message)).map((d) => [d.ref.line, d.message])).toEqual([
      [3, 'NetworkPolicy: metadata must be a map, not the string "x"'],
      [12, 'NetworkPolicy default/p: spec.egress[0].to[0].ipBlock must be a map'],
      [18, 'Deployment default/d: spec.template must be a map, not a list'],
    ]);
    expect(a.loaded.cluster.policies).toHaveLength(0);
  });
});

describe('names that are not strings', () => {
  it('a numeric name or namespace is named as such, at its line', () => {
    const a = analyzeYaml(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: 12345
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: 42
spec:
  podSelector: {}
`);
    expect(at(a, 'INVALID_NAME').map(([, line, , m]) => [line, m])).toEqual([
      [4, 'Deployment: metadata.name must be a string, not the number 12345 (quote it); the API server rejects the object; ignored'],
      [10, 'NetworkPolicy default/p: metadata.namespace must be a string, not the number 42 (quote it); the API server rejects the object'],
    ]);
    expect(a.loaded.diagnostics.some((d) => /without metadata.name/.test(d.message))).toBe(false);
    expect(a.loaded.cluster.policies).toHaveLength(0);
  });
});

describe('long values', () => {
  it('are quoted to ~60 characters with their length', () => {
    const long = 'a'.repeat(5000);
    const a = analyzeYaml(`apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app: ${long}
`);
    const [d] = a.loaded.diagnostics.filter((x) => x.code === 'INVALID_LABEL');
    expect(d.ref.line).toBe(6);
    expect(d.message).toContain(`label value "${'a'.repeat(60)}…" (5000 characters) must be`);
    expect(d.message.length).toBeLessThan(300);
  });
});

describe('List items', () => {
  it('are reported at their own lines, scalars included', () => {
    const a = analyzeYaml(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p2, namespace: web}
  - "string item"
  - null
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: n}
    spec:
      podSelector: {}
      ingres: []
`);
    expect(a.loaded.diagnostics.map((d) => [d.ref.line, d.code])).toEqual([
      [7, 'NOT_AN_OBJECT'],
      [8, 'NOT_AN_OBJECT'],
      [14, 'UNKNOWN_FIELD'],
      [9, 'INVALID_FIELD'],
    ]);
  });
});

describe('in a diff', () => {
  const ns = { path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: back, namespace: web, labels: {app: back}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: front, namespace: web, labels: {app: front}}\n' };
  const policy = (peerKey: string) => ({
    path: 'pol.yaml',
    text: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: back, namespace: web}
spec:
  podSelector: {matchLabels: {app: back}}
  ingress:
    - ${peerKey}:
        - podSelector: {matchLabels: {app: front}}
      ports:
        - port: 9000
`,
  });

  it('a typo in head (`form:`) is an introduced error and opens nothing', () => {
    const report = analyzeDiff([ns, policy('from')], [ns, policy('form')]);
    expect(report.errors.introduced.map((d) => [d.ref.file, d.ref.line, d.code])).toEqual([
      ['pol.yaml', 1, 'INVALID_FIELD'],
      ['pol.yaml', 7, 'UNKNOWN_FIELD'],
    ]);
    expect(report.counts.errors).toBe(2);
    // Not read as "no from" (a rule admitting everyone): kubectl refuses the object, head does not
    // hold it, and the report leads with the error and fails by default.
    expect(diffText(report).split('\n')[0]).toMatch(/^2 errors Kubernetes will reject/);
    expect(fails(report.counts, ['opened', 'errors'])).toBe(true);
  });
});

describe('long values from the engine', () => {
  it('a long CIDR is quoted short too', () => {
    const cidr = `10.0.0.0/${'9'.repeat(500)}`;
    const a = analyzeYaml(ingressPeerPolicy(`ipBlock: {cidr: "${cidr}"}`));
    const [d] = a.loaded.diagnostics.filter((x) => x.code === 'INVALID_CIDR');
    expect(d.message).toContain('(509 characters)');
    expect(d.message.length).toBeLessThan(200);
  });
});

describe('label values that are not strings', () => {
  it('say what the value is (a list, a map, a number), at the key, in plain words', () => {
    const a = analyzeYaml(`apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: web
  labels:
    app: [1, 2]
    tier: {a: b}
    rank: 5
spec:
  containers: [{name: c, image: i}]
`);
    expect(at(a, 'INVALID_LABEL').map(([, line, , message]) => [line, message])).toEqual([
      [7, 'Pod web/p: metadata.labels: label "app" has a list for its value; label values are strings (quote it)'],
      [8, 'Pod web/p: metadata.labels: label "tier" has a map for its value; label values are strings (quote it)'],
      [9, 'Pod web/p: metadata.labels: label "rank" has the number 5 for its value; label values are strings (quote it)'],
    ]);
  });
});
