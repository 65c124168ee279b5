/**
 * A rule-peer line whose change is a port name tells which of the peer's pods did not get it: a Kustomize
 * `commonLabels: {env: prod}` narrows `from: app=worker` on `port: http` to the env=prod workers, so only
 * the other workers lose http toward the api pods the manifests do not hold. Before, port names were not
 * asked and the line said every app=worker pod lost it, while `diff --explain` said the env=prod ones
 * kept it (fresh-user trial P14).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

/** A Deployment in shop of pods labelled `app: <name>, env: prod`. */
const deployment = (name: string, containers: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, env: prod}}
    spec:
      containers: ${containers}
`;

const workloads = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
${deployment('api', '[{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]')}${deployment('worker', '[{name: w, image: w}]')}`;
const policy = (labels: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api${labels}}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: worker${labels}}}}]
      ports: [{port: http}]
`;

describe('port names asked for a rule peer line', () => {
  const report = analyzeDiff([{ path: 'c.yaml', text: workloads + policy('') }], [{ path: 'c.yaml', text: workloads + policy(', env: prod') }]);
  it('takes out the pods that keep the named port', () => {
    const closed = report.pairs.filter((p) => p.closed && p.dst.type === 'pods' && p.dst.peer.id === 'shop/[pod with {app=api,env=prod}]');
    expect(closed.map((p) => (p.src.type === 'pods' ? [p.src.peer.id, (p.src.except ?? []).map((e) => e.id)] : p.src.type))).toEqual([
      ['shop/[pod with {app=worker}]', ['shop/[pod with {app=worker,env=prod}]']],
    ]);
    // The rule's line joins the workload's clause and this one; the other end, the same, is named once (abstract-groups.ts).
    expect(diffText(report)).toContain(
      'shop/api[Deployment] no longer admits shop/[pod with {app=worker}] (except those with {env=prod}) on TCP 8080; shop/[pod with {app=api,env=prod}] no longer admits the same peers on TCP http',
    );
  });
});
