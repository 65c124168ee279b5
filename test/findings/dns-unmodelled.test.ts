/**
 * DNS_EGRESS_MISSING where a policy of a kind reachdiff does not model may select the workload: that policy
 * may allow DNS (a Kyverno generator making allow-dns beside default-deny in every namespace it labels:
 * real-eval 22, webgrip/homelab-cluster 1c763efd read four "cannot resolve names" errors, exit 1), so the
 * finding names it and is a warning. A kind that only restricts (an EgressFirewall) cannot allow it: the
 * finding stays an error.
 */
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { cluster, deployment, manifests, namespace, policy } from '../engine/fixtures.js';
import { COREDNS } from './support.js';

type Obj = Record<string, unknown>;

const DENY_EGRESS = policy('shop', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const GENERATOR: Obj = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'namespace-defaults' },
  spec: {
    rules: [
      {
        name: 'allow-dns',
        match: { any: [{ resources: { kinds: ['Namespace'] } }] },
        // A condition reachdiff does not evaluate: the rule stays unmodelled (kinds/kyverno-generate.ts).
        preconditions: { all: [{ key: '{{request.object.metadata.annotations.dns}}', operator: 'Equals', value: 'allowed' }] },
        generate: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'allow-dns', namespace: '{{request.object.metadata.name}}', data: { spec: { podSelector: {}, policyTypes: ['Egress'] } } },
      },
    ],
  },
};
const FIREWALL: Obj = { apiVersion: 'k8s.ovn.org/v1', kind: 'EgressFirewall', metadata: { name: 'default', namespace: 'shop' }, spec: { egress: [{ type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } }] } };

function dnsFindings(...objects: Obj[]) {
  const loaded = loadManifests([{ path: 'k8s.yaml', text: manifests(...cluster(namespace('kube-system'), COREDNS, namespace('shop'), deployment('shop', 'web', { app: 'web' }), DENY_EGRESS, ...objects)) }]);
  const conn = computeConnectivity(loaded.cluster);
  return commitFindings({ conn, diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG, unmodelled: loaded.unmodelled }).filter((f) => f.code === 'DNS_EGRESS_MISSING');
}

describe('DNS_EGRESS_MISSING beside a policy reachdiff does not model', () => {
  it('a Kyverno generator that may make policies in the namespace: named, and a warning', () => {
    const [f] = dnsFindings(GENERATOR);
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(/so name lookups fail, unless Kyverno ClusterPolicy generating policies namespace-defaults allows it \(not modelled by reachdiff\)\.$/);
    expect(f.fix).toMatch(/^If that policy does not: allow egress from shop\/web\[Deployment\]/);
  });

  it('without one, or beside a kind that only restricts traffic, it stays an error', () => {
    expect(dnsFindings().map((f) => f.severity)).toEqual(['error']);
    const [f] = dnsFindings(FIREWALL);
    expect(f.severity).toBe('error');
    expect(f.message).not.toContain('unless');
  });
});
