/**
 * Toward pods the manifests do not hold (their container ports unknown), explain speaks of port names as
 * names: a near miss asked by a name says the rule lists other numbers or names ("port TCP http not in
 * [TCP 8080]: the rule admits it only if numbered 8080"), never the name's missing numbers; asked by a
 * number, a rule's port names are unknown numbers there, not "not defined"; and the ingress controller's
 * route to such pods through a Service `targetPort: http` leads there on "TCP http", with the verdict by
 * that name when asked `--port http`.
 */
import type { SideAnswer } from '../../src/analysis/explain-run.js';
import { explainFiles } from '../../src/analysis/explain-run.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { explainJson } from '../../src/report/explain-json.js';
import { explainText } from '../../src/report/explain-text.js';
import { mismatchText } from '../../src/report/mismatch-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { answered, explanation } from '../helpers/explain-answers.js';
import { shopBehindIngress } from '../helpers/shop-behind-ingress.js';

const shop = (controllerPorts: string) => shopBehindIngress(controllerPorts);

const WEB = 'shop/[pod with {app=web}]';
const API = 'shop/[pod with {app=api}]';
const files = (text: string): ManifestFile[] => [{ path: 'shop.yaml', text }];

/** The near-miss lines of the ingress direction, per rule (1-based). */
function nearMisses(a: SideAnswer): Record<number, string[]> {
  const d = explanation(a).directions.find((x) => x.direction === 'ingress')!;
  return Object.fromEntries(d.nearMisses.map((m) => [m.rule + 1, m.mismatches.map((x) => mismatchText(x, 'ingress'))]));
}

describe('near misses toward an abstract destination speak in port names', () => {
  const cluster = files(shop('{port: 443}'));

  it('asked by a name: the rule lists other numbers (it admits the name only if so numbered) or other names, not the name', () => {
    const r = answered(explainFiles(cluster, { from: WEB, to: API, ports: ['http'] }));
    expect(explanation(r.answer).verdict).toBe('partly');
    const misses = nearMisses(r.answer);
    expect(misses[1]).toEqual(['port TCP http not in [TCP 8080]: the rule admits it only if numbered 8080']);
    expect(misses[2]).toContain('port TCP http not in [metrics/TCP]');
    const text = explainText(r, peerLabels(r.workloads));
    expect(text).not.toMatch(/not in \[[^\]]*\]; named port .* not defined/);
    expect(text).not.toContain('port TCP 1-8079');
    const json = JSON.parse(explainJson(r, peerLabels(r.workloads)));
    const ingress = json.explain.directions.find((d: { direction: string }) => d.direction === 'ingress');
    const rule2 = ingress.nearMisses.find((m: { rule: number }) => m.rule === 1).mismatches.find((x: { kind: string }) => x.kind === 'ports');
    expect(rule2).toMatchObject({ portName: 'http', regionNames: ['metrics/TCP'], unresolved: [] });
  });

  it('asked by a number: a rule port name is a number unknown on these pods (ask it by name), not "not defined"', () => {
    const r = answered(explainFiles(cluster, { from: WEB, to: API, ports: ['9090'] }));
    const misses = nearMisses(r.answer);
    expect(misses[1]).toEqual(['port TCP 9090 not in [TCP 8080]']);
    expect(misses[2]).toContain('port TCP 9090 not in [metrics/TCP]; port name metrics/TCP: its number on these pods unknown (ask with --port metrics)');
  });

  it('toward a workload, names resolve on its containers as before', () => {
    const withPod = `${shop('{port: 443}')}---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 8443, name: http}]}]}
`;
    const r = answered(explainFiles(files(withPod), { from: WEB, to: 'shop/api', ports: ['http'] }));
    expect(r.query.portName).toBeUndefined();
    expect(nearMisses(r.answer)[1]).toEqual(['port TCP 8443 not in [TCP 8080]']);
    expect(nearMisses(r.answer)[2]).toContain('port TCP 8443 not in []; named port metrics/TCP is not defined on the destination');
  });
});

describe('the ingress controller toward an abstract destination, by port name', () => {
  it('the route leads there on TCP http (a named target port), and says how to ask it', () => {
    const r = answered(explainFiles(files(shop('{port: http}')), { from: '{ingress-controller}', to: API, ports: [] }));
    expect(explanation(r.answer).route?.names).toEqual([{ protocol: 'TCP', name: 'http' }]);
    expect(explainText(r, peerLabels(r.workloads))).toContain('leads there on TCP http (named target port, number unknown on these pods: ask with --port http)');
    const json = JSON.parse(explainJson(r, peerLabels(r.workloads)));
    expect(json.explain.route).toMatchObject({ namedPorts: { TCP: ['http'] } });
  });

  it('asked --port http: ALLOWED where a rule admitting every pod names it, whatever its number', () => {
    const r = answered(explainFiles(files(shop('{port: http}')), { from: '{ingress-controller}', to: API, ports: ['http'] }));
    expect(explanation(r.answer).verdict).toBe('allowed');
    const text = explainText(r, peerLabels(r.workloads));
    expect(text).toContain('on TCP http: ALLOWED');
    expect(text).toContain('leads there on TCP http\n');
  });

  it('asked --port http where the rule lists a number: allowed only if the port is so numbered', () => {
    const r = answered(explainFiles(files(shop('{port: 8443}')), { from: '{ingress-controller}', to: API, ports: ['http'] }));
    expect(explanation(r.answer).verdict).toBe('partly');
    expect(explainText(r, peerLabels(r.workloads))).toContain('allowed: TCP http if numbered 8443');
  });

  it('asked by a name the route does not carry: denied (the controller sends only to the target port)', () => {
    const r = answered(explainFiles(files(shop('{port: grpc}')), { from: '{ingress-controller}', to: API, ports: ['grpc'] }));
    expect(explanation(r.answer).verdict).toBe('denied');
  });
});
