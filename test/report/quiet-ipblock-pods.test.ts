/**
 * A changed rule's peers whose own side denies it only because their isolating policies reach pods by `ipBlock`
 * alone, which the model reads as never pods: "no change" is not proven when that ipBlock may hold pod IPs
 * (a real repository: a rule admitting the namespace's own pods gained TCP 8008 beside 5432, their egress
 * allowed only to 0.0.0.0/0, and the report read ✅ "No change", the check `success`; on Calico, which matches
 * pod IPs by ipBlock, the change opens TCP 8008). The quiet-change line of the namespace's own pods, two
 * workloads each isolated by the changed policy itself, said no reason either.
 */
import { diffReport, diffSides } from '../helpers/folder-diff.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';

const deployment = (ns: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}}]}\n`;
const namespace = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
const TO_ANY = '    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n';
const TO_PODS = '    - to: [{podSelector: {}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n      ports: [{protocol: UDP, port: 53}]\n';
// db's pods admit their own namespace's pods and app's on `ports`; both namespaces' egress is `egress` alone.
const dbPolicy = (ports: string, egress: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector: {}\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: app}}\n      ports: [${ports}]\n  egress:\n${egress}`;
const appPolicy = (egress: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: app}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n${egress}`;
const side = (ports: string, egress: string) => ({
  'ns.yaml': `${namespace('db')}---\n${namespace('app')}`,
  'db.yaml': `${deployment('db', 'pg')}---\n${deployment('db', 'backup')}`,
  'app.yaml': deployment('app', 'web'),
  'np-db.yaml': dbPolicy(ports, egress),
  'np-app.yaml': appPolicy(egress),
});
const asList = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
const CHECK = { failOn: ['opened', 'errors'], otherChanges: 'neutral', text: '', rollbackButton: false } as const;
const BASE = '{port: 5432}';
const HEAD = '{port: 5432}, {port: 8008}';

interface Json {
  quietChanges: { policy: string; peers: { side: string; peer: string; why?: { kind: string; end?: string; ipBlocks?: { policy: string; cidr: string; ref: { file: string; line: number } }[] } }[] }[];
}

describe('a quiet change whose peers reach it only by an ipBlock that may hold pod IPs', () => {
  it('egress only to 0.0.0.0/0, no pod network configured: ⚠️ with the ipBlock and its policy, the check neutral, not ✅', async () => {
    const sides = diffSides({ base: side(BASE, TO_ANY), head: side(HEAD, TO_ANY) });
    const text = await sides.report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; not proven where an ipBlock may hold pod IPs (see the changed policies).');
    // The namespace's own pods (two workloads, isolated by the changed policy itself) now have their reason.
    expect(text).toContain('ingress rule 1 now admits db/[all pods] on TCP 5432,8008 (np-db.yaml:9): no path opens: the egress of db/[all pods] denies it (isolated by NetworkPolicy db/pg (np-db.yaml:1); none of its rules admits it)');
    expect(text).toContain('ipBlock 0.0.0.0/0 of NetworkPolicy db/pg (np-db.yaml:13) may hold pod IPs: on a network plugin that matches pods by address (Calico), it admits it, so in the cluster this may open a path');
    expect(text).toContain('ipBlock 0.0.0.0/0 of NetworkPolicy app/out (np-app.yaml:8) may hold pod IPs');
    const md = await sides.report('md');
    expect(md.split('\n')[0]).toMatch(/^### ⚠️ /);
    expect(md).toContain('- ⚠️ ipBlock 0.0.0.0/0 of NetworkPolicy db/pg');
    const json = JSON.parse(await sides.report('json')) as Json;
    const peers = json.quietChanges[0].peers.filter((p) => p.side === 'head');
    expect(peers.map((p) => [p.peer, p.why?.end, p.why?.ipBlocks?.map((b) => `${b.policy} ${b.cidr} ${b.ref.file}:${b.ref.line}`)])).toEqual([
      ['db/[all pods]', 'db/[all pods]', ['NetworkPolicy db/pg 0.0.0.0/0 np-db.yaml:13']],
      ['app/[all pods]', 'app/web[Deployment]', ['NetworkPolicy app/out 0.0.0.0/0 np-app.yaml:8']],
    ]);
    // The check run: neutral, with the reason at the policies' lines.
    const run = await analyzeTargets(asList(side(BASE, TO_ANY)), asList(side(HEAD, TO_ANY)));
    const check = targetsCheckRun(run, CHECK);
    expect(check.conclusion).toBe('neutral');
    expect(check.summary).toContain('So the check is not `success`.');
    expect(check.summary).toContain("a changed rule's peers reach it only by ipBlock 0.0.0.0/0 (NetworkPolicy db/pg at np-db.yaml:13, NetworkPolicy app/out at np-app.yaml:8), which may hold pod IPs");
  });

  it('egress to pods (no ipBlock): as before, proven (✅)', async () => {
    const text = await diffReport(side(BASE, TO_PODS), side(HEAD, TO_PODS));
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(text).not.toContain('may hold pod IPs');
    const md = await diffReport(side(BASE, TO_PODS), side(HEAD, TO_PODS), 'md');
    expect(md.split('\n')[0]).toMatch(/^### ✅ /);
    expect(targetsCheckRun(await analyzeTargets(asList(side(BASE, TO_PODS)), asList(side(HEAD, TO_PODS))), CHECK).conclusion).toBe('success');
  });

  it("app's egress only by a CiliumNetworkPolicy's toCIDR 0.0.0.0/0: proven (✅), Cilium never matches its own endpoints by address", async () => {
    const cilium = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: out, namespace: app}\nspec:\n  endpointSelector: {}\n  egress:\n    - toCIDR: [0.0.0.0/0]\n";
    const withCilium = (ports: string) => ({ ...side(ports, TO_PODS), 'np-app.yaml': cilium });
    const text = await diffReport(withCilium(BASE), withCilium(HEAD));
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(text).not.toContain('may hold pod IPs');
  });

  it('a configured pod network the ipBlock does not overlap: proven (✅)', async () => {
    const egress = '    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.42.0.0/16]}}]\n';
    const sides = diffSides({ base: side(BASE, egress), head: side(HEAD, egress) });
    const out = await sides.run('--fail-on', 'never', '--format', 'md', '--pod-cidr', '10.42.0.0/16');
    expect(out.stdout.split('\n')[0]).toMatch(/^### ✅ /);
    expect(out.stdout).not.toContain('may hold pod IPs');
    // Without it, the same ipBlock holds private addresses: not proven.
    expect((await sides.report('md')).split('\n')[0]).toMatch(/^### ⚠️ /);
  });
});

/**
 * The same reading behind a Deny rule's `already-denied` why: an AdminNetworkPolicy the change adds denies app's pods
 * db's TCP 5432; base's db ingress was isolated by a NetworkPolicy admitting only ipBlock 0.0.0.0/0, read as denying
 * app's pods, so no path closed (✅ before). On a plugin that matches pod IPs by address, base admitted them through
 * that ipBlock, and the Deny rule closes the path: not proven. (A policy that starts isolating, `isolated`, and an
 * `already` why cannot be made false this way: see docs/report.md.)
 */
describe('a quiet Deny rule whose peers the other side denied only as ipBlock is read', () => {
  const FROM_ANY = '    - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n      ports: [{port: 5432}]\n';
  const FROM_ANY_BUT_PODS = '    - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.42.0.0/16]}}]\n      ports: [{port: 5432}]\n';
  const dbIngress = (ingress: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n${ingress}`;
  const anp =
    'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: no-app-db}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {kubernetes.io/metadata.name: db}}\n  ingress:\n    - name: app\n      action: Deny\n      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}]\n      ports: [{portNumber: {protocol: TCP, port: 5432}}]\n';
  const files = (ingress: string, withAnp: boolean) => ({
    'ns.yaml': `${namespace('db')}---\n${namespace('app')}`,
    'db.yaml': deployment('db', 'pg'),
    'app.yaml': deployment('app', 'web'),
    'np-db.yaml': dbIngress(ingress),
    ...(withAnp ? { 'anp.yaml': anp } : {}),
  });

  it('db ingress only from 0.0.0.0/0: ⚠️ "may close a path", the JSON already-denied why lists the ipBlock, the check neutral', async () => {
    const sides = diffSides({ base: files(FROM_ANY, false), head: files(FROM_ANY, true) });
    const text = await sides.report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; not proven where an ipBlock may hold pod IPs (see the changed policies).');
    expect(text).toContain('no path closes: base already denied it (NetworkPolicy db/pg (base:np-db.yaml:1))');
    expect(text).toContain('ipBlock 0.0.0.0/0 of NetworkPolicy db/pg (base:np-db.yaml:8) may hold pod IPs: on a network plugin that matches pods by address (Calico), it admits it, so in the cluster this may close a path');
    expect((await sides.report('md')).split('\n')[0]).toMatch(/^### ⚠️ /);
    const json = JSON.parse(await sides.report('json')) as Json;
    expect(json.quietChanges.flatMap((c) => c.peers.map((p) => [p.peer, p.why?.kind, p.why?.ipBlocks?.map((b) => `${b.policy} ${b.cidr} ${b.ref.file}:${b.ref.line}`)]))).toEqual([
      ['app/[all pods]', 'already-denied', ['NetworkPolicy db/pg 0.0.0.0/0 np-db.yaml:8']],
    ]);
    const check = targetsCheckRun(await analyzeTargets(asList(files(FROM_ANY, false)), asList(files(FROM_ANY, true))), CHECK);
    expect(check.conclusion).toBe('neutral');
    expect(check.summary).toContain("a changed rule's peers reach it only by ipBlock 0.0.0.0/0 (NetworkPolicy db/pg at base:np-db.yaml:8), which may hold pod IPs");
  });

  it('the ipBlock excepts the configured pod network: proven (✅); without the option: ⚠️', async () => {
    const sides = diffSides({ base: files(FROM_ANY_BUT_PODS, false), head: files(FROM_ANY_BUT_PODS, true) });
    const out = await sides.run('--fail-on', 'never', '--format', 'md', '--pod-cidr', '10.42.0.0/16');
    expect(out.stdout.split('\n')[0]).toMatch(/^### ✅ /);
    expect(out.stdout).not.toContain('may hold pod IPs');
    expect((await sides.report('md')).split('\n')[0]).toMatch(/^### ⚠️ /);
  });
});
