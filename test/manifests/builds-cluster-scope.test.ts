/**
 * A side deployed by several builds (two Argo CD Applications, two Flux Kustomizations of different trees):
 * a CiliumClusterwideNetworkPolicy in one build selects the pods of every build, and of namespaces no build
 * holds (manifests/builds.ts `mergeClusters` keeps the cluster-scoped parts; engine/cluster-scope.ts copies
 * them). The merge used to keep only each build's own copies, made in the namespaces that build names: a
 * cluster-wide default deny in a "policies" application isolated none of the apps' pods, a silent pass.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { peerId } from '../../src/engine/peers.js';

const deployment = (name: string, namespace: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    '      containers:',
    '        - name: main',
    `          image: registry.example/${name}:1`,
    '',
  ].join('\n');

// Every pod of every namespace may send only DNS queries to kube-dns.
const dnsOnly = [
  'apiVersion: cilium.io/v2',
  'kind: CiliumClusterwideNetworkPolicy',
  'metadata:',
  '  name: dns-only',
  'spec:',
  '  endpointSelector: {}',
  '  egress:',
  '    - toEndpoints:',
  '        - matchLabels:',
  '            k8s:io.kubernetes.pod.namespace: kube-system',
  '            k8s-app: kube-dns',
  '      toPorts:',
  '        - ports:',
  '            - port: "53"',
  '              protocol: UDP',
  '',
].join('\n');

const apps = {
  'apps/web.yaml': deployment('web', 'shop'),
  'apps/api.yaml': deployment('api', 'shop'),
};
const dns = deployment('coredns', 'kube-system').replace(/app: coredns/g, 'k8s-app: kube-dns');

/** Files of folder `apps/` in build 1, the others (the platform's policies and DNS) in build 2. */
const inBuilds = (files: Record<string, string>): ManifestFile[] => Object.entries(files).map(([path, text]) => ({ path, text, build: path.startsWith('apps/') ? '1' : '2' }));

const closed = (r: DiffReport, src: string, dst: string) => r.pairs.find((p) => peerId(p.src) === src && peerId(p.dst) === dst && p.closed);

describe('a cluster-wide policy in one build of a side of several', () => {
  const base = inBuilds({ ...apps, 'platform/dns.yaml': dns });
  const head = inBuilds({ ...apps, 'platform/dns.yaml': dns, 'platform/dns-only.yaml': dnsOnly });

  it('isolates the pods of the other builds: their egress to each other closes', () => {
    const report = analyzeDiff(base, head);
    expect(closed(report, 'shop/web[Deployment]', 'shop/api[Deployment]')).toBeDefined();
    expect(closed(report, 'shop/api[Deployment]', 'shop/web[Deployment]')).toBeDefined();
    // DNS stays open on UDP 53.
    const toDns = report.pairs.find((p) => peerId(p.src) === 'shop/web[Deployment]' && peerId(p.dst) === 'kube-system/coredns[Deployment]');
    expect(toDns?.closed?.isAll()).toBe(false);
  });

  it('removed, it opens those paths, and the rollback restores it', () => {
    const report = analyzeDiff(head, base);
    expect(report.pairs.find((p) => peerId(p.src) === 'shop/web[Deployment]' && peerId(p.dst) === 'shop/api[Deployment]')?.opened?.isAll()).toBe(true);
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['removed CiliumClusterwideNetworkPolicy//dns-only']);
    expect(report.rollback.remainingOpened).toBe(0);
  });

  it('and the pods of namespaces no build holds', () => {
    const report = analyzeDiff(base, head);
    const fromOthers = report.pairs.filter((p) => p.closed && peerId(p.src).startsWith('[namespace') && peerId(p.dst) === 'shop/web[Deployment]');
    expect(fromOthers.length).toBeGreaterThan(0);
  });

  it('the same policy in the apps build gives the same pairs (one cluster either way)', () => {
    const split = analyzeDiff(base, head);
    const one = analyzeDiff(
      base.map((f) => ({ ...f, build: '1' })),
      head.map((f) => ({ ...f, build: '1' })),
    );
    const key = (r: DiffReport) => r.pairs.map((p) => `${peerId(p.src)} ${peerId(p.dst)} ${p.closed?.key} ${p.opened?.key}`).sort();
    expect(key(split)).toEqual(key(one));
  });
});
