/**
 * A change to the L7 or ICMP rules of a Cilium or Calico policy both sides hold is "Not analysed" under the verdict: reachdiff
 * reads a port rule with L7 rules as its whole L4 ports on both sides, so narrowing, widening or dropping
 * them read "No change", said only among the warnings (real-eval 23: an API policy's HTTP rules for
 * Prometheus, `GET ^/metrics$`, removed). Rules moved by an insertion, and policies added, get no note.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => `${n.ref?.file}:${n.ref?.line} ${n.message}`);

const app = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: dns}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: dns}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
const rule = (from: string, l7: string) => `    - fromEndpoints: [{matchLabels: {app: ${from}}}]\n      toPorts:\n        - ports: [{port: "8081", protocol: TCP}]\n${l7}`;
const metrics = '          rules:\n            http: [{method: GET, path: "^/metrics$"}]\n';
const policy = (...rules: string[]) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api, namespace: dns}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  ingress:\n${rules.join('')}`;

describe('L7 rules of a Cilium policy', () => {
  const base: Files = { 'deploy/app.yaml': app, 'deploy/netpol.yaml': policy(rule('prometheus', metrics)) };

  it('removed: no change at L4, and said as not analysed under the verdict', async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': policy(rule('prometheus', '')) }));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    const message =
      "Not analysed: the L7 rules of CiliumNetworkPolicy dns/api changed in deploy/netpol.yaml (gone or changed: base's ingress[0].toPorts[0].rules): reachdiff reads a rule with L7 rules as allowing its whole L4 ports on both sides, so what the change allows or denies within those ports (HTTP methods and paths, DNS names, Kafka topics) is in no analysis";
    expect(outside(report)).toEqual([`deploy/netpol.yaml:1 ${message}`]);
    const text = targetsText(report).split('\n');
    // Never a plain "No change": what was not analysed, at its line (report/targets-markdown.ts unanalysedInputs).
    expect(text[0]).toMatch(/^No change found in what was analysed; not analysed: the L7 rules of CiliumNetworkPolicy dns\/api changed in deploy\/netpol\.yaml:1 \(gone or changed: base's ingress\[0\]\.toPorts\[0\]\.rules\);/);
    expect(text[2]).toBe(`Note: ${message}.`);
  });

  it("changed: said at head's rules line", async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': policy(rule('prometheus', metrics.replace('GET', 'POST'))) }));
    expect(outside(report)).toEqual([expect.stringMatching(/^deploy\/netpol.yaml:10 Not analysed: the L7 rules of CiliumNetworkPolicy dns\/api changed in deploy\/netpol.yaml \(new or changed: ingress\[0\].toPorts\[0\].rules; gone or changed: base's ingress\[0\].toPorts\[0\].rules\)/)]);
  });

  it('moved by a rule inserted before them, or in a policy added: nothing said', async () => {
    const moved = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': policy(rule('grafana', ''), rule('prometheus', metrics)) }));
    expect(outside(moved)).toEqual([]);
    const added = await analyzeTargets(list({ 'deploy/app.yaml': app }), list(base));
    expect(outside(added)).toEqual([]);
  });

  it('ICMP rules added to a policy: said as not analysed (no analysis reads ICMP)', async () => {
    const icmp = '    - icmps: [{fields: [{type: 8, family: IPv4}]}]\n';
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': policy(rule('prometheus', metrics), icmp) }));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(outside(report)).toEqual([
      "deploy/netpol.yaml:12 Not analysed: the ICMP rules of CiliumNetworkPolicy dns/api changed in deploy/netpol.yaml (new or changed: ingress[1].icmps): reachdiff analyses TCP, UDP and SCTP only, so what the change allows or denies for ICMP (ping, path MTU discovery) is in no analysis",
    ]);
  });
});

describe('L7 and ICMP rules of a Calico policy', () => {
  const calico = (...rules: string[]) => `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: api, namespace: dns}\nspec:\n  selector: app == 'api'\n  types: [Ingress]\n  ingress:\n${rules.join('')}`;
  const allow = (http: string) => `    - action: Allow\n      protocol: TCP\n      source: {selector: app == 'prometheus'}\n      destination: {ports: [8081]}\n${http}`;
  const metrics = "      http: {methods: [GET], paths: [{exact: /metrics}]}\n";
  const ping = '    - action: Allow\n      protocol: ICMP\n      icmp: {type: 8}\n';
  const base: Files = { 'deploy/app.yaml': app, 'deploy/netpol.yaml': calico(allow(metrics)) };

  it('an http match removed: no change at L4, said as not analysed at base\'s line', async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': calico(allow('')) }));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(outside(report)).toEqual([expect.stringMatching(/^deploy\/netpol.yaml:1 Not analysed: the L7 rules of Calico NetworkPolicy dns\/api changed in deploy\/netpol.yaml \(gone or changed: base's ingress\[0\].http\): reachdiff reads a rule with L7 rules as allowing its whole L4 ports/)]);
  });

  it('an ICMP rule added: said at its line; the same rules in another order: nothing said', async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': calico(allow(metrics), ping) }));
    expect(outside(report)).toEqual([expect.stringMatching(/^deploy\/netpol.yaml:15 Not analysed: the ICMP rules of Calico NetworkPolicy dns\/api changed in deploy\/netpol.yaml \(new or changed: ingress\[1\]\): reachdiff analyses TCP, UDP and SCTP only/)]);
    const withPing: Files = { ...base, 'deploy/netpol.yaml': calico(allow(metrics), ping) };
    const reordered = await analyzeTargets(list(withPing), list({ ...base, 'deploy/netpol.yaml': calico(ping, allow(metrics)) }));
    expect(outside(reordered)).toEqual([]);
  });
});

/**
 * The same for the peers of a rule both sides hold that manifests cannot resolve (real-eval 24: a DNS name
 * added to a crowdsec policy's `toFQDNs`, read "No change", exit 0). A rule the change adds is said by its
 * fresh UNSUPPORTED_PEER warning instead, so it gets no second note.
 */
describe('peers manifests cannot resolve, in a Cilium policy both sides hold', () => {
  const fqdn = (...names: string[]) => `    - toFQDNs:\n${names.map((n) => `        - matchName: ${n}\n`).join('')}      toPorts:\n        - ports: [{port: "443", protocol: TCP}]\n`;
  const egress = (...rules: string[]) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api, namespace: dns}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  egress:\n${rules.join('')}`;
  const base: Files = { 'deploy/app.yaml': app, 'deploy/netpol.yaml': egress(fqdn('api.example.com')) };

  it('a DNS name added to a rule: said at the rule, naming the field', async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': egress(fqdn('api.example.com', 'hub.example.com')) }));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(outside(report)).toEqual([
      "deploy/netpol.yaml:7 Not analysed: the DNS names (toFQDNs) of CiliumNetworkPolicy dns/api changed in deploy/netpol.yaml (new or changed: egress[0].toFQDNs; gone or changed: base's egress[0].toFQDNs): reachdiff reads them as matching nothing on both sides, so what the change allows or denies toward them is in no analysis",
    ]);
  });

  it('a rule of them removed, and entities the manifests do not hold added to a rule: said', async () => {
    const removed = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': egress('    - toEntities: [world]\n') }));
    expect(outside(removed)).toEqual([expect.stringContaining("Not analysed: the DNS names (toFQDNs) of CiliumNetworkPolicy dns/api changed in deploy/netpol.yaml (gone or changed: base's egress[0].toFQDNs)")]);
    const entities = (list: string) => egress(`    - toEntities: [${list}]\n      toPorts:\n        - ports: [{port: "6443", protocol: TCP}]\n`);
    const host = await analyzeTargets(list({ ...base, 'deploy/netpol.yaml': entities('world') }), list({ ...base, 'deploy/netpol.yaml': entities('world, kube-apiserver') }));
    expect(outside(host)).toEqual([]);
    const more = await analyzeTargets(list({ ...base, 'deploy/netpol.yaml': entities('host') }), list({ ...base, 'deploy/netpol.yaml': entities('host, kube-apiserver') }));
    expect(outside(more)).toEqual([expect.stringContaining('Not analysed: the entities the manifests do not hold (toEntities: host, kube-apiserver) of CiliumNetworkPolicy dns/api changed')]);
  });

  it('a rule of them added, or moved by a rule inserted before it: no note of this kind', async () => {
    const added = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': egress(fqdn('api.example.com'), fqdn('hub.example.com')) }));
    expect(outside(added)).toEqual([]);
    const moved = await analyzeTargets(list(base), list({ ...base, 'deploy/netpol.yaml': egress('    - toEntities: [world]\n', fqdn('api.example.com')) }));
    expect(outside(moved)).toEqual([]);
  });

  it('entities changed in both directions: said once, naming only the entities the lists write (new-user trial 42)', async () => {
    const spec = (ingress: string, egressList?: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: agent, namespace: dns}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  ingress:\n    - fromEntities: [${ingress}]\n${egressList === undefined ? '' : `  egress:\n    - toEntities: [${egressList}]\n`}`;
    const report = await analyzeTargets(list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': spec('kube-apiserver, remote-node, host') }), list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': spec('kube-apiserver', 'cluster, kube-apiserver, world') }));
    const [note, ...rest] = outside(report);
    expect(rest).toEqual([]);
    expect(note).toContain('Not analysed: the entities the manifests do not hold (fromEntities: host, kube-apiserver, remote-node; toEntities: kube-apiserver) of CiliumNetworkPolicy dns/agent changed');
    expect(note.split('entities the manifests do not hold')).toHaveLength(2);
  });
});

/**
 * New-user trial 43: a port added to a Cilium rule whose only peers nothing here models (`fromEntities:
 * [kube-apiserver]`, `toFQDNs`, `toEntities: [host]`) read "✅ No change", exit 0, the rule listed only as
 * changed with no path change. Its peers are the same on both sides; its ports are what changed.
 */
describe('the ports of a Cilium rule whose peers manifests cannot resolve', () => {
  const spec = (ingressPorts: string, fqdnPorts: string, hostPorts: string) =>
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api, namespace: dns}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  ingress:\n    - fromEntities: [kube-apiserver]\n      toPorts:\n        - ports: [${ingressPorts}]\n  egress:\n    - toFQDNs: [{matchName: api.github.com}]\n      toPorts:\n        - ports: [${fqdnPorts}]\n    - toEntities: [host]\n      toPorts:\n        - ports: [${hostPorts}]\n`;
  const p = (port: string) => `{port: "${port}", protocol: TCP}`;
  const base = spec(p('8080'), p('443'), p('10250'));

  it('a port added to a fromEntities: [kube-apiserver] rule: not analysed, at the rule, never ✅', async () => {
    const report = await analyzeTargets(list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': base }), list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': spec(`${p('8080')}, ${p('12321')}`, p('443'), p('10250')) }));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(outside(report)).toEqual([
      "deploy/netpol.yaml:7 Not analysed: the ports of the rules naming entities the manifests do not hold (fromEntities: kube-apiserver) of CiliumNetworkPolicy dns/api changed in deploy/netpol.yaml (new or changed: ingress[0].fromEntities; gone or changed: base's ingress[0].fromEntities): reachdiff reads them as matching nothing on both sides, so what the change allows or denies toward them is in no analysis",
    ]);
    const md = renderTargetsMarkdown(report);
    expect(md).not.toContain('✅');
    expect(md).toContain('⚠️');
  });

  it('only the L7 rules of a toServices rule changed: said once, as L7 rules, not as its ports', async () => {
    const svc = (path: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api, namespace: dns}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  egress:\n    - toServices: [{k8sService: {serviceName: llm, namespace: ai}}]\n      toPorts:\n        - ports: [${p('80')}]\n          rules:\n            http: [{method: POST, ${path}}]\n`;
    const report = await analyzeTargets(list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': svc('pathRegex: "/chat/.*"') }), list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': svc('path: "/chat/.*"') }));
    expect(outside(report)).toEqual([expect.stringMatching(/^deploy\/netpol.yaml:10 Not analysed: the L7 rules of CiliumNetworkPolicy dns\/api changed in deploy\/netpol.yaml \(new or changed: egress\[0\].toPorts\[0\].rules; gone or changed: base's egress\[0\].toPorts\[0\].rules\)/)]);
    // A port added beside the same L7 rules is the rule's ports, said as ever.
    const port = svc('path: "/chat/.*"').replace(`[${p('80')}]`, `[${p('80')}, ${p('8080')}]`);
    const ports = await analyzeTargets(list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': svc('path: "/chat/.*"') }), list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': port }));
    expect(outside(ports)).toEqual([expect.stringContaining('Not analysed: the ports of the rules naming services (toServices) of CiliumNetworkPolicy dns/api changed')]);
  });

  it('ports changed on a toFQDNs rule and a toEntities: [host] rule: one note naming both', async () => {
    const report = await analyzeTargets(list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': base }), list({ 'deploy/app.yaml': app, 'deploy/netpol.yaml': spec(p('8080'), `${p('443')}, ${p('22')}`, '{port: "1024", endPort: 65535, protocol: TCP}') }));
    expect(outside(report)).toEqual([expect.stringMatching(/^deploy\/netpol.yaml:11 Not analysed: the ports of the rules naming DNS names \(toFQDNs\) and entities the manifests do not hold \(toEntities: host\) of CiliumNetworkPolicy dns\/api changed .*new or changed: egress\[0\].toFQDNs, egress\[1\].toEntities;/)]);
  });
});

describe('a policy in the templates of a Helm chart nothing renders', () => {
  // Modelled on a chart folder of one app whose template is a CiliumNetworkPolicy listing services by name.
  const cnp = (services: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: tunnel, namespace: tunnel}\nspec:\n  endpointSelector: {matchLabels: {app: tunnel}}\n  egress:\n    - toServices:\n${services}`;
  const service = (name: string) => `        - k8sService: {serviceName: ${name}, namespace: ${name}}\n`;
  const chart = (services: string): Files => ({ 'deploy/app.yaml': app, 'charts/tunnel/Chart.yaml': 'apiVersion: v2\nname: tunnel\nversion: 1.0.0\n', 'charts/tunnel/templates/cnp.yaml': cnp(services) });

  it('a service added: said once, as the chart not rendered, not as services read as matching nothing', async () => {
    const report = await analyzeTargets(list(chart(service('media'))), list(chart(service('media') + service('stream'))));
    const said = outside(report);
    expect(said).toEqual([expect.stringContaining('Not analysed: a changed file of Helm chart charts/tunnel, which is not rendered: charts/tunnel/templates/cnp.yaml.')]);
    expect(said.join('\n')).not.toContain('toServices');
  });
});
