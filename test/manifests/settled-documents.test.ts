/**
 * A read document's model, objects and rejected keys are complete once read: its empty lists are one shared,
 * frozen empty list (no eight lists kept per document), and its filled lists are its own.
 */
import { loadManifests } from '../../src/manifests/load.js';

const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

describe('a read document', () => {
  it('shares one frozen empty list for what it does not hold, and keeps what it holds', () => {
    const [doc] = loadManifests([{ path: 'deny.yaml', text: policy }]).documents;
    expect(doc.objects).toEqual(['NetworkPolicy/shop/deny']);
    expect(doc.model.policies).toHaveLength(1);
    expect(Object.isFrozen(doc.model.policies)).toBe(false);
    const empty = [doc.rejected, doc.model.namespaces, doc.model.workloads, doc.model.services, doc.model.ingressBackends, doc.model.clusterPolicies, doc.model.unmodelled, doc.model.hostNetwork];
    for (const list of empty) {
      expect(list).toHaveLength(0);
      expect(Object.isFrozen(list)).toBe(true);
      expect(list).toBe(doc.rejected);
    }
  });
});
