/**
 * A new policy's pods cut by the labels of unrelated policies, seen from addresses outside the cluster
 * (realeval5 masked-combinations-not-merged; kubeflow/manifests 2c3aafe99 "Opens 49 peers", f3edb265a
 * "Opens 561 peers" for one new podSelector). `viewer-webhook` (app=viewer) admits everything on TCP 9443;
 * `operator-webhook` (role=operator) admitted it already, `grpc` (component=grpc) cuts the pods once more.
 * The line toward pods (`entire-cluster`) was told as the subject with the "may have had" hedge, but the
 * line from addresses kept one region per combination and the headline counted three peers: the pods
 * role=operator had TCP 9443 from every address on both sides, so they are told by the subject's line too.
 *
 * Checked in text, Markdown and JSON, and against the brute-force reference; and the other way: where the
 * role=operator pods had TCP 9443 from 10.0.0.0/8 only, the address lines keep their exact names (the
 * subject's name would claim 0.0.0.0/0 for pods whose change is every address but 10.0.0.0/8).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseAddress } from '../../src/engine/index.js';
import { tempFolder } from '../helpers/git.js';
import type { Endpoint, Labels, RefCluster, RefPolicy } from '../reference/evaluator.js';
import { isAllowed } from '../reference/evaluator.js';
import type { JsonConns, JsonSetsPair } from '../helpers/pair-sets.js';

const NS = 'tools';
const policy = (name: string, podSelector: RefPolicy['spec']['podSelector'], ingress: NonNullable<RefPolicy['spec']['ingress']>): RefPolicy => ({
  name,
  namespace: NS,
  spec: { podSelector, policyTypes: ['Ingress'], ingress },
});
const WEBHOOK = [{ protocol: 'TCP' as const, port: 9443 }];

/** `operatorFrom`: the sources `operator-webhook` admits on TCP 9443 (none listed: everything). */
function cluster(viewer: boolean, operatorFrom?: { ipBlock: { cidr: string } }[]): RefCluster {
  const policies = [
    policy('same-namespace', {}, [{ from: [{ podSelector: {} }] }]),
    policy('operator-webhook', { matchLabels: { role: 'operator' } }, [{ ...(operatorFrom ? { from: operatorFrom } : {}), ports: WEBHOOK }]),
    policy('grpc', { matchLabels: { component: 'grpc' } }, [{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }, { podSelector: {} }] }]),
    ...(viewer ? [policy('viewer-webhook', { matchLabels: { app: 'viewer' } }, [{ ports: WEBHOOK }])] : []),
  ];
  return { namespaces: [{ name: NS, labels: {} }], pods: [], policies };
}

const yaml = (c: RefCluster) => c.policies.map((p) => JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.namespace }, spec: p.spec })).join('\n\n'); // a JSON stream, as kubectl reads a text starting with `{` (no `---`)

type JsonPair = JsonSetsPair & { unchangedForSome?: JsonConns };
interface Json { pairs: JsonPair[]; summary: { opened: number; closed: number } }

async function folders(base: RefCluster, head: RefCluster): Promise<(...extra: string[]) => ReturnType<typeof main>> {
  const root = await tempFolder([
    { path: 'base/policies.yaml', text: yaml(base) },
    { path: 'head/policies.yaml', text: yaml(head) },
  ], 'reachdiff-masked-addr-');
  return (...extra) => main(['diff', join(root, 'base'), join(root, 'head'), '--repo', root, '--fail-on', 'never', ...extra]);
}

const ALL_ADDRESSES = '0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
const address = (text: string): Endpoint => ({ kind: 'address', address: { family: 4, value: parseAddress(text)! } });
/** Every label combination of app=viewer pods over the keys the other policies read. */
const VIEWERS: Labels[] = ([{}, { component: 'grpc' }, { role: 'operator' }, { component: 'grpc', role: 'operator' }] as Labels[]).map((l) => ({ app: 'viewer', ...l }));

describe('a new policy whose pods other policies admit from every address already', () => {
  const [BASE, HEAD] = [cluster(false), cluster(true)];
  let run: Awaited<ReturnType<typeof folders>>;
  beforeAll(async () => {
    run = await folders(BASE, HEAD);
  });

  it('headline names the one subject, and one line tells entire-cluster and the addresses with the hedge', async () => {
    for (const format of ['text', 'md']) {
      const out = (await run('--format', format)).stdout;
      expect(out).toContain('Opens tools/[pod with {app=viewer}] to everything on TCP 9443 (1 rule, ');
      expect(out).not.toMatch(/peers in tools/);
      const lines = out.split('\n').filter((l) => /now admits?/.test(l));
      expect([format, lines.length]).toEqual([format, 1]);
      // `(except tools/[all pods])`: the namespace's own pods had every port from each other already (peer-exceptions.ts).
      expect(lines[0]).toMatch(/tools\/\[pod with \{app=viewer\}\]`? now admits `?entire-cluster(?: \(except tools\/\[all pods\]\))?`? and `?0\.0\.0\.0\/0, ::\/0`? on TCP 9443 \(some of these pods may have had TCP 9443 already\)/);
    }
  });

  it('is one pair per source in JSON, each with what some pods had on both sides', async () => {
    const json = JSON.parse((await run('--format', 'json')).stdout) as Json;
    expect(json.summary).toMatchObject({ opened: 2, closed: 0 });
    const tcp9443 = { protocols: { TCP: [[9443, 9443]] } };
    expect(json.pairs.map((p) => [p.src.id, p.dst.id, p.base, p.head, p.opened, p.unchangedForSome])).toEqual([
      ['entire-cluster', 'tools/[pod with {app=viewer}]', null, tcp9443, tcp9443, tcp9443],
      [ALL_ADDRESSES, 'tools/[pod with {app=viewer}]', null, tcp9443, tcp9443, tcp9443],
    ]);
  });

  it('says the truth of every app=viewer pod from addresses (reference): opened, or had on both sides', () => {
    let had = 0;
    for (const labels of VIEWERS) {
      const pod: Endpoint = { kind: 'pod', pod: { namespace: NS, name: 'p', labels, ports: [] } };
      for (const from of ['192.0.2.1', '10.1.2.3']) {
        const [b, h] = [isAllowed(BASE, address(from), pod, 'TCP', 9443), isAllowed(HEAD, address(from), pod, 'TCP', 9443)];
        expect([labels, from, h]).toEqual([labels, from, true]);
        if (b) had++;
      }
    }
    // The role=operator pods: what the hedge speaks of.
    expect(had).toBe(4);
  });
});

describe('a new policy whose pods another policy admits from some addresses only', () => {
  const operatorFrom = [{ ipBlock: { cidr: '10.0.0.0/8' } }];
  const [BASE, HEAD] = [cluster(false, operatorFrom), cluster(true, operatorFrom)];

  it('keeps exact names toward addresses: no line claims 10.0.0.0/8 for the role=operator pods', async () => {
    const run = await folders(BASE, HEAD);
    const json = JSON.parse((await run('--format', 'json')).stdout) as Json;
    const fromAddresses = json.pairs.filter((p) => /^[0-9:]/.test(p.src.id));
    expect(fromAddresses.length).toBeGreaterThan(1);
    for (const p of fromAddresses) {
      // A line from every address names only pods the rule opened them to; role=operator pods had 10.0.0.0/8.
      if (p.src.id === ALL_ADDRESSES) expect(p.dst.id).toMatch(/role NotIn \(operator\)/);
      else expect(p.src.id).toBe('0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    }
    // The reference agrees: a role=operator pod from 10.1.2.3 did not change.
    const operator: Endpoint = { kind: 'pod', pod: { namespace: NS, name: 'p', labels: { app: 'viewer', role: 'operator' }, ports: [] } };
    expect([isAllowed(BASE, address('10.1.2.3'), operator, 'TCP', 9443), isAllowed(HEAD, address('10.1.2.3'), operator, 'TCP', 9443)]).toEqual([true, true]);
  });
});
