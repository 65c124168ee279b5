/**
 * Which NetworkPolicy rules explain cites beneath an AdminNetworkPolicy: a rule only where what it allows of the
 * pair's traffic meets what reaches the NetworkPolicy tier. What each rule allows travels in the facts themselves
 * (DirectionFacts `ruleGrants`), not beside the reason object: facts whose reasons are copies (a spread, a cache that
 * rebuilds them) read the same. Fixtures written here.
 */
import { analyzeYaml } from '../helpers/analyze.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { tierFacts } from '../../src/engine/explain-tiers.js';
import type { DirectionFacts, Reason, RuleGrant } from '../../src/engine/explain.js';
import { ConnectionSet, PortSet } from '../../src/engine/index.js';
import type { PeerRef } from '../../src/engine/index.js';

/** web's TCP 80 denied by the Admin tier, the rest passed to the NetworkPolicies: rule 1 allows TCP 80, rule 2 TCP 443. */
const YAML = `${appDeployment('web', 'shop')}---
${appDeployment('client', 'shop')}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: no-http}
spec:
  priority: 5
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
  ingress:
    - action: Deny
      from: [{namespaces: {}}]
      ports: [{portNumber: {protocol: TCP, port: 80}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: client}}}]
      ports: [{port: 80}]
    - from: [{podSelector: {matchLabels: {app: client}}}]
      ports: [{port: 443}]
`;

const tcp = (port: number) => ConnectionSet.of('TCP', PortSet.range(port));

describe('NetworkPolicy rules cited beneath a tier', () => {
  const { connectivity: conn } = analyzeYaml(YAML);
  const web = conn.index.classOf.get('shop/web[Deployment]')!;
  const client = conn.index.classOf.get('shop/client[Deployment]')!;
  const peer: PeerRef = { type: 'workload', workload: conn.cluster.workloads.find((w) => w.name === 'client')! };
  const traffic = tcp(80).union(tcp(443));
  const rule = (index: number, line: number): RuleGrant['reason'] => ({ kind: 'allowed-by-rule', side: 'head', direction: 'ingress', policy: 'shop/web-in', rule: index, ref: { file: 'manifests.yaml', line } });
  const cited = (np: DirectionFacts) => tierFacts(conn, 'head', 'ingress', web, peer, client, traffic, () => np)!.reasons.filter((r) => r.kind === 'allowed-by-rule').map((r) => (r as { rule: number }).rule);

  it('the rule whose ports the Admin tier settled is not cited, also when the facts\' reasons are copies', () => {
    const grants: RuleGrant[] = [
      { reason: rule(0, 36), granted: tcp(80) },
      { reason: rule(1, 38), granted: tcp(443) },
    ];
    const facts: DirectionFacts = { direction: 'ingress', subject: web, allowed: traffic, reasons: grants.map((g) => g.reason), isolation: [], ruleGrants: grants };
    expect(cited(facts)).toEqual([1]);
    // The same facts copied, reason objects and all: the same rules cited.
    const copied: DirectionFacts = { ...facts, reasons: facts.reasons.map((r): Reason => ({ ...r })), ruleGrants: grants.map((g) => ({ reason: { ...g.reason }, granted: g.granted })) };
    expect(cited(copied)).toEqual([1]);
  });
});
