/**
 * A renamed selector among a namespace's many policies of other keys (as kubeflow/manifests c736d93926:
 * `component: web-app` becomes `component: web-application`, the gateway may reach those pods): the truth
 * is one closed and one opened line. The changed policy's pods are cut by every other selector of the
 * namespace into label combinations; a pod that another, unchanged policy also selects keeps what that
 * policy allows on both sides, so its change is the plain pods' less that. Those combinations were each a
 * line (pairs whose change differs keep their exact names), and the namespace's whole pod space, cut only
 * to keep the changed policies' pods, ran past the 4,096-box bound ("incomplete").
 *
 * Checked in text, Markdown and JSON, and against the brute-force reference for every label combination
 * of the changed policies' pods: no opened or closed port of any such pod is missing from the line, and
 * each pod's change is the line's less what it had on both sides (the JSON's `unchangedForSome`).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';
import type { Endpoint, Labels, Protocol, RefCluster, RefPolicy } from '../reference/evaluator.js';
import { isAllowed } from '../reference/evaluator.js';
import type { JsonConns, JsonSetsPair } from '../helpers/pair-sets.js';

const NS = 'apps';
const policy = (name: string, podSelector: RefPolicy['spec']['podSelector'], ingress: NonNullable<RefPolicy['spec']['ingress']>): RefPolicy => ({
  name,
  namespace: NS,
  spec: { podSelector, policyTypes: ['Ingress'], ingress },
});
const fromNamespace = (name: string) => ({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In' as const, values: [name] }] } });
const tcp = (port: number) => [{ protocol: 'TCP' as const, port }];
const selecting = (key: string, value: string) => ({ matchExpressions: [{ key, operator: 'In' as const, values: [value] }] });

/** Keys other policies select on, three values each: what some of them admit from the gateway (or from anywhere). */
const OTHERS: [string, string, NonNullable<RefPolicy['spec']['ingress']>][] = [
  ['app', 'dashboard', [{ from: [fromNamespace('gateway')] }]],
  ['app', 'webhook', [{ ports: tcp(9443) }]],
  ['app', 'board', [{ from: [fromNamespace('gateway')], ports: tcp(5000) }]],
  ['tier', 'ctl', [{ ports: tcp(8443) }]],
  ['tier', 'db', [{ from: [fromNamespace('profiles')] }]],
  ['tier', 'ui', [{ from: [fromNamespace('gateway')] }]],
  ['role', 'catalog', [{ from: [fromNamespace('gateway')], ports: tcp(8080) }]],
  ['role', 'registry', [{ from: [fromNamespace('gateway')], ports: tcp(8080) }]],
  ['role', 'envoy', [{ from: [{ podSelector: {} }] }]],
];
/** Many components served by their own policies: the namespace's whole pod space is past the bound, the changed policies' pods are not. */
const COMPONENTS = Array.from({ length: 70 }, (_, i) => `c${i}`);

function cluster(value: string): RefCluster {
  const policies = [
    policy('same-namespace', {}, [{ from: [{ podSelector: {} }] }]),
    ...OTHERS.map(([key, v, ingress]) => policy(`${key}-${v}`, selecting(key, v), ingress)),
    ...COMPONENTS.map((c) => policy(`component-${c}`, selecting('component', c), [{ from: [fromNamespace('profiles')], ports: tcp(80) }])),
    policy(value, selecting('component', value), [{ from: [fromNamespace('gateway')] }]),
  ];
  return { namespaces: ['apps', 'gateway', 'profiles'].map((name) => ({ name, labels: {} })), pods: [], policies };
}

const BASE = cluster('web-app');
const HEAD = cluster('web-application');

const yaml = (c: RefCluster) => c.policies.map((p) => JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.namespace }, spec: p.spec })).join('\n\n'); // a JSON stream, as kubectl reads a text starting with `{` (no `---`)

type JsonConn = JsonConns;
type JsonPair = JsonSetsPair & { unchangedForSome?: JsonConns };

const has = (c: JsonConn | null | undefined, protocol: Protocol, port: number) => !!c && (c.all === true || (c.protocols?.[protocol] ?? []).some(([lo, hi]) => lo <= port && port <= hi));

/** Ports the reference is asked about: every port a policy names, and one none does. */
const PORTS: [Protocol, number][] = [['TCP', 80], ['TCP', 5000], ['TCP', 8080], ['TCP', 8443], ['TCP', 9443], ['TCP', 12345], ['UDP', 53]];

/** Every label combination of the changed policies' pods over the keys the other policies read (a value, or no label). */
function combinations(component: string): Labels[] {
  const values = (key: string) => [undefined, ...OTHERS.filter(([k]) => k === key).map(([, v]) => v)];
  const out: Labels[] = [];
  for (const app of values('app')) for (const tier of values('tier')) for (const role of values('role')) {
    out.push({ component, ...(app ? { app } : {}), ...(tier ? { tier } : {}), ...(role ? { role } : {}) });
  }
  return out;
}

describe('a renamed selector among many policies of other keys', () => {
  let root = '';
  beforeAll(async () => {
    root = await tempFolder(
      [
        { path: 'base/policies.yaml', text: yaml(BASE) },
        { path: 'head/policies.yaml', text: yaml(HEAD) },
      ],
      'reachdiff-masked-',
    );
  });
  const run = (...extra: string[]) => main(['diff', join(root, 'base'), join(root, 'head'), '--repo', root, '--fail-on', 'never', ...extra]);

  it('is one closed and one opened pair in JSON, complete, named by the changed selector', async () => {
    const json = JSON.parse((await run('--format', 'json')).stdout) as { pairs: JsonPair[]; summary: { opened: number; closed: number }; abstractPeers: { incomplete: boolean } };
    expect(json.abstractPeers.incomplete).toBe(false);
    expect(json.summary).toMatchObject({ opened: 1, closed: 1 });
    expect(json.pairs.map((p) => [p.src.id, p.dst.id, p.base, p.head, p.opened, p.closed])).toEqual([
      ['gateway/[all pods]', 'apps/[pod with {component In (web-app)}]', { all: true }, null, null, { all: true }],
      ['gateway/[all pods]', 'apps/[pod with {component In (web-application)}]', null, { all: true }, { all: true }, null],
    ]);
    // Pods app=dashboard (or tier=ui) had the gateway on every port already, on both sides.
    for (const p of json.pairs) expect(p.unchangedForSome).toEqual({ all: true });
  });

  it('is one line each way in text and Markdown, without the incomplete note', async () => {
    for (const format of ['text', 'md']) {
      const out = (await run('--format', format)).stdout;
      expect(out).not.toMatch(/Incomplete/);
      const lines = out.split('\n').filter((l) => /now admits|no longer admits/.test(l));
      expect([format, lines.length]).toEqual([format, 2]);
      expect(out).toMatch(/apps\/\[pod with \{component=web-application\}\]`? now admits `?gateway\/\[all pods\]`? on all ports \(some of these pods may have had all ports already\)/);
      expect(out).toMatch(/apps\/\[pod with \{component=web-app\}\]`? no longer admits `?gateway\/\[all pods\]`? on all ports \(some of these pods may keep all ports\)/);
    }
  });

  it('tells every pod of the changed selectors: its change is the line’s less what it had on both sides (reference)', async () => {
    const json = JSON.parse((await run('--format', 'json')).stdout) as { pairs: JsonPair[] };
    const gateway: Endpoint = { kind: 'pod', pod: { namespace: 'gateway', name: 'g', labels: {}, ports: [] } };
    let folded = 0;
    for (const [component, line] of [['web-app', json.pairs[0]], ['web-application', json.pairs[1]]] as const) {
      for (const labels of combinations(component)) {
        const pod: Endpoint = { kind: 'pod', pod: { namespace: NS, name: 'p', labels, ports: [] } };
        let differs = false;
        for (const [protocol, port] of PORTS) {
          const b = isAllowed(BASE, gateway, pod, protocol, port);
          const h = isAllowed(HEAD, gateway, pod, protocol, port);
          const where = JSON.stringify([labels, protocol, port]);
          // No path lost: what the pod opened or closed, the line says.
          if (h && !b) expect([where, has(line.opened, protocol, port)]).toEqual([where, true]);
          if (b && !h) expect([where, has(line.closed, protocol, port)]).toEqual([where, true]);
          // Nothing claimed: the line's change on a port the pod did not change was allowed to it on both sides.
          const lineChanges = has(line.opened, protocol, port) || has(line.closed, protocol, port);
          if (lineChanges && b === h) {
            expect([where, b, has(line.unchangedForSome, protocol, port)]).toEqual([where, true, true]);
            differs = true;
          }
          // The line's sets are the pod's, less what it has on both sides.
          if (!(b && h)) expect([where, b, h]).toEqual([where, has(line.base, protocol, port), has(line.head, protocol, port)]);
        }
        if (differs) folded++;
      }
    }
    // Most combinations differ from the plain pods: they are told by the line, not one line each.
    expect(folded).toBeGreaterThan(50);
  });
});
