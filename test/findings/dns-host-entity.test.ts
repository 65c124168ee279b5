/**
 * DNS_EGRESS_MISSING where a Cilium egress rule allows port 53 only toward the `host` entity (the pod's own
 * node): cluster DNS is not there unless a node-local DNS cache runs on each node (real repositories 45: Liana64
 * 77d3b74 replaced the kube-dns rule with `toEntities: [host]` and a DNS L7 rule, and read as an error). A
 * node-local-dns DaemonSet using hostNetwork in the manifests allows the lookups; without one the finding names
 * the host rule and is a warning, since such a cache may be installed outside the manifests.
 */
import { COREDNS, KUBE_SYSTEM, findingsOf } from './support.js';
import { deployment, namespace } from '../engine/fixtures.js';

type Obj = Record<string, unknown>;

const toHost = (ports: Obj[]): Obj => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name: 'dns-via-host', namespace: 'shop' },
  spec: {
    endpointSelector: {},
    egress: [{ toEntities: ['host'], toPorts: [{ ports, rules: { dns: [{ matchPattern: '*' }] } }] }],
  },
});
const ANY_53 = [{ port: '53' }];
const NODE_LOCAL_DNS: Obj = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-local-dns', namespace: 'kube-system' },
  spec: {
    selector: { matchLabels: { 'k8s-app': 'node-local-dns' } },
    template: { metadata: { labels: { 'k8s-app': 'node-local-dns' } }, spec: { hostNetwork: true, containers: [{ name: 'node-cache', image: 'i' }] } },
  },
};
const dns = (...objects: Obj[]) => findingsOf([KUBE_SYSTEM, COREDNS, namespace('shop'), deployment('shop', 'web', { app: 'web' }), ...objects]).filter((f) => f.code.startsWith('DNS_'));

describe('DNS only toward the host entity', () => {
  it('without a node-local DNS cache in the manifests: a warning at the host rule that says what it rests on', () => {
    const [f, ...more] = dns(toHost(ANY_53));
    expect(more).toEqual([]);
    expect(f.code).toBe('DNS_EGRESS_MISSING');
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'shop/web[Deployment] cannot reach cluster DNS (kube-system/{k8s-app=kube-dns}) on UDP 53 or TCP 53 unless a node-local DNS cache runs on its node: its egress is isolated by CiliumNetworkPolicy shop/dns-via-host and allows DNS only toward the host entity (k8s.yaml:' +
        `${f.ref?.line}), and the manifests deploy no node-local DNS (a hostNetwork DaemonSet), so without one name lookups fail.`,
    );
    expect(f.fix).toMatch(/^If no node-local DNS cache runs on the nodes: allow egress from shop\/web\[Deployment\] to /);
  });

  it('with a node-local-dns DaemonSet on hostNetwork, the rule toward the host allows the lookups: no finding', () => {
    expect(dns(toHost(ANY_53), NODE_LOCAL_DNS)).toEqual([]);
  });

  it('a node-local cache without hostNetwork, or a host rule on another port, changes nothing: the error stays', () => {
    const notHost = JSON.parse(JSON.stringify(NODE_LOCAL_DNS).replace('"hostNetwork":true,', '')) as Obj;
    expect(dns(toHost(ANY_53), notHost).map((f) => f.severity)).toEqual(['warning']);
    const [f] = dns(toHost([{ port: '8080', protocol: 'TCP' }]), NODE_LOCAL_DNS);
    expect(f.severity).toBe('error');
    expect(f.message).not.toContain('host entity');
  });
});
