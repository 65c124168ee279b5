/**
 * DNS_EGRESS_MISSING where the workload's only egress is an address rule that may hold the DNS pods' addresses
 * (`ipBlock 10.0.0.0/8`): the model reads ipBlock as addresses outside the cluster, but the Kubernetes API reference
 * leaves pod IPs to the plugin and Calico matches them, so DNS may well be reached. The finding names the rule and is a
 * warning (real repositories 42: a namespace default allowing egress "to K8S" read as an error, exit 1). A configured
 * pod network that the rule does not overlap keeps it an error, as does a rule on other ports.
 */
import { computeConnectivity } from '../../src/engine/index.js';
import { parseCidr } from '../../src/engine/cidr.js';
import type { AddressSet } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { withPodNetwork } from '../../src/manifests/pod-network.js';
import { cluster, deployment, manifests, namespace, policy } from '../engine/fixtures.js';
import { COREDNS } from './support.js';

type Obj = Record<string, unknown>;

const toBlock = (cidr: string, ports?: Obj[]): Obj => policy('shop', 'egress-internal', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }], ...(ports ? { ports } : {}) }] });

function network(cidr: string): AddressSet {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(cidr);
  return parsed.set;
}

function dnsFindings(objects: Obj[], podNetwork?: AddressSet) {
  const loaded = withPodNetwork(loadManifests([{ path: 'k8s.yaml', text: manifests(...cluster(namespace('shop'), deployment('shop', 'web', { app: 'web' }), ...objects)) }]), podNetwork);
  const conn = computeConnectivity(loaded.cluster);
  return commitFindings({ conn, diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG, unmodelled: loaded.unmodelled }).filter((f) => f.code === 'DNS_EGRESS_MISSING');
}

describe('DNS_EGRESS_MISSING beside an egress ipBlock that may hold the DNS pods', () => {
  it('ipBlock 10.0.0.0/8 toward the abstract DNS pod: a warning naming the rule', () => {
    const [f] = dnsFindings([toBlock('10.0.0.0/8')]);
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(/so name lookups fail, unless ipBlock 10\.0\.0\.0\/8 of NetworkPolicy shop\/egress-internal \(k8s\.yaml:\d+\) holds the DNS pods' addresses \(a network plugin that matches pods by address, such as Calico, then allows it\)\.$/);
    expect(f.fix).toMatch(/^If the DNS pods' addresses are not in it .*: allow egress from shop\/web\[Deployment\]/);
  });

  it('toward DNS pods the manifests hold, whose ingress admits it: a warning too', () => {
    expect(dnsFindings([namespace('kube-system'), COREDNS, toBlock('10.0.0.0/8')]).map((f) => f.severity)).toEqual(['warning']);
  });

  it('a configured pod network the rule does not overlap, a public block, or other ports: still an error', () => {
    expect(dnsFindings([toBlock('10.0.0.0/8')], network('172.20.0.0/16')).map((f) => [f.severity, f.message.includes('unless')])).toEqual([['error', false]]);
    expect(dnsFindings([toBlock('10.0.0.0/8')], network('10.42.0.0/16')).map((f) => f.severity)).toEqual(['warning']);
    expect(dnsFindings([toBlock('203.0.113.0/24')]).map((f) => f.severity)).toEqual(['error']);
    expect(dnsFindings([toBlock('10.0.0.0/8', [{ protocol: 'TCP', port: 443 }])]).map((f) => f.severity)).toEqual(['error']);
  });
});
