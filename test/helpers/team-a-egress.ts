/**
 * Fixtures for tests of what decides team-a's egress: a Namespace and one Deployment, a NetworkPolicy allowing only
 * DNS out, and a Calico GlobalNetworkPolicy (order 100, the default tier) denying the metadata address and passing
 * the rest on (`destination`: more of the Pass rule, e.g. `'\n      destination:\n        selector: all()'`).
 */
import { appDeployment } from './deployment-yaml.js';

export const TEAM_A_API = `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
${appDeployment('api', 'team-a', ', ports: [{containerPort: 8080}]')}`;

export const DNS_ONLY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: dns-only
  namespace: team-a
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - ports: [{port: 53, protocol: UDP}]
`;

/** The deny-metadata policy; `extraSpec` goes after `order: 100` (`'\n  tier: security'`). */
export const denyMetadataPassRest = (destination = '', extraSpec = '') => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: deny-metadata
spec:
  order: 100${extraSpec}
  selector: all()
  types: [Egress]
  egress:
    - action: Deny
      destination:
        nets: [169.254.169.254/32]
    - action: Pass${destination}
`;
