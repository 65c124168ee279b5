/**
 * A rule that misses the peer and every asked port is no near miss (new-user 39 #14): `explain --from
 * web/api --to 10.0.0.5 --port 443` listed the allow-dns rule ("to[0] selects pods, never addresses
 * outside the cluster; port TCP 443 not in [TCP 53,UDP 53]"), and so did every pod-to-pod question. A rule
 * with the asked port but the wrong kind of peer, or the right peer but other ports, stays a near miss.
 */
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const deploy = (ns: string, name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const DNS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: web}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`;
const TO_DB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-db, namespace: web}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: db}}}]
      ports: [{port: 443}]
`;
const files = [
  { path: 'apps.yaml', text: [deploy('web', 'api'), deploy('web', 'db'), deploy('web', 'cache'), deploy('kube-system', 'coredns')].join('---\n') },
  { path: 'policies.yaml', text: `${DNS}---\n${TO_DB}` },
];

function explain(to: string, port: string) {
  const r = explainFiles(files, { from: 'web/api', to, ports: [port] });
  if (!r.ok) throw new Error(r.message);
  if (r.value.answer.kind !== 'explained') throw new Error('not explained');
  const egress = r.value.answer.explanation.directions.find((d) => d.direction === 'egress')!;
  return { misses: egress.nearMisses.map((m) => m.policy), text: explainText(r.value, peerLabels(r.value.workloads)) };
}

describe('near misses that share nothing with the asked traffic', () => {
  it('toward an address on 443: the DNS rule is not listed; the rule with TCP 443 and a pod peer is', () => {
    const { misses, text } = explain('10.0.0.5', '443');
    expect(misses).toEqual(['web/to-db']);
    expect(text).not.toContain('near miss: NetworkPolicy web/allow-dns');
    expect(text).toContain('near miss: NetworkPolicy web/to-db egress rule');
  });

  it('toward a pod on another port: the DNS rule is not listed; the rule for db on 443 (peer missed, port met) is', () => {
    const { misses, text } = explain('web/cache', '443');
    expect(misses).toEqual(['web/to-db']);
    expect(text).not.toContain('near miss: NetworkPolicy web/allow-dns');
    expect(text).toContain('near miss: NetworkPolicy web/to-db egress rule');
  });

  it('only far rules: none listed, and explain says none comes close', () => {
    const { misses, text } = explain('web/cache', '8080');
    expect(misses).toEqual([]);
    expect(text).toContain('no rule of these policies comes close: none admits the peer on any asked port');
  });
});
