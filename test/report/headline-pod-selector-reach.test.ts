/**
 * An added workload's headline says "every namespace may reach it" only where a rule admits every pod of every
 * namespace (`namespaceSelector: {}` with no podSelector labels, or a cluster-wide rule's `{}` of both). A rule
 * admitting `namespaceSelector: {}` + `podSelector: {app: prom}` read "every namespace but shop/cart and itself may
 * reach it on TCP 9090" — only the prom pods may (analysis/highlights.ts ruleReach / tierReach). Fixtures:
 * test/fixtures/headline-pod-selector-reach (NetworkPolicy), test/fixtures/clusterwide-finding-new-namespace
 * (CiliumClusterwideNetworkPolicy).
 */
import { main } from '../../src/cli/main.js';

it('names the pods a namespaceSelector {} + podSelector rule admits, not every namespace', async () => {
  const out = await main(['diff', 'test/fixtures/headline-pod-selector-reach/base', 'test/fixtures/headline-pod-selector-reach/head']);
  expect(out.stdout.split('\n')[2]).toBe('Adds shop/web: it may reach everything but itself on any port; shop/prom may reach it on TCP 9090.');
});

it('names the pods a cluster-wide rule with an endpoint selector admits, not every namespace', async () => {
  const out = await main(['diff', 'test/fixtures/clusterwide-finding-new-namespace/base', 'test/fixtures/clusterwide-finding-new-namespace/head']);
  expect(out.stdout.split('\n')[2]).toBe(
    'Adds admin/web: it may reach everything but shop/web and itself on any port; [all namespaces]/[pod with {app.kubernetes.io/name=prometheus}] may reach it on TCP 9090 (1 rule, apps.yaml:21).',
  );
});
