/** The loader: files → model, with positions, and diagnostics instead of exceptions. */
import { loadManifests } from '../../src/manifests/load.js';
import type { LoadResult } from '../../src/manifests/load.js';
import { analyzeYaml } from '../helpers/analyze.js';

const load = (text: string, path = 'm.yaml'): LoadResult => loadManifests([{ path, text }]);
const y = (...lines: string[]) => lines.join('\n') + '\n';
const ids = (r: LoadResult) => r.cluster.workloads.map((w) => w.id).sort();
const diag = (r: LoadResult) => r.diagnostics.map((d) => ({ code: d.code, line: d.ref.line }));

const deployment = (name: string, ns?: string) =>
  y('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, ...(ns ? [`  namespace: ${ns}`] : []), 'spec:', '  template:', '    metadata:', '      labels:', `        app: ${name}`);

describe('documents and files', () => {
  it('reads every document of a multi-document file, skipping empty and comment-only ones', () => {
    const r = load(['---', '# only a comment', '---', deployment('a'), '---', '', '---', deployment('b', 'prod'), '...'].join('\n'));
    expect(ids(r)).toEqual(['default/a[Deployment]', 'prod/b[Deployment]']);
    expect(r.documents.map((d) => d.startLine)).toEqual([4, 17]);
    expect(r.diagnostics).toEqual([]);
  });

  it('content on a separator line is rejected as Kubernetes\' YAML reader does (see read-as-kubectl.test.ts)', () => {
    const r = load('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n--- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n');
    expect(r.cluster.namespaces.map((n) => [n.name, n.ref?.line])).toEqual([['a', 1]]);
    expect(diag(r)).toEqual([{ code: 'YAML_SYNTAX', line: 4 }]);
  });

  it('a byte-order mark at the start of a file is not part of the first key', () => {
    const r = load('\uFEFFapiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
    expect(r.cluster.namespaces.map((n) => n.name)).toEqual(['a', 'b']);
    expect(r.diagnostics).toEqual([]);
  });

  it('reads a JSON file', () => {
    const r = load(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { env: 'p' } } }, null, 2), 'ns.json');
    expect(r.cluster.namespaces).toEqual([{ name: 'prod', labels: { env: 'p', 'kubernetes.io/metadata.name': 'prod' }, ref: { file: 'ns.json', line: 1 } }]);
  });

  it('treats `---` inside a JSON file as JSON, not as a document separator', () => {
    const r = load('{"apiVersion": "v1", "kind": "Namespace",\n"metadata": {"name": "x", "annotations": {"a": "---"}}}', 'x.json');
    expect(r.cluster.namespaces.map((n) => n.name)).toEqual(['x']);
  });

  it('reads files in path order whatever order they are given in', () => {
    const r = loadManifests([
      { path: 'z.yaml', text: deployment('z') },
      { path: 'a.yaml', text: deployment('a') },
    ]);
    expect(r.documents.map((d) => d.file)).toEqual(['a.yaml', 'z.yaml']);
  });

  it('unpacks a List whose items carry their own kind', () => {
    const r = load(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
          { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'prod' }, spec: { template: { metadata: { labels: { app: 'db' } } } } },
        ],
      }),
      'list.json',
    );
    expect(r.cluster.namespaces.map((n) => n.name)).toEqual(['prod']);
    expect(ids(r)).toEqual(['prod/db[StatefulSet]']);
    expect(r.documents[0].objects).toEqual(['Namespace/prod/prod', 'StatefulSet/prod/db']);
  });

  it('unpacks a PodList whose items omit kind and apiVersion', () => {
    const r = load(
      y(
        'apiVersion: v1',
        'kind: PodList',
        'items:',
        '- metadata:',
        '    name: p1',
        '    labels: {app: x}',
        '- metadata:',
        '    name: p2',
        '    namespace: other',
      ),
    );
    expect(ids(r)).toEqual(['default/p1[Pod]', 'other/p2[Pod]']);
    expect(r.cluster.workloads.find((w) => w.name === 'p1')?.podLabels).toEqual({ app: 'x' });
    expect(r.diagnostics).toEqual([]);
  });

  it('an item of a plain List without kind is not an object', () => {
    const r = load(y('apiVersion: v1', 'kind: List', 'items:', '- metadata:', '    name: p1'));
    expect(diag(r)).toEqual([{ code: 'NOT_AN_OBJECT', line: 4 }]);
  });

  it('a document that is no object says what it lacks (fresh-user trial 32: "no apiVersion and kind" on a NetworkPolicy without apiVersion)', () => {
    const messages = (text: string) => load(text).diagnostics.map((d) => `${d.code} ${d.ref.line}: ${d.message}`);
    expect(messages(y('kind: NetworkPolicy', 'metadata:', '  name: deny', 'spec:', '  podSelector: {}'))).toEqual(['NOT_AN_OBJECT 1: NetworkPolicy deny has no apiVersion: kubectl refuses it; ignored']);
    // In a file with an object, the other documents say what they lack.
    const ns = y('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: app', '---');
    expect(messages(ns + y('apiVersion: networking.k8s.io/v1', 'metadata:', '  name: deny'))).toEqual(['NOT_AN_OBJECT 6: no kind (apiVersion networking.k8s.io/v1, name deny): kubectl refuses it; ignored']);
    expect(messages(ns + y('- a', '- b'))).toEqual(['NOT_AN_OBJECT 6: not a Kubernetes object: a list, not a mapping with apiVersion and kind; ignored']);
    expect(messages(ns + y('metadata:', '  name: x'))).toEqual(['NOT_AN_OBJECT 6: not a Kubernetes object (no apiVersion and kind); ignored']);
  });

  it('a file whose only document is a NetworkPolicy without apiVersion is a manifest: its warning is said (it was skipped without a word)', () => {
    const r = load(y('kind: NetworkPolicy', 'metadata:', '  name: deny', '  namespace: app', 'spec:', '  podSelector: {}'), 'deny.yaml');
    expect(r.diagnostics.map((d) => `${d.ref.file}:${d.ref.line}: ${d.code}`)).toEqual(['deny.yaml:1: NOT_AN_OBJECT']);
    // Files of other YAML (values, workflows, compose) stay unread without a word.
    expect(load(y('kind: values', 'metadata:', '  owner: me')).diagnostics).toEqual([]);
    expect(load(y('name: ci', 'on: [push]', 'jobs: {}')).diagnostics).toEqual([]);
  });

  it('ignores kinds the engine does not use, without noise', () => {
    const r = load(y('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'data: {a: b}'));
    expect(r.diagnostics).toEqual([]);
    expect(r.cluster.workloads).toEqual([]);
  });
});

describe('workloads', () => {
  it('a Pod with a controller ownerReference is reported as its owner', () => {
    const pod = (name: string) =>
      y(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        `  name: ${name}`,
        '  labels: {app: web}',
        '  ownerReferences:',
        '  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: false}',
        '  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7c9b, controller: true}',
      );
    const r = load([pod('web-7c9b-aaaaa'), pod('web-7c9b-bbbbb')].join('---\n'));
    expect(r.cluster.workloads.map((w) => [w.id, w.name, w.kind])).toEqual([['default/web-7c9b[ReplicaSet]', 'web-7c9b', 'ReplicaSet']]);
    expect(r.diagnostics).toEqual([]);
  });

  it('a Pod without a controller owner is reported as itself', () => {
    const r = load(y('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: solo', '  ownerReferences:', '  - {kind: ReplicaSet, name: rs, controller: false}'));
    expect(ids(r)).toEqual(['default/solo[Pod]']);
  });

  it('a CronJob takes its pod labels and ports from the job template', () => {
    const r = load(
      y(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: nightly, namespace: ops}',
        'spec:',
        '  schedule: "0 0 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata:',
        '          labels: {app: backup}',
        '        spec:',
        '          containers:',
        '          - name: c',
        '            ports:',
        '            - {name: metrics, containerPort: 9100}',
      ),
    );
    expect(r.cluster.workloads).toEqual([
      {
        id: 'ops/nightly[CronJob]',
        namespace: 'ops',
        name: 'nightly',
        kind: 'CronJob',
        podLabels: { app: 'backup' },
        namedPorts: [{ name: 'metrics', port: 9100, protocol: 'TCP' }],
        ref: { file: 'm.yaml', line: 1 },
      },
    ]);
  });

  it('an object without namespace is in default', () => {
    const r = load(deployment('a'));
    expect(r.cluster.workloads[0].namespace).toBe('default');
  });

  it('a namespace always carries its name label', () => {
    const r = load(y('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: prod', '  labels:', '    kubernetes.io/metadata.name: wrong', '    team: x'));
    expect(r.cluster.namespaces[0].labels).toEqual({ 'kubernetes.io/metadata.name': 'prod', team: 'x' });
  });
});

const POLICY = y(
  'apiVersion: networking.k8s.io/v1', // 1
  'kind: NetworkPolicy', // 2
  'metadata:', // 3
  '  name: p', // 4
  'spec:', // 5
  '  podSelector: {}', // 6
  '  ingress:', // 7
  '  - from:', // 8
  '    - podSelector: {}', // 9
  '    ports:', // 10
  '    - port: 80', // 11
  '  - ports:', // 12
  '    - port: 443', // 13
  '      protocol: UDP', // 14
  '  egress:', // 15
  '    - to:', // 16
  '        - ipBlock:', // 17
  '            cidr: 10.0.0.0/8', // 18
);

describe('positions', () => {
  it('a policy, its rules, peers and ports point at their own lines', () => {
    const r = load(POLICY);
    const p = r.cluster.policies[0];
    expect(p.ref.line).toBe(1);
    expect(p.ingress.map((rule) => rule.ref.line)).toEqual([8, 12]);
    expect(p.egress.map((rule) => rule.ref.line)).toEqual([16]);
    const [first, second] = p.ingress;
    expect(first.peers !== 'any' && first.peers[0].ref.line).toBe(9);
    expect(first.ports !== 'any' && first.ports[0].ref.line).toBe(11);
    expect(second.ports !== 'any' && second.ports.map((s) => [s.ref.line, s.protocol, s.port])).toEqual([[13, 'UDP', 443]]);
    const egressPeers = p.egress[0].peers;
    expect(egressPeers !== 'any' && egressPeers[0].ref.line).toBe(17);
  });

  it('lines count from the top of the file in later documents', () => {
    const r = load(deployment('a') + '---\n' + POLICY);
    const offset = deployment('a').split('\n').length; // the deployment's lines and the separator
    const p = r.cluster.policies[0];
    expect(p.ref.line).toBe(1 + offset);
    expect(p.ingress.map((rule) => rule.ref.line)).toEqual([8 + offset, 12 + offset]);
  });

  it('the files of CRLF manifests keep their line numbers', () => {
    const r = load((deployment('a') + '---\n' + POLICY).replace(/\n/g, '\r\n'));
    const offset = deployment('a').split('\n').length;
    expect(r.cluster.policies[0].ingress.map((rule) => rule.ref.line)).toEqual([8 + offset, 12 + offset]);
  });
});

const NS = y('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: first'); // lines 1-4, separator on 5
/** A policy after a Namespace document: its line 1 is file line 6, its spec entries start on file line 12. */
const policyWith = (...spec: string[]) => NS + '---\n' + y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: bad', 'spec:', '  podSelector: {}', ...spec);
const POLICY_LINE = 6;
const REJECTED = { code: 'INVALID_FIELD', line: POLICY_LINE };

describe('diagnostics', () => {
  it.each<[string, string, { code: string; line: number }[]]>([
    ['a bad CIDR', policyWith('  ingress:', '  - from:', '    - ipBlock:', '        cidr: 10.0.0.300/8'), [{ code: 'INVALID_CIDR', line: 15 }, REJECTED]],
    ['a CIDR without prefix', policyWith('  ingress:', '  - from:', '    - ipBlock: {cidr: 10.0.0.1}'), [{ code: 'INVALID_CIDR', line: 14 }, REJECTED]],
    ['an ipBlock without cidr', policyWith('  ingress:', '  - from:', '    - ipBlock: {except: [10.0.0.0/8]}'), [{ code: 'INVALID_CIDR', line: 14 }, REJECTED]],
    ['a bad except', policyWith('  ingress:', '  - from:', '    - ipBlock:', '        cidr: 10.0.0.0/8', '        except: [10.0.0.0/40]'), [{ code: 'INVALID_CIDR', line: 16 }, REJECTED]],
    [
      'an except outside the cidr',
      policyWith('  ingress:', '  - from:', '    - ipBlock:', '        cidr: 10.0.0.0/16', '        except: [10.1.0.0/24]'),
      [{ code: 'EXCEPT_OUTSIDE_CIDR', line: 16 }, REJECTED],
    ],
    [
      'an except equal to the cidr',
      policyWith('  ingress:', '  - from:', '    - ipBlock:', '        cidr: 10.0.0.0/16', '        except: [10.0.0.0/16]'),
      [{ code: 'EXCEPT_OUTSIDE_CIDR', line: 16 }, REJECTED],
    ],
    [
      'an IPv6 except in an IPv4 cidr',
      policyWith('  egress:', '  - to:', '    - ipBlock:', '        cidr: 0.0.0.0/0', '        except: ["::/1"]'),
      [{ code: 'EXCEPT_OUTSIDE_CIDR', line: 16 }, REJECTED],
    ],
    ['a port above 65535', policyWith('  ingress:', '  - ports:', '    - port: 70000'), [{ code: 'PORT_OUT_OF_RANGE', line: 14 }, REJECTED]],
    ['port 0', policyWith('  ingress:', '  - ports:', '    - port: 0'), [{ code: 'PORT_OUT_OF_RANGE', line: 14 }, REJECTED]],
    ['an endPort above 65535', policyWith('  ingress:', '  - ports:', '    - port: 80', '      endPort: 65536'), [{ code: 'PORT_OUT_OF_RANGE', line: 15 }, REJECTED]],
    ['an unknown protocol', policyWith('  ingress:', '  - ports:', '    - protocol: ICMP', '      port: 1'), [{ code: 'UNKNOWN_PROTOCOL', line: 14 }, REJECTED]],
    ['a lower-case protocol', policyWith('  ingress:', '  - ports:', '    - protocol: tcp'), [{ code: 'UNKNOWN_PROTOCOL', line: 14 }, REJECTED]],
    [
      'a bad selector operator',
      policyWith('  ingress:', '  - from:', '    - podSelector:', '        matchExpressions:', '        - key: app', '          operator: Equals', '          values: [a]'),
      [{ code: 'BAD_SELECTOR', line: 16 }, REJECTED],
    ],
    [
      'In without values',
      policyWith('  ingress:', '  - from:', '    - namespaceSelector:', '        matchExpressions:', '        - {key: app, operator: In}'),
      [{ code: 'BAD_SELECTOR', line: 16 }, REJECTED],
    ],
    ['Exists with values', policyWith('  egress:', '  - to:', '    - podSelector:', '        matchExpressions:', '        - {key: app, operator: Exists, values: [a]}'), [{ code: 'BAD_SELECTOR', line: 16 }, REJECTED]],
    ['endPort without a port', policyWith('  ingress:', '  - ports:', '    - endPort: 90'), [{ code: 'ENDPORT_WITHOUT_NUMERIC_PORT', line: 14 }, REJECTED]],
    ['endPort with a named port', policyWith('  ingress:', '  - ports:', '    - port: http', '      endPort: 90'), [{ code: 'ENDPORT_WITHOUT_NUMERIC_PORT', line: 15 }, REJECTED]],
    ['endPort below port', policyWith('  ingress:', '  - ports:', '    - port: 90', '      endPort: 80'), [{ code: 'ENDPORT_BELOW_PORT', line: 15 }, REJECTED]],
    ['an invalid port name', policyWith('  ingress:', '  - ports:', '    - port: HTTP'), [{ code: 'INVALID_PORT_NAME', line: 14 }, REJECTED]],
    ['a port number written as a string (a port name must contain a letter)', policyWith('  ingress:', '  - ports:', '    - port: "80"'), [{ code: 'INVALID_PORT_NAME', line: 14 }, REJECTED]],
    ['a peer whose selectors are all null', policyWith('  ingress:', '  - from:', '    - podSelector:', '      namespaceSelector:'), [{ code: 'INVALID_PEER', line: 14 }, REJECTED]],
    ['an ipBlock with a podSelector in one peer', policyWith('  ingress:', '  - from:', '    - ipBlock: {cidr: 10.0.0.0/8}', '      podSelector: {}'), [{ code: 'INVALID_PEER', line: 14 }, REJECTED]],
    ['an empty peer', policyWith('  ingress:', '  - from:', '    - {}'), [{ code: 'INVALID_PEER', line: 14 }, REJECTED]],
    ['an unknown policyType', policyWith('  policyTypes: [Ingress, Both]'), [{ code: 'INVALID_POLICY_TYPE', line: 12 }, REJECTED]],
    ['ingress that is not a list', policyWith('  ingress: {from: []}'), [{ code: 'INVALID_FIELD', line: 12 }, REJECTED]],
  ])('%s is reported at its line, and the policy is not applied', (_name, text, want) => {
    const r = load(text);
    expect(diag(r)).toEqual(want);
    expect(r.diagnostics.every((d) => d.ref.file === 'm.yaml')).toBe(true);
    expect(r.cluster.policies).toEqual([]);
    expect(r.cluster.namespaces.map((n) => n.name)).toEqual(['first']);
  });

  it('a YAML syntax error costs only its own document', () => {
    const text = y(
      'apiVersion: v1', // 1
      'kind: Namespace', // 2
      'metadata: {name: one}', // 3
      '---', // 4
      'apiVersion: v1', // 5
      'kind: Namespace', // 6
      'metadata:', // 7
      '  name: two', // 8
      ' bad: indentation', // 9
      '---', // 10
      'apiVersion: v1', // 11
      'kind: Namespace', // 12
      'metadata: {name: three}', // 13
    );
    const r = load(text);
    expect(r.cluster.namespaces.map((n) => n.name)).toEqual(['one', 'three']);
    expect(diag(r)).toEqual([{ code: 'YAML_SYNTAX', line: 9 }]);
    expect(r.diagnostics[0].severity).toBe('error');
  });

  it('an error at the end of a file without a final newline is on its last line, not one past it', () => {
    expect(load('{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}', 'one.json').diagnostics.map((d) => [d.code, d.ref.line])).toEqual([['YAML_SYNTAX', 1]]);
    expect(diag(load('apiVersion: v1\nkind: Namespace\nmetadata: {name: y'))).toEqual([{ code: 'YAML_SYNTAX', line: 3 }]);
  });

  it('a JSON syntax error is a YAML_SYNTAX diagnostic on its line', () => {
    const r = load('{\n  "apiVersion": "v1",\n  "kind": "Namespace"\n  "metadata": {}\n}', 'bad.json');
    expect(r.diagnostics.map((d) => [d.code, d.ref.file])).toEqual([['YAML_SYNTAX', 'bad.json']]);
    expect(r.diagnostics[0].ref.line).toBeGreaterThanOrEqual(3);
    expect(r.diagnostics[0].ref.line).toBeLessThanOrEqual(4);
  });

  it.each<[string, string, number]>([
    ['a sequence', y(NS.trimEnd(), '---', '- a', '- b'), 6],
    ['a mapping without kind', y(NS.trimEnd(), '---', 'hello: world'), 6],
    ['a mapping without apiVersion', y(NS.trimEnd(), '---', 'kind: Deployment', 'metadata: {name: x}'), 6],
    ['a bare scalar', y(NS.trimEnd(), '---', 'just some text'), 6],
  ])('a document that is %s is not a Kubernetes object', (_name, text, line) => {
    const r = load(text);
    expect(diag(r)).toEqual([{ code: 'NOT_AN_OBJECT', line }]);
    expect(r.cluster.namespaces.map((n) => n.name)).toEqual(['first']);
  });

  it('an object without metadata.name is an error and ignored', () => {
    const r = load(NS + '---\n' + y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {namespace: x}'));
    expect(diag(r)).toEqual([{ code: 'MISSING_FIELD', line: 6 }]);
    expect(r.cluster.workloads).toEqual([]);
  });

  it('a sync or release hook with only metadata.generateName is read under that prefix (Argo CD creates it, its pods run)', () => {
    const job = (annotation: string, hook: string) =>
      y('apiVersion: batch/v1', 'kind: Job', 'metadata:', '  generateName: schema-migrate-', '  namespace: db', '  annotations:', `    ${annotation}: ${hook}`, 'spec:', '  template:', '    metadata:', '      labels: {app: migrate}', '    spec:', '      containers: [{name: m, image: x}]');
    for (const annotation of ['argocd.argoproj.io/hook', 'helm.sh/hook']) {
      const r = load(job(annotation, 'PreSync'));
      expect(diag(r)).toEqual([]);
      expect(ids(r)).toEqual(['db/schema-migrate-[Job]']);
      expect(r.cluster.workloads[0].podLabels).toEqual({ app: 'migrate' });
    }
    // A hook Argo CD skips is never created: nothing read, and said at its annotation.
    const skipped = load(job('argocd.argoproj.io/hook', 'PreSync,Skip'));
    expect(diag(skipped)).toEqual([{ code: 'SKIPPED_HOOK', line: 7 }]);
    expect(ids(skipped)).toEqual([]);
  });

  it('a named object annotated as a Skip hook is not read either (Argo CD never applies it), said at file:line', () => {
    const policy = (hook: string) => y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: deny-all', '  namespace: db', '  annotations:', `    argocd.argoproj.io/hook: ${hook}`, 'spec:', '  podSelector: {}', '  policyTypes: [Ingress]');
    const skipped = load(policy('Skip'));
    expect(skipped.cluster.policies).toEqual([]);
    expect(skipped.diagnostics.map((d) => [d.code, d.ref.file, d.ref.line])).toEqual([['SKIPPED_HOOK', expect.any(String), 7]]);
    expect(skipped.diagnostics[0].message).toMatch(/NetworkPolicy deny-all: annotated argocd\.argoproj\.io\/hook: Skip, which Argo CD never applies; not read/);
    // Another hook type is applied (as a hook): read.
    expect(load(policy('PreSync')).cluster.policies.map((p) => p.id)).toEqual(['db/deny-all']);
  });

  it('generateName without a hook annotation: kubectl apply refuses it, said at generateName', () => {
    const r = load(y('apiVersion: batch/v1', 'kind: Job', 'metadata:', '  namespace: db', '  generateName: once-', 'spec: {}'));
    expect(diag(r)).toEqual([{ code: 'MISSING_FIELD', line: 5 }]);
    expect(r.diagnostics[0].message).toMatch(/generateName but no metadata.name: `kubectl apply` refuses it/);
    expect(ids(r)).toEqual([]);
  });

  it('an object defined twice keeps the last copy and warns at it; an identical copy is silent', () => {
    expect(diag(load(NS + '---\n' + NS))).toEqual([]);
    const r = load(NS + '---\n' + NS.replace('name: first', 'name: first\n  labels: {a: b}'));
    expect(diag(r)).toEqual([{ code: 'DUPLICATE_OBJECT', line: 6 }]);
    expect(r.cluster.namespaces.map((n) => n.labels.a)).toEqual(['b']);
  });

  it('a valid policy beside an invalid one is still applied', () => {
    const r = load(POLICY + '---\n' + y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: q}', 'spec:', '  podSelector: {}', '  policyTypes: [Nope]'));
    expect(r.cluster.policies.map((p) => p.name)).toEqual(['p']);
    expect(diag(r)).toEqual([
      { code: 'INVALID_POLICY_TYPE', line: 25 },
      { code: 'INVALID_FIELD', line: 20 },
    ]);
  });
});

describe('never a throw, from the loader through the engine', () => {
  it.each<[string, string, string]>([
    ['an empty file', '', 'a.yaml'],
    ['only separators', '---\n---\n...\n', 'a.yaml'],
    ['null', 'null', 'a.yaml'],
    ['a number', '42', 'a.yaml'],
    ['kind of the wrong type', 'apiVersion: v1\nkind: 5\n', 'a.yaml'],
    ['metadata of the wrong type', 'apiVersion: v1\nkind: Pod\nmetadata: [1]\n', 'a.yaml'],
    ['spec of the wrong type', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: 7\n', 'a.yaml'],
    ['rules of the wrong types', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: 3, ingress: [1, null, {from: 2, ports: x}], egress: [{to: [{ipBlock: 5}]}]}\n', 'a.yaml'],
    ['selectors of the wrong types', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {matchLabels: [1], matchExpressions: [null, 3]}}\n', 'a.yaml'],
    ['a List of junk', 'apiVersion: v1\nkind: List\nitems: [1, null, [2], {kind: X}]\n', 'a.yaml'],
    ['a PodList with non-list items', 'apiVersion: v1\nkind: PodList\nitems: 3\n', 'a.yaml'],
    ['a Service and Ingress of junk', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [null, {port: x}], selector: 3}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {rules: [null, {http: {paths: [null, {backend: 3}]}}], defaultBackend: {service: {name: 4}}}\n', 'a.yaml'],
    ['containers of junk', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [null, {ports: [null, {name: x, containerPort: big}]}]}\n', 'a.yaml'],
    ['an unknown tag', 'apiVersion: v1\nkind: !weird Pod\n', 'a.yaml'],
    ['a duplicate key', 'apiVersion: v1\napiVersion: v2\n', 'a.yaml'],
    ['tabs for indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n', 'a.yaml'],
    ['an alias bomb', 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n', 'a.yaml'],
    ['truncated JSON', '{"apiVersion": "v1", "kind": ', 'a.json'],
    ['binary garbage', '\u0000\u0001\u0002\uFFFD\n:\n- ]', 'a.yaml'],
  ])('%s', (_name, text, path) => {
    expect(() => analyzeYaml(text, path)).not.toThrow();
  });
});
