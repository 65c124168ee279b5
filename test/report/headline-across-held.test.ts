/**
 * The headline tells one change made by the same rule line on the same ports in several namespaces once
 * (headline.ts acrossSubjects), also when each namespace's subject is a rule peer holding a workload today.
 * A CiliumClusterwideNetworkPolicy rule widened for every namespace read "opens egress from api/[all pods]
 * (api/backend today) to …; opens egress from db/[all pods] (db/postgres today) to …; and 1 more change"
 * (new-user trial 33): the subjects' held workloads kept them apart, and the third namespace was hidden.
 * Fixture: test/fixtures/headline-across.
 */
import { main } from '../../src/cli/main.js';

it('one clause naming the rule peer once across the namespaces, with the workloads held today', async () => {
  const out = await main(['diff', 'test/fixtures/headline-across/base', 'test/fixtures/headline-across/head']);
  expect(out.stdout.split('\n')[2]).toBe(
    // The clusterwide rule applies in kube-system and in the namespaces the manifests do not hold too
    // (engine/cluster-scope.ts): those pods' clauses follow, each once.
    'Opens egress from [all pods] in api, db and web (api/backend, db/postgres, web/frontend today) to kube-system/[pod with {k8s-app=kube-dns}] on TCP 9153 (1 rule, all.yaml:11); ' +
      'opens egress from [namespace other than api, db, kube-system, web]/[all pods] to kube-system/[pod with {k8s-app=kube-dns}] on TCP 9153 (1 rule, all.yaml:11); ' +
      'opens egress from kube-system/[pod with {k8s-app NotIn (kube-dns)}] and kube-system/[pod with {k8s-app=kube-dns}] to kube-system/[pod with {k8s-app=kube-dns}] on TCP 9153 (1 rule, all.yaml:11).',
  );
});
