/** tierKindOfId reads every cluster-wide kind from model.ts's one list, so a kind added there is never missed. */
import { CLUSTER_POLICY_KIND_LIST, tierKindOfId, policyName } from '../../src/engine/index.js';

describe('tierKindOfId', () => {
  it('every cluster-wide kind, and no NetworkPolicy-tier id', () => {
    for (const kind of CLUSTER_POLICY_KIND_LIST) expect(tierKindOfId(`${kind}/x#1`)).toBe(kind);
    expect(['shop/db', 'shop/db[CiliumNetworkPolicy]', 'AdminNetworkPolicy', 'NetworkPolicy/x'].map(tierKindOfId)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('policyName names the cluster-wide kinds by their id as before', () => {
    expect(['AdminNetworkPolicy/guard', 'CiliumClusterwideNetworkPolicy/deny', 'CalicoGlobalNetworkPolicy//g', 'shop/db'].map(policyName)).toEqual(['AdminNetworkPolicy guard', 'CiliumClusterwideNetworkPolicy deny', 'Calico GlobalNetworkPolicy /g', 'NetworkPolicy shop/db']);
  });
});
