/** `reachdiff explain`: verdicts, deciding rules, near misses and verified edits, on small clusters built per case. */
import yaml from 'js-yaml';
import type { ExplainReport } from '../../src/analysis/explain-run.js';
import { explainFiles } from '../../src/analysis/explain-run.js';
import type { Edit } from '../../src/engine/index.js';
import { peerId } from '../../src/engine/index.js';
import { editYaml, mismatchText } from '../../src/report/mismatch-text.js';
import { explainText } from '../../src/report/explain-text.js';
import { explainJson } from '../../src/report/explain-json.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { deployment, manifests, namespace, policy } from '../engine/fixtures.js';

type Obj = Record<string, unknown>;

const base = (): Obj[] => [
  namespace('shop', { team: 'commerce' }),
  namespace('payments', { team: 'pay' }),
  deployment('shop', 'web', { app: 'web' }),
  deployment('shop', 'api', { app: 'api' }, [{ name: 'https', containerPort: 8443 }]),
  deployment('payments', 'ledger', { app: 'ledger' }),
];

function explain(objects: Obj[], from: string, to: string, ports: string[] = []): ExplainReport {
  const r = explainFiles([{ path: 'k8s.yaml', text: manifests(...objects) }], { from, to, ports });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function explained(r: ExplainReport) {
  if (r.answer.kind !== 'explained') throw new Error('absent');
  return { ex: r.answer.explanation, edits: r.answer.edits };
}

const texts = (r: ExplainReport, direction: 'ingress' | 'egress') =>
  explained(r)
    .ex.directions.find((d) => d.direction === direction)!
    .nearMisses.flatMap((m) => m.mismatches.map((x) => mismatchText(x, direction)));

/** Applies an edit's YAML to the fixture's policy object, as a developer would paste it. */
function applyYaml(objects: Obj[], e: Edit): Obj[] {
  const [ns, name] = e.policy.split('/');
  return objects.map((o) => {
    const meta = o.metadata as { name: string; namespace?: string };
    if (o.kind !== 'NetworkPolicy' || meta.name !== name || meta.namespace !== ns) return o;
    const spec = structuredClone(o.spec) as Record<string, Obj[]>;
    const added = yaml.load(editYaml(e)) as Obj[];
    const field = e.direction === 'ingress' ? 'from' : 'to';
    const list = (spec[e.direction] ??= []);
    if (e.change.kind === 'add-rule') list.push(...added);
    else if (e.change.kind === 'add-ports') list[e.rule!].ports = [...((list[e.rule!].ports as Obj[]) ?? []), ...added];
    else list[e.rule!][field] = [...((list[e.rule!][field] as Obj[]) ?? []), ...added];
    return { ...o, spec };
  });
}

describe('explain verdicts', () => {
  it('allowed when no policy selects either end: both directions are the default tier', () => {
    const { ex, edits } = explained(explain(base(), 'shop/web', 'shop/api', ['8443']));
    expect(ex.verdict).toBe('allowed');
    expect(ex.directions.map((d) => `${d.direction}:${d.tier}`)).toEqual(['egress:default', 'ingress:default']);
    expect(edits.size).toBe(0);
  });

  it('denied by isolation: a default-deny without rules isolates, no rule comes close, adding a rule is verified with what else it opens', () => {
    const objects = [...base(), policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })];
    const r = explain(objects, 'payments/ledger', 'shop/api', ['8443/TCP']);
    const { ex, edits } = explained(r);
    expect(ex.verdict).toBe('denied');
    const ingress = ex.directions.find((d) => d.direction === 'ingress')!;
    expect(ingress.tier).toBe('NetworkPolicy');
    expect(ingress.isolating.map((p) => p.policy)).toEqual(['shop/deny']);
    expect(ingress.nearMisses).toEqual([]);
    const [best] = edits.get('ingress')!;
    expect(best.change.kind).toBe('add-rule');
    // The deny selects every pod of shop: a rule added there also opens ledger → web, and the edit says so.
    expect(best.alsoOpens).toBe(1);
    expect(best.alsoOpensSample.map((p) => `${p.src.type === 'workload' ? p.src.workload.id : ''} → ${p.dst.type === 'workload' ? p.dst.workload.id : ''}`)).toEqual(['payments/ledger[Deployment] → shop/web[Deployment]']);
    expect(explained(explain(applyYaml(objects, best), 'payments/ledger', 'shop/api', ['8443/TCP'])).ex.verdict).toBe('allowed');
  });

  it('denied by port: "port TCP 8443 not in [TCP 443]", and the smallest edit adds the port to that rule', () => {
    const objects = [...base(), policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 443 }] }] })];
    const r = explain(objects, 'shop/web', 'shop/api', ['8443']);
    expect(explained(r).ex.verdict).toBe('denied');
    expect(texts(r, 'ingress')).toEqual(['port TCP 8443 not in [TCP 443]']);
    const [best] = explained(r).edits.get('ingress')!;
    expect(best.change).toEqual({ kind: 'add-ports', ports: [{ protocol: 'TCP', port: 8443 }] });
    expect(best.rule).toBe(0);
    expect(explained(explain(applyYaml(objects, best), 'shop/web', 'shop/api', ['8443'])).ex.verdict).toBe('allowed');
  });

  it('denied by pod selector: "podSelector requires app=api, source has app=web"; the edit adds the peer to the rule', () => {
    const objects = [
      ...base(),
      deployment('shop', 'db', { app: 'db' }),
      // The rule lists the asked port: adding the peer opens exactly it (without ports it would open every port: edits-open-more.test.ts).
      policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] }] }),
    ];
    const r = explain(objects, 'shop/web', 'shop/db', ['5432']);
    expect(texts(r, 'ingress')).toEqual(['from[0] podSelector requires app=api, source has app=web']);
    const [best] = explained(r).edits.get('ingress')!;
    expect(best.change).toEqual({ kind: 'add-peer', peer: { kind: 'pods', namespace: 'shop', sameNamespace: true, podLabels: { app: 'web' } } });
    expect(explained(explain(applyYaml(objects, best), 'shop/web', 'shop/db', ['5432'])).ex.verdict).toBe('allowed');
  });

  it('denied by namespace selector: "namespaceSelector requires team=data, namespace payments has team=pay"', () => {
    const objects = [...base(), policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }] }] })];
    const r = explain(objects, 'payments/ledger', 'shop/api');
    expect(texts(r, 'ingress')).toEqual(['from[0] namespaceSelector requires team=data, namespace payments has team=pay']);
    const [best] = explained(r).edits.get('ingress')!;
    expect(best.change.kind).toBe('add-peer');
    expect(explained(explain(applyYaml(objects, best), 'payments/ledger', 'shop/api')).ex.verdict).toBe('allowed');
  });

  it('a peer without namespaceSelector selects only the policy namespace, and says so', () => {
    const objects = [...base(), policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'ledger' } } }] }] })];
    expect(texts(explain(objects, 'payments/ledger', 'shop/api'), 'ingress')).toEqual(['from[0] has no namespaceSelector, so it selects pods of namespace shop only; source is in payments']);
  });

  it('denied on one side only: the source egress denies while the destination ingress allows', () => {
    const objects = [
      ...base(),
      policy('shop', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 443 }] }] }),
    ];
    const r = explain(objects, 'shop/web', 'shop/api', ['8443']);
    const { ex, edits } = explained(r);
    expect(ex.verdict).toBe('denied');
    expect(ex.directions.map((d) => [d.direction, d.allowed.isEmpty()])).toEqual([['egress', true], ['ingress', false]]);
    expect([...edits.keys()]).toEqual(['egress']);
    expect(texts(r, 'egress')).toEqual(['port TCP 8443 not in [TCP 443]']);
  });

  it('partly allowed: each asked port range gets its verdict, the allowing rule its file:line', () => {
    const objects = [...base(), policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 443 }] }] })];
    const { ex } = explained(explain(objects, 'shop/web', 'shop/api', ['80', '443']));
    expect(ex.verdict).toBe('partly');
    expect(ex.rows.map((r) => [r.allowed.toText(), r.denied.toText()])).toEqual([['TCP 443', 'TCP 80']]);
    const ingress = ex.directions.find((d) => d.direction === 'ingress')!;
    expect(ingress.allowing.map((a) => [a.policy, a.rule, a.ref.file, a.conn.toText()])).toEqual([['shop/api', 0, 'k8s.yaml', 'TCP 443']]);
  });

  it('a named port resolves on the destination; an unknown one is a clear error', () => {
    const objects = [...base(), policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 'https' }] }] })];
    expect(explained(explain(objects, 'shop/web', 'shop/api', ['https'])).ex.verdict).toBe('allowed');
    const bad = explainFiles([{ path: 'k8s.yaml', text: manifests(...objects) }], { from: 'shop/web', to: 'shop/api', ports: ['grpc'] });
    expect(bad).toEqual({ ok: false, message: '--port grpc: shop/api[Deployment] has no container port named "grpc"' });
  });
});

describe('explain with addresses and the ingress controller', () => {
  const egress = (block: Obj) => policy('shop', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: block }], ports: [{ port: 443 }] }] });

  it('an address in the except is a near miss naming what the ipBlock leaves out', () => {
    const r = explain([...base(), egress({ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] })], 'shop/web', '10.1.2.3', ['443']);
    expect(explained(r).ex.verdict).toBe('denied');
    expect(texts(r, 'egress')).toEqual(['to[0] ipBlock 10.0.0.0/8 (minus its except) leaves out 10.1.2.3/32']);
    const [best] = explained(r).edits.get('egress')!;
    expect(best.change).toEqual({ kind: 'add-peer', peer: { kind: 'ipBlock', cidrs: ['10.1.2.3/32'] } });
  });

  it('a range treated unevenly gets one verdict row per piece', () => {
    const { ex } = explained(explain([...base(), egress({ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] })], 'shop/web', '10.0.0.0/8', ['443']));
    expect(ex.verdict).toBe('partly');
    expect(ex.rows.map((r) => [r.addresses!.toRanges().join(','), r.allowed.toText()])).toEqual([
      ['10.0.0.0-10.0.255.255,10.2.0.0-10.255.255.255', 'TCP 443'],
      ['10.1.0.0-10.1.255.255', 'No Connections'],
    ]);
  });

  it('the ingress controller needs an Ingress route and a rule admitting every pod', () => {
    const objects = [
      ...base(),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { app: 'api' }, ports: [{ port: 443, targetPort: 'https' }] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'api', namespace: 'shop' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 443 } } } }] } }] } },
      policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
    ];
    const r = explain(objects, '{ingress-controller}', 'shop/api', ['8443']);
    const { ex } = explained(r);
    expect(ex.verdict).toBe('denied');
    expect(ex.route!.conn.toText()).toBe('TCP 8443');
    expect(ex.route!.backends.map((b) => `${b.namespace}/${b.ingress}`)).toEqual(['shop/api']);
    expect(texts(r, 'ingress')).toEqual([`from[0] does not select every pod of every namespace (the ingress controller's pods are not in the manifests)`]);
  });

  it('rejects what cannot be asked: two external ends, the controller as destination, unknown and ambiguous workloads', () => {
    const files = [{ path: 'k8s.yaml', text: manifests(...base(), { ...deployment('shop', 'web', { app: 'web2' }), kind: 'StatefulSet' }) }];
    const ask = (from: string, to: string) => explainFiles(files, { from, to, ports: [] });
    expect(ask('1.2.3.4', '10.0.0.0/8')).toMatchObject({ ok: false, message: expect.stringContaining('one end must be a workload') });
    expect(ask('shop/api', '{ingress-controller}')).toMatchObject({ ok: false, message: expect.stringContaining('only ever a source') });
    expect(ask('shop/nope', 'shop/api')).toMatchObject({ ok: false, message: expect.stringContaining('shop/nope: no such workload (workloads in shop:') });
    // Beside the namespace's workloads too (an operator's pods are none of them: fresh-user trial P17), how to ask for pods by labels.
    expect(ask('shop/nope', 'shop/api')).toMatchObject({ ok: false, message: expect.stringMatching(/\); pods the manifests do not hold are asked by labels: shop\/\[all pods\], shop\/\[pod with \{app=nope\}\]$/) });
    expect(ask('shop/web', 'shop/api')).toMatchObject({ ok: false, message: expect.stringContaining('ambiguous: shop/web[Deployment], shop/web[StatefulSet]') });
    expect(ask('shop/web[StatefulSet]', 'shop/api')).toMatchObject({ ok: true });
    // A namespace without workloads (a platform repository's): the message says how to ask for its pods.
    const none = ask('billing/api', 'shop/api');
    expect(none).toMatchObject({ ok: false, message: 'billing/api: no such workload (no workload in namespace billing); pods the manifests do not hold are asked by labels: billing/[all pods], billing/[pod with {app=api}]' });
    expect(ask('billing/[pod with {app=api}]', 'shop/api')).toMatchObject({ ok: true });
    expect(ask('not a peer', 'shop/api')).toMatchObject({ ok: false, message: expect.stringContaining('or pods by labels: ns/[all pods], ns/[pod with {k=v}]') });
    // A bare workload name: the workloads that carry it (new-user 45: `--from orders` for api/orders).
    expect(ask('api', 'shop/web[StatefulSet]')).toMatchObject({ ok: false, message: expect.stringMatching(/^api: not a peer; did you mean shop\/api\[Deployment\]\? \(expected ns\/name/) });
    expect(ask('web', 'shop/api')).toMatchObject({ ok: false, message: expect.stringContaining('web: not a peer; did you mean shop/web[Deployment] or shop/web[StatefulSet]? (expected') });
    expect(ask('nope', 'shop/api')).toMatchObject({ ok: false, message: expect.stringMatching(/^nope: not a peer \(expected/) });
  });

  it('offers the label keys the policies ask the missing name by, most used first', () => {
    const np = (name: string, ns: string, podSelector: string, from: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector: ${podSelector}\n  ingress: [{from: [${from}]}]\n`;
    const policies = [
      np('konflate', 'flux', '{matchLabels: {app.kubernetes.io/name: konflate}}', '{namespaceSelector: {}, podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}}'),
      np('konflate-2', 'flux', '{matchExpressions: [{key: app.kubernetes.io/name, operator: In, values: [konflate, other]}]}', '{podSelector: {}}'),
      // A rule of another namespace whose peer names it by another key, once.
      np('to-konflate', 'shop', '{}', '{namespaceSelector: {}, podSelector: {matchLabels: {component: konflate}}}'),
    ];
    const files = [{ path: 'k8s.yaml', text: manifests(...base()) }, { path: 'np.yaml', text: policies.join('---\n') }];
    const r = explainFiles(files, { from: 'shop/api', to: 'flux/konflate', ports: [] });
    expect(r).toMatchObject({ ok: false, message: 'flux/konflate: no such workload (no workload in namespace flux); pods the manifests do not hold are asked by labels: flux/[all pods], flux/[pod with {app.kubernetes.io/name=konflate}], flux/[pod with {component=konflate}]' });
  });
});

describe('addresses that are none', () => {
  // Read as ns/name before: `10.0.0.0/33: no such workload (no workload in namespace 10.0.0.0); … 10.0.0.0/[pod with {app=33}]` (new-user trial 50).
  it('a CIDR with a prefix too long, a bad address, a reversed range: said as addresses, never as a workload', () => {
    const files = [{ path: 'k8s.yaml', text: manifests(...base()) }];
    const ask = (to: string) => explainFiles(files, { from: 'shop/api', to, ports: [] });
    expect(ask('10.0.0.0/33')).toEqual({ ok: false, message: '"10.0.0.0/33" has a prefix longer than 32; addresses are an IP address, a CIDR (10.0.0.0/8) or a first-last range' });
    expect(ask('2001:db8::/129')).toMatchObject({ ok: false, message: expect.stringMatching(/^"2001:db8::\/129" has a prefix longer than 128; /) });
    expect(ask('10.0.0.300')).toMatchObject({ ok: false, message: expect.stringMatching(/^"10\.0\.0\.300" is not an IPv4 or IPv6 address/) });
    expect(ask('10.0.0.1-10.0.0.256')).toMatchObject({ ok: false, message: expect.stringMatching(/^"10\.0\.0\.1-10\.0\.0\.256": 10\.0\.0\.256 is not an IPv4/) });
    expect(ask('10.0.0.9-10.0.0.1')).toMatchObject({ ok: false, message: expect.stringMatching(/^"10\.0\.0\.9-10\.0\.0\.1" is not a first-last range: its first address is above its last/) });
    expect(ask('10.0.0.0/8, 10.1.2.3/40')).toMatchObject({ ok: false, message: expect.stringMatching(/^"10\.1\.2\.3\/40" has a prefix longer than 32/) });
    for (const m of ['10.0.0.0/33', '10.0.0.300', '10.0.0.9-10.0.0.1']) expect(JSON.stringify(ask(m))).not.toMatch(/workload|pod with/);
    // Good addresses and workload names are read as before.
    expect(ask('10.0.0.0/8')).toMatchObject({ ok: true });
    expect(ask('10.0.0.1-10.0.0.9')).toMatchObject({ ok: true });
    expect(ask('shop/nope')).toMatchObject({ ok: false, message: expect.stringContaining('shop/nope: no such workload') });
  });
});

describe('explain agrees with diff on abstract peers', () => {
  it('an abstract source that diff reports opened is PARTLY ALLOWED on head (the part diff speaks of allows it), and diff --explain opens it', async () => {
    const { readManifestFolder } = await import('../../src/manifests/read-folder.js');
    const { explainDiffFiles, sideChange } = await import('../../src/analysis/explain-run.js');
    const { explainText } = await import('../../src/report/explain-text.js');
    const { peerLabels } = await import('../../src/report/peer-label.js');
    const [base, head] = [(await readManifestFolder('examples/base')).files, (await readManifestFolder('examples/head')).files];
    const from = '[namespace with {team=commerce}]/[pod with {app=cart}]';
    const one = explainFiles(head, { from, to: 'data/redis', ports: ['6380'] });
    if (!one.ok) throw new Error(one.message);
    expect(explained(one.value).ex.verdict).toBe('partly');
    const text = explainText(one.value, peerLabels(one.value.workloads));
    expect(text).toContain('on TCP 6380: PARTLY ALLOWED');
    // Per region: the one diff speaks of (commerce namespaces other than shop) allowed by redis' rule; shop's cart pods denied by their egress.
    expect(text).toContain('  [namespace with {team=commerce,kubernetes.io/metadata.name NotIn (shop)}]/[pod with {app=cart}]: ALLOWED on TCP 6380\n      ingress of data/redis: allowed by NetworkPolicy data/redis ingress rule 1 (policies/data.yaml:13): TCP 6380');
    expect(text).toMatch(/ {2}shop\/\[pod with \{app=cart\}\]: DENIED on TCP 6380\n {6}egress of these pods: isolated by .*shop\/cart-egress \(policies\/shop.yaml:49\), and no rule of theirs admits it/);
    const both = explainDiffFiles(base, head, { from, to: 'data/redis', ports: [] });
    if (!both.ok) throw new Error(both.message);
    expect(sideChange(both.value).opened.toText()).toBe('TCP 6380');
  });
});

describe('explain agrees with list', () => {
  it('on every workload pair of the example, the verdict is what list reports, and egress ∩ ingress gives it', async () => {
    const { readManifestFolder } = await import('../../src/manifests/read-folder.js');
    const { computeConnectivity, explainPair, listConnections, ConnectionSet } = await import('../../src/engine/index.js');
    const { loadManifests } = await import('../../src/manifests/load.js');
    const read = await readManifestFolder('examples/head');
    const conn = computeConnectivity(loadManifests(read.files).cluster);
    const listed = new Map(listConnections(conn).filter((r) => r.src.type === 'workload' && r.dst.type === 'workload').map((r) => [`${r.src.type === 'workload' && r.src.workload.id}>${r.dst.type === 'workload' && r.dst.workload.id}`, r.conn]));
    const workloads = conn.cluster.workloads;
    expect(workloads.length).toBeGreaterThan(5);
    for (const s of workloads) {
      for (const d of workloads) {
        if (s === d) continue;
        const ex = explainPair(conn, { src: { type: 'workload', workload: s }, dst: { type: 'workload', workload: d }, ports: ConnectionSet.ALL });
        const expected = listed.get(`${s.id}>${d.id}`) ?? ConnectionSet.NONE;
        expect(`${s.id}>${d.id}: ${ex.rows[0].allowed.toText()}`).toBe(`${s.id}>${d.id}: ${expected.toText()}`);
        const both = ex.directions.reduce((acc, x) => acc.intersect(x.allowed), ConnectionSet.ALL);
        expect(both.equals(ex.rows[0].allowed)).toBe(true);
      }
    }
  });
});

describe('explain across tiers', () => {
  const anp = (name: string, priority: number, ingress: Obj[]): Obj => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name },
    spec: { priority, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }, ingress },
  });
  const fromPayments = [{ namespaces: { matchLabels: { team: 'pay' } } }];
  const npAllowsLedger = policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });

  it('an Admin Deny decides before the NetworkPolicy that allows: the tier, the rule and no NetworkPolicy edit', () => {
    const objects = [...base(), npAllowsLedger, anp('no-payments', 10, [{ name: 'deny-pay', action: 'Deny', from: fromPayments, ports: [{ portNumber: { port: 8443, protocol: 'TCP' } }] }])];
    const r = explain(objects, 'payments/ledger', 'shop/api', ['8443', '9000']);
    const { ex, edits } = explained(r);
    expect(ex.verdict).toBe('partly');
    const ingress = ex.directions.find((d) => d.direction === 'ingress')!;
    expect(ingress.tier).toBe('Admin');
    expect(ingress.parts.map((p) => `${p.tier} ${p.verdict} ${p.conn.toText()}`)).toEqual(['Admin denied TCP 8443', 'NetworkPolicy allowed TCP 9000']);
    expect(ingress.decisions.map((d) => `${d.kind} ${d.policy} ${d.name} ${d.action} ${d.conn.toText()}`)).toEqual(['AdminNetworkPolicy AdminNetworkPolicy/no-payments deny-pay Deny TCP 8443']);
    expect(edits.get('ingress') ?? []).toEqual([]);
  });

  it('an Admin Pass hands the traffic to the NetworkPolicy tier, whose near misses and edits apply', () => {
    const objects = [
      ...base(),
      policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 443 }] }] }),
      anp('pass-pay', 10, [{ name: 'pass', action: 'Pass', from: fromPayments }]),
    ];
    const r = explain(objects, 'payments/ledger', 'shop/api', ['8443']);
    const ingress = explained(r).ex.directions.find((d) => d.direction === 'ingress')!;
    expect(ingress.tier).toBe('NetworkPolicy');
    expect(ingress.decisions.map((d) => d.action)).toEqual(['Pass']);
    expect(texts(r, 'ingress')).toEqual(['port TCP 8443 not in [TCP 443]']);
    // Adding 8443 to a rule admitting every namespace would open it to shop/web and among api's own pods too: a new rule for ledger comes first.
    expect(explained(r).edits.get('ingress')!.map((e) => `${e.change.kind} ${e.alsoOpens}`)).toEqual(['add-rule 0', 'add-ports 2']);
  });

  it('a Baseline Deny decides where no NetworkPolicy selects the pod', () => {
    const banp: Obj = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: { namespaces: {} }, ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }] },
    };
    const { ex } = explained(explain([...base(), banp], 'payments/ledger', 'shop/api', ['8443']));
    const ingress = ex.directions.find((d) => d.direction === 'ingress')!;
    expect([ex.verdict, ingress.tier]).toEqual(['denied', 'Baseline']);
    expect(ingress.decisions.map((d) => `${d.tier} ${d.action} ${d.ref.file}`)).toEqual(['Baseline Deny k8s.yaml']);
  });

  it('a Baseline Deny is one a NetworkPolicy overrides, and the text says so (an Admin Deny is not)', () => {
    const banp: Obj = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: { namespaces: {} }, ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }] },
    };
    const r = explain([...base(), banp], 'payments/ledger', 'shop/api', ['8443']);
    const text = explainText(r, peerLabels(r.workloads));
    expect(text).not.toContain('which no NetworkPolicy edit can change');
    expect(text).toContain('TCP 8443 is denied in the Baseline tier, which NetworkPolicies come before: a NetworkPolicy selecting shop/api for ingress that allows it overrides that rule');
    // The claim holds: with such a NetworkPolicy the same question is allowed.
    const np = policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'pay' } } }] }] });
    expect(explained(explain([...base(), banp, np], 'payments/ledger', 'shop/api', ['8443'])).ex.verdict).toBe('allowed');
    const admin = { ...banp, kind: 'AdminNetworkPolicy', metadata: { name: 'deny' }, spec: { ...(banp.spec as Obj), priority: 1 } };
    const a = explain([...base(), admin, np], 'payments/ledger', 'shop/api', ['8443']);
    expect(explained(a).ex.verdict).toBe('denied');
    expect(explainText(a, peerLabels(a.workloads))).toContain('TCP 8443 is denied in the Admin tier, which no NetworkPolicy edit can change');
  });

  it('a pod a cluster-wide policy selects is not said to be selected by no policy when none of its rules matches the peer (an address)', () => {
    const banp: Obj = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: { namespaces: { matchLabels: { team: 'commerce' } } }, ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }] },
    };
    const r = explain([...base(), banp], '10.1.2.3', 'shop/api', ['8443']);
    expect(explained(r).ex.verdict).toBe('allowed');
    const text = explainText(r, peerLabels(r.workloads));
    expect(text).toContain('ingress of shop/api: no NetworkPolicy selects it for ingress, and no rule of BaselineAdminNetworkPolicy default, which selects it, matches (default: allow), so it allows it');
    expect(text).not.toContain('no policy of any tier selects it for ingress');
    // payments is not a subject of it: there, no policy of any tier selects the pod.
    const p = explain([...base(), banp], '10.1.2.3', 'payments/ledger', ['8443']);
    expect(explainText(p, peerLabels(p.workloads))).toContain('ingress of payments/ledger: no policy of any tier selects it for ingress (default: allow), so it allows it');
  });
});

describe('explain with abstract peers (pods the manifests do not hold)', () => {
  const objects = () => [
    ...base(),
    policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } }, podSelector: { matchLabels: { role: 'etl' } } }], ports: [{ port: 8443 }] }] }),
  ];

  it('reads the ids the output prints back into selectors', async () => {
    const { parseAbstractPeer } = await import('../../src/analysis/abstract-peer-id.js');
    const id = (t: string) => {
      const p = parseAbstractPeer(t);
      return p.ok ? p.peer.id : p.message;
    };
    for (const t of ['entire-cluster', 'billing/[all pods]', 'shop/[pod with {app=x,tier In (a,b)}]', '[all namespaces]/[pod with {k Exists}]', '[namespace with {team=data}]/[pod with {role NotIn (x)}]']) expect(id(t)).toBe(t);
    expect(id('[namespace with {kubernetes.io/metadata.name=billing}]/[all pods]')).toBe('billing/[all pods]');
    expect(id('shop/[pod with {app~x}]')).toMatch(/cannot read the requirement "app~x"/);
  });

  it('an abstract source matching the rule is allowed; its parts of label space are all alike', () => {
    const r = explain(objects(), '[namespace with {team=data}]/[pod with {role=etl}]', 'shop/api', ['8443']);
    expect(r.answer.kind === 'explained' && r.answer.parts).toMatchObject({ alike: true });
    expect(explained(r).ex.verdict).toBe('allowed');
  });

  it('a wider abstract source is partly covered: PARTLY ALLOWED naming the allowing part, the part allowed least explained with the mismatching requirement', () => {
    const r = explain(objects(), '[namespace with {team=data}]/[all pods]', 'shop/api', ['8443']);
    const a = r.answer.kind === 'explained' ? r.answer : undefined;
    expect(a?.parts).toMatchObject({ alike: false, allowing: { count: 1, shown: { src: { pods: { role: 'etl' } } } } });
    expect(a?.parts?.allowing?.conn.toText()).toBe('TCP 8443');
    expect(explained(r).ex.verdict).toBe('partly');
    expect(texts(r, 'ingress')).toEqual(['from[0] podSelector requires role=etl, source has role set to a value no selector names']);
    // The edit adds the abstract peer's own selectors, and is verified over the same regions.
    const [best] = explained(r).edits.get('ingress')!;
    expect(best.change).toMatchObject({ kind: 'add-peer', peer: { kind: 'selectors', namespaceSelector: { matchLabels: { team: 'data' } } } });
    expect(explained(explain(applyYaml(objects(), best), '[namespace with {team=data}]/[all pods]', 'shop/api', ['8443'])).ex.verdict).toBe('allowed');
  });

  describe('PARTLY ALLOWED, region by region', () => {
    // Three rules of shop/api admit three kinds of team=data pods: etl on 8443, web on 8443 and 9000, batch on 7000.
    const three = () => [
      ...base(),
      policy('shop', 'api', {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { team: 'data' } }, podSelector: { matchLabels: { role: 'etl' } } }], ports: [{ port: 8443 }] },
          { from: [{ namespaceSelector: { matchLabels: { team: 'data' } }, podSelector: { matchLabels: { role: 'web' } } }], ports: [{ port: 8443 }, { port: 9000 }] },
          { from: [{ namespaceSelector: { matchLabels: { team: 'data' } }, podSelector: { matchLabels: { role: 'batch' } } }], ports: [{ port: 7000 }] },
        ],
      }),
    ];
    const from = '[namespace with {team=data}]/[all pods]';

    it('each region (or group with the same verdict and rules) gets its name, verdict, ports and deciding rule with file:line', () => {
      const r = explain(three(), from, 'shop/api', ['8443']);
      const a = r.answer.kind === 'explained' ? r.answer : undefined;
      expect(explained(r).ex.verdict).toBe('partly');
      const groups = a!.parts!.groups.map((g) => `${g.regions.map((x) => x.src!.id).join(' + ')}: ${g.verdict} ${g.allowed.toText()} by ${g.directions.flatMap((d) => d.allowing.map((x) => `${x.policy}#${x.rule + 1}@${x.ref.line}`)).join(',') || '-'}`);
      expect(groups).toEqual([
        '[namespace with {team=data}]/[pod with {role=etl}]: allowed TCP 8443 by shop/api#1@138',
        '[namespace with {team=data}]/[pod with {role=web}]: allowed TCP 8443 by shop/api#2@159',
        '[namespace with {team=data}]/[pod with {role NotIn (batch,etl,web)}] + [namespace with {team=data}]/[pod with {role=batch}]: denied No Connections by -',
      ]);
      const text = explainText(r, peerLabels(r.workloads));
      expect(text).toContain(
        [
          'By region of label space (4 regions, not treated alike):',
          '  [namespace with {team=data}]/[pod with {role=etl}]: ALLOWED on TCP 8443',
          '      ingress of shop/api: allowed by NetworkPolicy shop/api ingress rule 1 (k8s.yaml:138): TCP 8443',
          '  [namespace with {team=data}]/[pod with {role=web}]: ALLOWED on TCP 8443',
          '      ingress of shop/api: allowed by NetworkPolicy shop/api ingress rule 2 (k8s.yaml:159): TCP 8443',
          '  [namespace with {team=data}]/[pod with {role NotIn (batch,etl,web)}], [namespace with {team=data}]/[pod with {role=batch}]: DENIED on TCP 8443',
          '      ingress of shop/api: isolated by NetworkPolicy shop/api (k8s.yaml:124), and no rule of theirs admits it',
        ].join('\n'),
      );
      // The least allowed region's rows are not the answer's detail lines any more: the regions say what is allowed where.
      expect(text).not.toMatch(/^ {2}denied: TCP 8443$/m);
      // Two regions (batch, the rest) are denied alike: the one shown is one of them (new-user trial 46, finding 14).
      expect(text).toContain('Explained in detail below, one of the regions allowed least: [namespace with {team=data}]/[pod with {role NotIn (batch,etl,web)}]');
      expect(explainText(r, peerLabels(r.workloads), 'md')).toContain('- `[namespace with {team=data}]/[pod with {role=web}]`: **ALLOWED** on TCP 8443\n  - ingress of `shop/api`: allowed by NetworkPolicy shop/api ingress rule 2 (`k8s.yaml:159`): TCP 8443');
    });

    it('any port: each region says what it allows and that the rest is denied; JSON adds the regions beside the fields it had', () => {
      const r = explain(three(), from, 'shop/api');
      const text = explainText(r, peerLabels(r.workloads));
      expect(text).toContain('  [namespace with {team=data}]/[pod with {role=web}]: PARTLY ALLOWED, TCP 8443 and 9000 allowed, the rest denied\n      ingress of shop/api: allowed by NetworkPolicy shop/api ingress rule 2 (k8s.yaml:159): TCP 8443 and 9000; the rest isolated by NetworkPolicy shop/api (k8s.yaml:124)');
      const json = JSON.parse(explainJson(r, peerLabels(r.workloads))) as { explain: { verdict: string; allowed: unknown; abstractParts: Record<string, unknown> & { regions: { parts: { src: { id: string } }[]; verdict: string; allowed: unknown; directions: { direction: string; allowing: { ref: { line: number } }[] }[] }[] } } };
      const parts = json.explain.abstractParts;
      expect(Object.keys(parts)).toEqual(expect.arrayContaining(['count', 'alike', 'shown', 'allowing', 'regions', 'shownRegions']));
      expect(parts.regions.map((g) => [g.parts.map((p) => p.src.id).join('+'), g.verdict, g.allowed, g.directions.find((d) => d.direction === 'ingress')!.allowing.map((x) => x.ref.line)])).toEqual([
        ['[namespace with {team=data}]/[pod with {role=batch}]', 'partly', { protocols: { TCP: [[7000, 7000]] } }, [183]],
        ['[namespace with {team=data}]/[pod with {role=etl}]', 'partly', { protocols: { TCP: [[8443, 8443]] } }, [138]],
        ['[namespace with {team=data}]/[pod with {role=web}]', 'partly', { protocols: { TCP: [[8443, 8443], [9000, 9000]] } }, [159]],
        ['[namespace with {team=data}]/[pod with {role NotIn (batch,etl,web)}]', 'denied', null, []],
      ]);
      expect(json.explain.verdict).toBe('partly');
    });

    it('which region the detail explains: the one allowed least, one of them, or any one when all get one verdict (new-user trial 46, finding 14)', () => {
      const detail = (from: string, ports?: string[]) => {
        const r = explain(three(), from, 'shop/api', ports);
        return explainText(r, peerLabels(r.workloads)).split('\n').find((l) => l.startsWith('Explained in detail below'));
      };
      // Any port: batch 7000, etl 8443, web 8443 and 9000, the rest nothing: the rest alone is allowed least.
      expect(detail(from)).toMatch(/^Explained in detail below, the region allowed least: \[namespace with \{team=data\}\]\/\[pod with \{role NotIn \(batch,etl,web\)\}\] \(/);
      // etl and web, both ALLOWED on TCP 8443 by different rules: none is allowed less.
      const allowed = detail('[namespace with {team=data}]/[pod with {role In (etl,web)}]', ['8443']);
      expect(allowed).toMatch(/^Explained in detail below, one of these regions: \[namespace with \{team=data\}\]\/\[pod with \{role=(etl|web)\}\] /);
      // Toward web and api, both DENIED, each isolated by its own policy: likewise.
      const denied = explain([...three(), policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] })], 'payments/ledger', 'shop/[pod with {app In (api,web)}]', ['9000']);
      expect(explained(denied).ex.verdict).toBe('denied');
      const deniedLine = explainText(denied, peerLabels(denied.workloads)).split('\n').find((l) => l.startsWith('Explained in detail below'));
      expect(deniedLine).toMatch(/^Explained in detail below, one of these regions: shop\/\[pod with \{app=(api|web)\}\] /);
      for (const line of [allowed, deniedLine]) expect(line ?? '').not.toContain('allowed least');
    });

    it('regions alike: the detail explains the one decided by the fewest rules, and is headed by that region (new-user trial 46b, finding 7)', () => {
      // shop's egress: default-deny isolates every pod, `extra` those with tier=edge as well; both regions DENIED.
      const objects = [
        ...base(),
        policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Egress'] }),
        policy('shop', 'extra', { podSelector: { matchLabels: { tier: 'edge' } }, policyTypes: ['Egress'] }),
      ];
      const r = explain(objects, 'shop/[all pods]', 'payments/ledger', ['8080']);
      const text = explainText(r, peerLabels(r.workloads)).split('\n');
      expect(text.find((l) => l.startsWith('Explained in detail below'))).toMatch(/^Explained in detail below, one of these regions: shop\/\[pod with \{tier NotIn \(edge\)\}\] /);
      const title = text.find((l) => l.startsWith('egress of '));
      expect(title).toMatch(/^egress of shop\/\[pod with \{tier NotIn \(edge\)\}\]: denies it/);
      const isolating = text[text.indexOf(title!) + 1];
      expect(isolating).toContain('NetworkPolicy shop/default-deny');
      expect(isolating).not.toContain('NetworkPolicy shop/extra');
      // Asked of the pods extra selects: one region, headed by the asked peer.
      const one = explain(objects, 'shop/[pod with {tier=edge}]', 'payments/ledger', ['8080']);
      expect(explainText(one, peerLabels(one.workloads))).toMatch(/\negress of shop\/\[pod with \{tier=edge\}\]: denies it/);
    });

    it('regions alike by verdict and rules: no per-region lines', () => {
      const r = explain(three(), '[namespace with {team=data}]/[pod with {role=etl}]', 'shop/api', ['8443']);
      expect(r.answer.kind === 'explained' && r.answer.parts!.groups).toHaveLength(1);
      expect(explainText(r, peerLabels(r.workloads))).not.toContain('By region');
    });
  });

  it('a namespace the manifests do not know is named by its labels in near misses', () => {
    const r = explain(objects(), 'billing/[all pods]', 'shop/api', ['8443']);
    expect(explained(r).ex.verdict).toBe('denied');
    expect(texts(r, 'ingress')[0]).toMatch(/^from\[0\] namespaceSelector requires team=data, namespace billing has no label team$/);
  });

  it("an edit's other paths count pods outside the asked abstract peers: a rule added to a policy over the whole namespace opens its other pods too", () => {
    // A platform repository: namespaces and policies, no workloads.
    const platform = [
      namespace('payments'),
      namespace('monitoring'),
      policy('payments', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('payments', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }], ports: [{ port: 8443 }] }] }),
    ];
    const r = explain(platform, 'monitoring/[all pods]', 'payments/[pod with {app=api}]', ['9090']);
    const edits = explained(r).edits.get('ingress')!;
    const of = (name: string) => edits.find((e) => e.policy === `payments/${name}` && e.change.kind === 'add-rule')!;
    // payments/api selects only the asked pods; payments/default-deny selects every pod of payments, so
    // its new rule also lets monitoring reach the payments pods without app=api (Kubernetes: podSelector {}).
    expect(of('api').alsoOpens).toBe(0);
    expect(of('default-deny').alsoOpens).toBeGreaterThan(0);
    expect(of('default-deny').alsoOpensSample.map((p) => `${peerId(p.src)} => ${peerId(p.dst)}`).join('; ')).toContain('payments/');
    expect(edits.indexOf(of('api'))).toBeLessThan(edits.indexOf(of('default-deny')));
    // A workload inside the asked abstract source is asked traffic, not another path.
    const withWorkload = explain([...platform, deployment('monitoring', 'prometheus', { app: 'prometheus' })], 'monitoring/[all pods]', 'payments/[pod with {app=api}]', ['9090']);
    const api = explained(withWorkload).edits.get('ingress')!.find((e) => e.policy === 'payments/api' && e.change.kind === 'add-rule')!;
    expect(api.alsoOpensSample.map((p) => `${peerId(p.src)} => ${peerId(p.dst)}`)).toEqual([]);
  });
});
