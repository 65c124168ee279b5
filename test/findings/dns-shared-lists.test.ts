/**
 * DNS_EGRESS_MISSING toward cluster DNS the manifests do not hold (an abstract DNS pod): the reach is worked out
 * once per distinct set of a class's egress rule lists (dns-egress.ts `abstractReacher`). Classes that no
 * NetworkPolicy captures and classes that a default-deny captures with no rule hold the same (empty) rule list,
 * and differ only in being captured: a Baseline allow of DNS decides for the first, the NetworkPolicy tier for
 * the second. Namespaces alternate between the two so that either kind of class is judged first.
 */
import { deployment, namespace, policy } from '../engine/fixtures.js';
import { findingsOf, keys } from './support.js';

const BASELINE_DNS_ONLY = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  metadata: { name: 'default' },
  spec: {
    subject: { namespaces: {} },
    egress: [
      {
        action: 'Allow',
        to: [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }],
        ports: [{ portNumber: { protocol: 'UDP', port: 53 } }, { portNumber: { protocol: 'TCP', port: 53 } }],
      },
      { action: 'Deny', to: [{ namespaces: {} }] },
    ],
  },
};

const denyEgress = (ns: string) => policy(ns, 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });

describe('DNS toward pods the manifests do not hold, classes sharing their rule lists', () => {
  it('a captured class with no egress rule misses DNS; an uncaptured one is allowed it by the Baseline tier', () => {
    const names = ['a', 'b', 'c', 'd'];
    const captured = new Set(['a', 'd']);
    const objects = [
      ...names.flatMap((n) => [namespace(n), deployment(n, 'web', { app: 'web' })]),
      ...[...captured].map(denyEgress),
      BASELINE_DNS_ONLY,
    ];
    expect(keys(findingsOf(objects), 'DNS_EGRESS_MISSING')).toEqual(['DNS_EGRESS_MISSING a/web[Deployment] dns', 'DNS_EGRESS_MISSING d/web[Deployment] dns']);
  });

  it('the same with the uncaptured namespaces first', () => {
    const objects = [
      ...['b', 'a', 'c'].flatMap((n) => [namespace(n), deployment(n, 'web', { app: 'web' })]),
      denyEgress('a'),
      BASELINE_DNS_ONLY,
    ];
    expect(keys(findingsOf(objects), 'DNS_EGRESS_MISSING')).toEqual(['DNS_EGRESS_MISSING a/web[Deployment] dns']);
  });

  it('without the Baseline allow, every class misses DNS', () => {
    const objects = [...['a', 'b'].flatMap((n) => [namespace(n), deployment(n, 'web', { app: 'web' })]), denyEgress('a'), { ...BASELINE_DNS_ONLY, spec: { ...BASELINE_DNS_ONLY.spec, egress: [BASELINE_DNS_ONLY.spec.egress[1]] } }];
    expect(keys(findingsOf(objects), 'DNS_EGRESS_MISSING')).toEqual(['DNS_EGRESS_MISSING a/web[Deployment] dns', 'DNS_EGRESS_MISSING b/web[Deployment] dns']);
  });
});
