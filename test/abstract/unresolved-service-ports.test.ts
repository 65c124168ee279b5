/**
 * A Service's `targetPort: http` toward pods the manifests do not hold is a port name the diff cannot
 * resolve either (their container ports are unknown): `abstractPeers.unresolvedNamedPorts` lists the
 * Service port beside the rules, with the position of the port entry, and every format says it.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { shopBehindIngress as shop } from '../helpers/shop-behind-ingress.js';

const files = (text: string) => [{ path: 's.yaml', text }];
const diff = (base: string, head: string) => analyzeDiff(files(base), files(head));
const services = (r: DiffReport) => (r.abstractPeers?.unresolvedNamedPorts ?? []).filter((u) => u.kind === 'service');
// The Service's port entry: `ports: [{name: web, port: 80, targetPort: ...}]` (shop-behind-ingress.ts).
const PORT_LINE = 24;
const apiPort = (side: 'base' | 'head') => ({ kind: 'service', side, service: 'shop/api', servicePort: 80, ingresses: ['shop/api'], direction: 'ingress', ports: ['TCP/http'], ref: { file: 's.yaml', line: PORT_LINE } });
const workload = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}
`;

describe('Service target port names toward pods the manifests do not hold', () => {
  it('a Service switched to targetPort: http is listed with the position of its port entry', () => {
    const r = diff(shop('{port: http}', '8443'), shop('{port: http}', 'http'));
    expect(services(r)).toEqual([apiPort('head')]);
    const json = diffJsonObject(r) as { abstractPeers: { unresolvedNamedPorts: unknown[] } };
    expect(json.abstractPeers.unresolvedNamedPorts).toContainEqual(apiPort('head'));
    const said = `Service shop/api port 80 (targetPort: TCP port named http, s.yaml:${PORT_LINE})`;
    expect(diffText(r)).toContain(`Services routing the ingress controller to them by a target port name: ${said}.`);
    expect(renderDiffMarkdown(r)).toContain(`Service shop/api port 80 (targetPort: TCP port named http, \`s.yaml:${PORT_LINE}\`)`);
  });

  it('a Service switched away from the name is listed as base had it', () => {
    const r = diff(shop('{port: http}', 'http'), shop('{port: http}', '8443'));
    expect(services(r)).toEqual([apiPort('base')]);
  });

  it('an unchanged Service is listed when the controller pair toward those pods changed (a rule now names the port)', () => {
    const r = diff(shop('{port: 9999}'), shop('{port: http}'));
    expect(services(r)).toEqual([apiPort('head')]);
    // The rules of the policy that changed are still listed, first.
    expect(r.abstractPeers?.unresolvedNamedPorts?.[0]).toMatchObject({ policy: 'shop/api', direction: 'ingress' });
    expect(r.abstractPeers?.unresolvedNamedPorts).toContainEqual(expect.objectContaining({ policy: 'shop/api', rule: 2, ports: ['TCP/http'] }));
  });

  it('an Ingress added in head toward an unchanged Service is listed', () => {
    const withoutIngress = shop('{port: http}').replace(/---\napiVersion: networking.k8s.io\/v1\nkind: Ingress[\s\S]*$/, '');
    const r = diff(withoutIngress, shop('{port: http}'));
    expect(services(r)).toEqual([apiPort('head')]);
  });

  it('nothing changed, a numeric target port, or pods a workload stands for: nothing listed', () => {
    expect(diff(shop('{port: http}'), shop('{port: http}')).abstractPeers?.unresolvedNamedPorts).toBeUndefined();
    expect(services(diff(shop('{port: 9999}', '8443'), shop('{port: 8443}', '8443')))).toEqual([]);
    expect(services(diff(shop('{port: http}', '8443', workload), shop('{port: http}', 'http', workload)))).toEqual([]);
  });
});
