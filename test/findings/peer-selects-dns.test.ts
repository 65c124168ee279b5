/**
 * PEER_SELECTS_NOTHING and the cluster's DNS: CoreDNS (`k8s-app: kube-dns` in kube-system, or the configured
 * DNS) comes with the cluster, so a DNS rule's peer matches pods that exist even when kube-system holds other
 * workloads of the repository and not CoreDNS. Real-eval 24: a repository deploying a kube-system app had
 * every policy's DNS rule said to match no pod. A repository that deploys its own DNS under other labels
 * still hears that the peer misses it; other selectors in kube-system are judged as before.
 */
import { deployment, namespace, policy } from '../engine/fixtures.js';
import { findingsOf, keys } from './support.js';

type Obj = Record<string, unknown>;

const toDns = (pods: Record<string, string>): Obj => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: pods } });

function world(kubeSystem: Obj[], peer: Obj): Obj[] {
  return [
    namespace('kube-system'),
    namespace('shop'),
    ...kubeSystem,
    deployment('shop', 'web', { app: 'web' }),
    policy('shop', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [peer], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] }),
  ];
}

const descheduler = deployment('kube-system', 'descheduler', { app: 'descheduler' });

describe('PEER_SELECTS_NOTHING toward the cluster DNS', () => {
  it('the kube-dns peer matches the cluster DNS though kube-system holds only another workload here', () => {
    expect(keys(findingsOf(world([descheduler], toDns({ 'k8s-app': 'kube-dns' }))), 'PEER_SELECTS_NOTHING')).toEqual([]);
  });

  it('the configured DNS likewise; the default labels then are judged as any selector', () => {
    const dns = { namespace: 'kube-system', podLabels: { 'app.kubernetes.io/name': 'coredns' }, cidrs: [], ports: [53] };
    expect(keys(findingsOf(world([descheduler], toDns({ 'app.kubernetes.io/name': 'coredns' })), { dns }), 'PEER_SELECTS_NOTHING')).toEqual([]);
    expect(keys(findingsOf(world([descheduler], toDns({ 'k8s-app': 'kube-dns' })), { dns }), 'PEER_SELECTS_NOTHING')).toHaveLength(1);
  });

  it('still said: a repository deploying CoreDNS under other labels, and other selectors in kube-system', () => {
    const ownDns = deployment('kube-system', 'coredns', { 'app.kubernetes.io/name': 'coredns' });
    expect(keys(findingsOf(world([ownDns], toDns({ 'k8s-app': 'kube-dns' }))), 'PEER_SELECTS_NOTHING')).toHaveLength(1);
    expect(keys(findingsOf(world([descheduler], toDns({ app: 'metrics-server' }))), 'PEER_SELECTS_NOTHING')).toHaveLength(1);
  });
});
