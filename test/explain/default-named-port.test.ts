/**
 * `diff --explain SRC DST` without `--port` toward pods the manifests do not hold: the default question
 * (every port number) cannot hold a port name (its number is unknown), so the port names the rules
 * mention are asked too, and a change on one of them is said, not "no change"
 * (repro explain-default-omits-named-port).
 */
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffJson } from '../../src/report/explain-json.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { answered } from '../helpers/explain-answers.js';

const WEB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: http}]}]
`;
const CLI_DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cli-deny-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cli}}
  policyTypes: [Egress]
`;
const files = (...texts: string[]) => texts.map((text, i) => ({ path: `p${i}.yaml`, text }));
const ASK = { from: 'shop/[pod with {app=cli}]', to: 'shop/[pod with {app=web}]' };

describe('diff --explain without --port toward pods the manifests do not hold', () => {
  it('says what the change opens on a port name the rules mention', () => {
    const r = answered(explainDiffFiles(files(WEB, CLI_DENY), files(WEB), { ...ASK, ports: [] }));
    expect(r.namedPorts).toEqual([{ name: 'http', protocol: 'TCP', opened: true, closed: false }]);
    const label = peerLabels(r.workloads);
    expect(explainDiffText(r, label).split('\n')[0]).toBe('shop/[pod with {app=cli}] => shop/[pod with {app=web}]: no change on numbered ports; the change opens TCP http (ask --port http)');
    expect(JSON.parse(explainDiffJson(r, label)).explain.namedPorts).toEqual({ opened: { TCP: ['http'] }, closed: {} });
  });

  it('closings too; no change on the name: nothing added', () => {
    const closed = answered(explainDiffFiles(files(WEB), files(WEB, CLI_DENY), { ...ASK, ports: [] }));
    expect(explainDiffText(closed, peerLabels(closed.workloads)).split('\n')[0]).toContain('no change on numbered ports; the change closes TCP http (ask --port http)');
    const same = answered(explainDiffFiles(files(WEB), files(WEB), { ...ASK, ports: [] }));
    expect(same.namedPorts).toBeUndefined();
    expect(explainDiffText(same, peerLabels(same.workloads)).split('\n')[0]).toMatch(/: no change$/);
  });
});
