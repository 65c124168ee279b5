/**
 * A new ingress policy for `name=cache` pods admits a client the cache pods admitted already (no policy
 * isolated them), while another, unchanged policy of the namespace selects `app=other` and denied the
 * client: only pods carrying both labels gain the client. The cache pods themselves, those the line's
 * name speaks of, did not change. Before, the line took the subject's name and the combination's sets
 * (`db/[pod with {name=cache}] now admits apps/client on TCP 6379 (some of these pods may have had TCP
 * 6379 already)`, JSON `base: null`), reading as the cache pods being opened on a change that only
 * restricts them (a redis policy beside the Dragonfly operator's, which selects `app: dragonfly` alone).
 * The line now names the combination; checked against the brute-force reference for the pods of each
 * name.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJson } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import type { Endpoint, Labels, RefCluster, RefPolicy } from '../reference/evaluator.js';
import { isAllowed } from '../reference/evaluator.js';
import type { JsonConns } from '../helpers/pair-sets.js';

const common = `apiVersion: v1
kind: Namespace
metadata: {name: db}
---
apiVersion: v1
kind: Namespace
metadata: {name: apps}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: apps}
spec:
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: apps}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: db}}, podSelector: {matchLabels: {name: cache}}}]
    ports: [{port: 6379, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: other, namespace: db}
spec:
  podSelector: {matchLabels: {app: other}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {}}]
    ports: [{port: 6379, protocol: TCP}]
`;
const cachePolicy = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cache, namespace: db}
spec:
  podSelector: {matchLabels: {name: cache}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: apps}}, podSelector: {matchLabels: {app: client}}}]
    ports: [{port: 6379, protocol: TCP}]
`;

/** The same clusters for the reference evaluator. */
const nsIs = (name: string) => ({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In' as const, values: [name] }] });
const refPolicies: RefPolicy[] = [
  { name: 'client-egress', namespace: 'apps', spec: { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: nsIs('db'), podSelector: { matchLabels: { name: 'cache' } } }], ports: [{ protocol: 'TCP', port: 6379 }] }] } },
  { name: 'other', namespace: 'db', spec: { podSelector: { matchLabels: { app: 'other' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 6379 }] }] } },
];
const refCache: RefPolicy = { name: 'cache', namespace: 'db', spec: { podSelector: { matchLabels: { name: 'cache' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: nsIs('apps'), podSelector: { matchLabels: { app: 'client' } } }], ports: [{ protocol: 'TCP', port: 6379 }] }] } };
const namespaces = ['db', 'apps'].map((name) => ({ name, labels: {} }));
const BASE: RefCluster = { namespaces, pods: [], policies: refPolicies };
const HEAD: RefCluster = { namespaces, pods: [], policies: [...refPolicies, refCache] };

type Pair = { src: { id: string }; dst: { id: string }; base: JsonConns | null; head: JsonConns | null; opened: JsonConns | null; unchangedForSome?: JsonConns };

describe('a line whose only change is on label combinations with another policy’s selector', () => {
  const report = analyzeDiff([{ path: 'c.yaml', text: common }], [{ path: 'c.yaml', text: common + cachePolicy }]);
  const pairs = (JSON.parse(diffJson(report)) as { pairs: Pair[] }).pairs.filter((p) => p.src.id === 'apps/client[Deployment]');

  it('names the combination that opened, with its own sets, and no pair of the plain cache pods', () => {
    expect(pairs.map((p) => [p.dst.id, p.base, p.head, p.opened, p.unchangedForSome ?? null])).toEqual([
      ['db/[pod with {app=other,name=cache}]', null, { protocols: { TCP: [[6379, 6379]] } }, { protocols: { TCP: [[6379, 6379]] } }, null],
    ]);
  });

  it('says so in the headline and the line, without claiming the cache pods', () => {
    const text = diffText(report);
    expect(text).toMatch(/Opens db\/\[pod with \{app=other,name=cache\}\] to apps\/client on TCP 6379/);
    expect(text).toContain('  db/[pod with {app=other,name=cache}] now admits apps/client[Deployment] on TCP 6379, c.yaml:');
    expect(text).not.toMatch(/db\/\[pod with \{name=cache\}\] now admits/);
  });

  it('agrees with the reference for the pods of each name', () => {
    const client: Endpoint = { kind: 'pod', pod: { namespace: 'apps', name: 'c', labels: { app: 'client' }, ports: [] } };
    const at = (labels: Labels) => ({ kind: 'pod' as const, pod: { namespace: 'db', name: 'p', labels, ports: [] } });
    const change = (labels: Labels) => [isAllowed(BASE, client, at(labels), 'TCP', 6379), isAllowed(HEAD, client, at(labels), 'TCP', 6379)];
    // The plain cache pods keep TCP 6379; only those also labelled app=other gain it.
    expect(change({ name: 'cache' })).toEqual([true, true]);
    expect(change({ name: 'cache', app: 'other' })).toEqual([false, true]);
  });
});
