/**
 * A workload in a region wider than its own pods, whatever the pair's other end is: when a rule admits
 * (or reaches) the whole namespace `mesh` and the manifests hold `mesh/gateway` there, the pairs of the
 * region are dropped (the workload represents it), and text, Markdown and the headline still name the
 * rule peer, `mesh/[all pods] (mesh/gateway today)`, also when the other end is pods the manifests do not
 * hold (kubeflow/manifests 3b45a3be3: a policy for registry pods no manifest holds admitting istio-system).
 * The JSON keeps the workload's pair only, as for a workload at the other end (README, "How the two views
 * are reconciled").
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const file = (path: string, text: string) => ({ path, text });
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const deployment = (namespace: string, name: string, app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const job = (namespace: string, name: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    spec: {containers: [{name: c, image: x}]}\n`;
const policy = (namespace: string, name: string, spec: object) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;
const mesh = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mesh' } } };
const registry = { matchLabels: { component: 'registry' } };
// Every apps pod admits only apps pods (ingress) and may send only to apps pods (egress).
const sameNs = file('pol.yaml', policy('apps', 'same-ns', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] }));
const world = (...extra: string[]) => file('apps.yaml', [ns('mesh'), ns('apps'), deployment('mesh', 'gateway', 'gateway'), deployment('apps', 'web', 'web'), ...extra].join('---\n'));
const admitMesh = file('new.yaml', policy('apps', 'registry', { podSelector: registry, ingress: [{ from: [mesh], ports: [{ port: 8080 }] }] }));
const sendToMesh = file('new.yaml', policy('apps', 'registry', { podSelector: registry, policyTypes: ['Egress'], egress: [{ to: [mesh], ports: [{ port: 8080 }] }] }));

type JsonPair = { src: { id: string }; dst: { id: string } };
const jsonPairs = (report: ReturnType<typeof analyzeDiff>) => (diffJsonObject(report) as { pairs: JsonPair[] }).pairs.map((p) => `${p.src.id} => ${p.dst.id}`);

describe('a workload in a wider region, the other end abstract', () => {
  it('ingress: the abstract destination admits mesh/[all pods] with mesh/gateway in brackets, in the line, the headline and Markdown; JSON keeps the workload pair', () => {
    const report = analyzeDiff([world(), sameNs], [world(), sameNs, admitMesh]);
    const text = diffText(report);
    expect(text.split('\n')[2]).toBe('Opens apps/[pod with {component=registry}] to mesh/[all pods] (mesh/gateway today) on TCP 8080 (1 rule, new.yaml:4).');
    expect(text).toContain('Opened with pods the manifests do not hold, by rule (1 path):\n  apps/[pod with {component=registry}] now admits mesh/[all pods] (mesh/gateway[Deployment] today) on TCP 8080, new.yaml:4\n');
    expect(text).not.toContain('now admits mesh/gateway');
    const md = renderDiffMarkdown(report);
    expect(md).toContain('- `apps/[pod with {component=registry}]` now admits `mesh/[all pods]` (mesh/gateway[Deployment] today) on TCP 8080, `new.yaml:4`');
    expect(md).toContain('Opens apps/[pod with {component=registry}] to mesh/[all pods] (mesh/gateway today) on TCP 8080');
    expect(jsonPairs(report)).toEqual(['mesh/gateway[Deployment] => apps/[pod with {component=registry}]']);
    expect(JSON.stringify(diffJsonObject(report))).not.toContain('today');
  });

  it('two workloads in the region (one without labels): both in brackets, one line, each pair counted once', () => {
    const report = analyzeDiff([world(job('mesh', 'once')), sameNs], [world(job('mesh', 'once')), sameNs, admitMesh]);
    const text = diffText(report);
    expect(text).toContain('Opened with pods the manifests do not hold, by rule (2 paths):\n  apps/[pod with {component=registry}] now admits mesh/[all pods] (mesh/gateway[Deployment], mesh/once[Job] today) on TCP 8080, new.yaml:4\n');
    expect(text.split('\n')[2]).toBe('Opens apps/[pod with {component=registry}] to mesh/[all pods] (mesh/gateway, mesh/once today) on TCP 8080 (1 rule, new.yaml:4).');
    expect(jsonPairs(report)).toEqual(['mesh/gateway[Deployment] => apps/[pod with {component=registry}]', 'mesh/once[Job] => apps/[pod with {component=registry}]']);
  });

  it('closed: the abstract destination no longer admits mesh/[all pods] (mesh/gateway today)', () => {
    const report = analyzeDiff([world(), sameNs, admitMesh], [world(), sameNs]);
    const text = diffText(report);
    expect(text.split('\n')[2]).toBe('Closes mesh/[all pods] (mesh/gateway today) => apps/[pod with {component=registry}] on TCP 8080 (base:new.yaml:1).');
    expect(text).toMatch(/\n {2}apps\/\[pod with \{component=registry\}\] no longer admits mesh\/\[all pods\] \(mesh\/gateway\[Deployment\] today\) on TCP 8080, base:new\.yaml:4/);
    expect(text).not.toContain('no longer admits mesh/gateway');
  });

  it('egress: the abstract source may now send to mesh/[all pods] (mesh/gateway today); JSON keeps the workload pair', () => {
    const report = analyzeDiff([world(), sameNs], [world(), sameNs, sendToMesh]);
    const text = diffText(report);
    expect(text.split('\n')[2]).toBe('Opens egress from apps/[pod with {component=registry}] to mesh/[all pods] (mesh/gateway today) on TCP 8080 (1 rule, new.yaml:4).');
    expect(text).toContain('Opened with pods the manifests do not hold, by rule (1 path):\n  apps/[pod with {component=registry}] may now send to mesh/[all pods] (mesh/gateway[Deployment] today) on TCP 8080, new.yaml:4\n');
    expect(jsonPairs(report)).toEqual(['apps/[pod with {component=registry}] => mesh/gateway[Deployment]']);
  });

  it('a rule naming the workload by its own labels adds no brackets (the region is its own pods)', () => {
    const gatewayOnly = file('new.yaml', policy('apps', 'registry', { podSelector: registry, ingress: [{ from: [{ ...mesh, podSelector: { matchLabels: { app: 'gateway' } } }], ports: [{ port: 8080 }] }] }));
    const text = diffText(analyzeDiff([world(), sameNs], [world(), sameNs, gatewayOnly]));
    expect(text).toContain('apps/[pod with {component=registry}] now admits mesh/gateway[Deployment] on TCP 8080, new.yaml:');
    expect(text).not.toContain('today');
  });
});

describe('a workload in a wider region, the other end a workload', () => {
  const pgWorld = (...extra: string[]) => file('apps.yaml', [ns('web'), ns('db'), ns('ops'), deployment('web', 'front', 'front'), deployment('db', 'pg', 'pg'), ...extra].join('---\n'));
  const pgIn = (from: object[]) => file('pol.yaml', policy('db', 'pg-in', { podSelector: { matchLabels: { app: 'pg' } }, ingress: [{ from, ports: [{ port: 5432 }] }] }));
  const ops = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } };
  const front = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { app: 'front' } } };

  it('ingress, a workload without labels in the namespace admitted: ops/[all pods] (ops/once today)', () => {
    const report = analyzeDiff([pgWorld(job('ops', 'once')), pgIn([front])], [pgWorld(job('ops', 'once')), pgIn([front, ops])]);
    const text = diffText(report);
    expect(text).toContain('db/pg[Deployment] now admits ops/[all pods] (ops/once[Job] today) on TCP 5432, pol.yaml:');
    expect(text.split('\n')[2]).toBe('Opens db/pg to ops/[all pods] (ops/once today) on TCP 5432 (1 rule, pol.yaml:4).');
    expect(jsonPairs(report)).toEqual(['ops/once[Job] => db/pg[Deployment]']);
  });

  it('egress: web/front may now send to ops/[all pods] (ops/tool today)', () => {
    const frontOut = (to: object[]) => file('out.yaml', policy('web', 'front-out', { podSelector: { matchLabels: { app: 'front' } }, policyTypes: ['Egress'], egress: [{ to, ports: [{ port: 9000 }] }] }));
    const tool = deployment('ops', 'tool', 'tool');
    const report = analyzeDiff([pgWorld(tool), frontOut([{ podSelector: {} }])], [pgWorld(tool), frontOut([{ podSelector: {} }, ops])]);
    const text = diffText(report);
    expect(text).toContain('web/front[Deployment] may now send to ops/[all pods] (ops/tool[Deployment] today) on TCP 9000, out.yaml:');
    expect(text).toContain('Opened with pods the manifests do not hold, by rule (no paths beyond those listed above; "today" marks workloads whose paths are listed above)');
    expect(text.split('\n')[2]).toBe('Opens egress from web/front to ops/[all pods] (ops/tool today) on TCP 9000 (1 rule, out.yaml:4).');
    expect(jsonPairs(report)).toEqual(['web/front[Deployment] => ops/tool[Deployment]']);
  });
});
