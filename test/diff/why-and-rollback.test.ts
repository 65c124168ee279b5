/**
 * Each kind of change on the example repo: the why of its opened paths, and a rollback whose patch,
 * applied with `git apply` to head, leaves no opened path.
 */
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { pairConns, peerId } from '../../src/engine/index.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { patchedFiles } from '../helpers/git.js';

const EXAMPLES = join(process.cwd(), 'examples');
let base: ManifestFile[];
let head: ManifestFile[];

beforeAll(async () => {
  base = (await readManifestFolder(join(EXAMPLES, 'base'))).files;
  head = (await readManifestFolder(join(EXAMPLES, 'head'))).files;
});

function edit(files: ManifestFile[], path: string, change: (text: string) => string): ManifestFile[] {
  return files.map((f) => (f.path === path ? { path, text: change(f.text) } : f));
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture text not found: ${from}`);
  return text.replace(from, to);
}

const applyRollback = (headFiles: ManifestFile[], report: DiffReport): Promise<ManifestFile[]> => patchedFiles(headFiles, report.rollback.patch);

const name = (p: DiffReport['pairs'][number]['src']) => (p.type === 'workload' ? p.workload.id : p.type);
/** `src => dst` of every pair of the report, opened or not, in report order. */
const opened = (r: DiffReport) => r.pairs.map((p) => `${name(p.src)} => ${name(p.dst)}`);

const SHOP_DENY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

const CANARY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart-canary
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart, track: canary}
  template:
    metadata:
      labels: {app: cart, track: canary}
    spec:
      containers:
        - name: cart
          image: registry.example/cart:1.1
          ports:
            - {name: http, containerPort: 8080}
`;

interface Case {
  name: string;
  head: () => ManifestFile[];
  opened: string[];
  why: string[];
  revert: string[];
}

const cases: Case[] = [
  {
    name: 'a broadened selector opens the PCI service to every namespace',
    head: () => head,
    opened: ['kube-system/kube-dns[Deployment] => shop/payments[Deployment]', 'monitoring/prometheus[Deployment] => shop/payments[Deployment]'],
    why: ['allowed-by-rule:head:ingress:shop/payments:policies/shop.yaml:105', 'rule-differs:base:ingress:shop/payments:policies/shop.yaml:100'],
    // The example's head also carries the redis typo, which opens TCP 6380 to cart pods of other commerce namespaces.
    revert: ['edited NetworkPolicy/data/redis', 'edited NetworkPolicy/shop/payments'],
  },
  {
    name: 'a removed default-deny leaves the export job open to everyone',
    head: () => edit(base, 'policies/default-deny.yaml', (t) => replaceOnce(t, SHOP_DENY, '')),
    opened: ['kube-system/kube-dns[Deployment] => shop/report-export[CronJob]', 'monitoring/prometheus[Deployment] => shop/report-export[CronJob]'],
    why: ['not-isolated:head:ingress', 'isolated-by:base:ingress:shop/default-deny'],
    revert: ['removed NetworkPolicy/shop/default-deny'],
  },
  {
    name: 'a new ipBlock lets web call the internet',
    head: () =>
      edit(base, 'policies/frontend.yaml', (t) =>
        replaceOnce(t, '      ports:\n        - port: 8080\n', '      ports:\n        - port: 8080\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [10.0.0.0/8]\n'),
      ),
    opened: ['frontend/web[Deployment] => external'],
    why: ['allowed-by-rule:head:egress:frontend/web:policies/frontend.yaml:30', 'isolated-by:base:egress:frontend/default-deny'],
    revert: ['edited NetworkPolicy/frontend/web'],
  },
  {
    name: 'a deleted policy file removes the sandbox isolation',
    head: () => base.filter((f) => f.path !== 'policies/default-deny.yaml'),
    opened: ['sandbox/playground[Deployment] => shop/report-export[CronJob]'],
    why: ['not-isolated:head:egress', 'isolated-by:base:egress:sandbox/default-deny'],
    // frontend's default-deny too: without it, a future pod of frontend that no other policy selects is open.
    revert: ['removed NetworkPolicy/frontend/default-deny', 'removed NetworkPolicy/shop/default-deny', 'removed NetworkPolicy/data/default-deny', 'removed NetworkPolicy/sandbox/default-deny'],
  },
  {
    name: 'a new workload matching an existing allow rule is reachable from web',
    head: () => [...base, { path: 'apps/shop/cart-canary.yaml', text: CANARY }],
    opened: ['frontend/web[Deployment] => shop/cart-canary[Deployment]'],
    why: ['workload-added', 'allowed-by-rule:head:egress:frontend/web', 'allowed-by-rule:head:ingress:shop/backends-from-web'],
    revert: ['added Deployment/shop/cart-canary'],
  },
];

function reasonKey(r: DiffReport['pairs'][number]['whyOpened'][number]): string {
  switch (r.kind) {
    case 'allowed-by-rule':
    case 'rule-differs':
      return `${r.kind}:${r.side}:${r.direction}:${r.policy}:${r.ref.file}:${r.ref.line}`;
    case 'isolated-by':
      return `${r.kind}:${r.side}:${r.direction}:${r.policy}`;
    case 'not-isolated':
      return `${r.kind}:${r.side}:${r.direction}`;
    default:
      return r.kind;
  }
}

describe('why and rollback for each kind of change', () => {
  it.each(cases)('$name', async (c) => {
    const headFiles = c.head();
    const report = analyzeDiff(base, headFiles);
    const paths = opened(report);
    expect(paths).toEqual(expect.arrayContaining(c.opened));
    const pair = report.pairs[paths.indexOf(c.opened[0])];
    const keys = pair.whyOpened.map(reasonKey);
    for (const w of c.why) expect(keys.some((k) => k.startsWith(w))).toBe(true);
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(c.revert);
    expect(report.rollback.minimality).toBe('proven');
    expect(report.rollback.remainingOpened).toBe(0);
    const patched = await applyRollback(headFiles, report);
    const after = analyzeDiff(base, patched);
    expect(after.counts.opened).toBe(0);
  });

  it('reverts what opens paths: the broadened selector, and the redis typo that opens TCP 6380 to cart pods of other commerce namespaces', () => {
    const report = analyzeDiff(base, head);
    expect(report.rollback.minimality).toBe('proven');
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/data/redis', 'NetworkPolicy/shop/payments']);
    expect(report.rollback.hunks).toContainEqual({ file: 'policies/shop.yaml', startLine: 104, endLine: 105, replacement: '', documentKey: 'NetworkPolicy/shop/payments' });
  });

  it('reverts only the broadened selector when pods the manifests do not hold are left out', () => {
    const report = analyzeDiff(base, head, { abstractPeers: false });
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/shop/payments']);
    expect(report.rollback.hunks).toEqual([
      { file: 'policies/shop.yaml', startLine: 104, endLine: 105, replacement: '', documentKey: 'NetworkPolicy/shop/payments' },
    ]);
  });

  it('explains a closed path by the base rule that allowed it and the same head rule that no longer does', () => {
    const report = analyzeDiff(base, head);
    const closed = report.pairs.filter((p) => p.closed && p.src.type === 'workload' && p.dst.type === 'workload');
    expect(opened({ ...report, pairs: closed })).toEqual(['shop/cart[Deployment] => data/redis[StatefulSet]']);
    expect(closed[0].closed!.toText()).toBe('TCP 6379');
    const keys = closed[0].whyClosed.map(reasonKey);
    expect(keys).toEqual(['allowed-by-rule:base:ingress:data/redis:policies/data.yaml:21', 'rule-differs:head:ingress:data/redis:policies/data.yaml:21']);
  });

  it('finds nothing between a revision and itself', () => {
    const report = analyzeDiff(head, head);
    expect(report.pairs).toHaveLength(0);
    expect(report.rollback.documents).toHaveLength(0);
  });

  it('swaps opened and closed when base and head swap', () => {
    const forward = analyzeDiff(base, head);
    const backward = analyzeDiff(head, base);
    const key = (p: DiffReport['pairs'][number]) => `${peerId(p.src)}>${peerId(p.dst)}`;
    const f = new Map(forward.pairs.map((p) => [key(p), p]));
    expect(backward.pairs).toHaveLength(forward.pairs.length);
    for (const b of backward.pairs) {
      const p = f.get(key(b))!;
      // Port names toward pods the manifests do not hold swap too.
      expect(pairConns(b, 'opened')?.key).toBe(pairConns(p, 'closed')?.key);
      expect(pairConns(b, 'closed')?.key).toBe(pairConns(p, 'opened')?.key);
    }
  });
});

describe('why names a policy that exists on one side only', () => {
  it('a new policy that allows a path is "new"; a removed one that allowed a path "was removed"', () => {
    const extra = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: prometheus-to-payments
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: payments
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
`;
    const withPolicy = edit(base, 'policies/shop.yaml', (t) => t + extra);
    const added = analyzeDiff(base, withPolicy);
    const openedPair = added.pairs.find((p) => p.opened)!;
    expect(openedPair.whyOpened.map((r) => r.kind)).toEqual(['allowed-by-rule', 'policy-absent']);
    expect(openedPair.whyOpened[1]).toMatchObject({ side: 'base', policy: 'shop/prometheus-to-payments', ref: { file: 'policies/shop.yaml' } });
    const removed = analyzeDiff(withPolicy, base);
    const closedPair = removed.pairs.find((p) => p.closed)!;
    expect(closedPair.whyClosed.map((r) => r.kind)).toEqual(['allowed-by-rule', 'policy-absent']);
    expect(closedPair.whyClosed[1]).toMatchObject({ side: 'head', policy: 'shop/prometheus-to-payments' });
  });
});

describe('suggestion hunks stay inside the lines a file has', () => {
  it('a new document at the end of a file ends on its last line, not on the empty one after the final newline', () => {
    const report = analyzeDiff(base, [...base, { path: 'apps/shop/cart-canary.yaml', text: CANARY }]);
    expect(report.rollback.hunks).toEqual([
      { file: 'apps/shop/cart-canary.yaml', startLine: 1, endLine: CANARY.trimEnd().split('\n').length, replacement: '', documentKey: 'Deployment/shop/cart-canary' },
    ]);
  });
});

describe('why for the ingress controller', () => {
  it('a new Ingress opens the controller path and names the backend that leads there', () => {
    const ingress = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  namespace: shop
spec:
  defaultBackend:
    service:
      name: payments
      port:
        number: 9090
`;
    const open = edit(base, 'policies/shop.yaml', (t) => replaceOnce(t, '      ports:\n        - port: grpc\n  egress:', '        - namespaceSelector: {}\n      ports:\n        - port: grpc\n  egress:') + ingress);
    const report = analyzeDiff(base, open);
    const pair = report.pairs.find((p) => p.src.type === 'ingress-controller')!;
    expect(pair.opened!.toText()).toBe('TCP 9090');
    expect(pair.whyOpened.filter((r) => r.kind === 'ingress-backend')).toEqual([
      { kind: 'ingress-backend', side: 'head', ingress: 'shop/admin', ref: { file: 'policies/shop.yaml', line: expect.any(Number) } },
    ]);
  });
});
