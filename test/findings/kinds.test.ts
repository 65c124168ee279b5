/** Each finding kind: the case that must fire, and the near miss that must not. */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { computeConnectivity, peerId } from '../../src/engine/index.js';
import { app, cluster, deployment, manifests, namespace, policy } from '../engine/fixtures.js';
import { clusterDns, readFindingsConfig } from '../../src/findings/config.js';
import type { ConfigProblem } from '../../src/util/config-readers.js';
import { COREDNS, KUBE_SYSTEM, diffFindingsOf, findingsOf, keys, newCodes } from './support.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';

type Obj = Record<string, unknown>;

const denyEgress = (ns: string) => policy(ns, 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const toDns = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
const allowDns = (ns: string, ports: Obj[] = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }], to: Obj[] = [toDns]) =>
  policy(ns, 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to, ports }] });

describe('DNS_EGRESS_MISSING / DNS_TCP_MISSING', () => {
  it('a workload whose egress is isolated without a DNS rule cannot resolve names', () => {
    const f = findingsOf(cluster(KUBE_SYSTEM, COREDNS, denyEgress('default')));
    expect(keys(f, 'DNS_EGRESS_MISSING')).toEqual(['DNS_EGRESS_MISSING default/a[Deployment] dns', 'DNS_EGRESS_MISSING default/b[Deployment] dns']);
    const one = f.find((x) => x.code === 'DNS_EGRESS_MISSING')!;
    expect(one).toMatchObject({ severity: 'error', ref: { file: 'k8s.yaml' } });
    expect(one.message).toContain('default/deny-egress');
  });

  it('a hostNetwork workload gets a notice, never an error: policies may not apply to it and it may resolve through its node', () => {
    const exporter = deployment('default', 'node-exporter', { app: 'node-exporter' });
    const spec = (exporter.spec as Obj).template as Obj;
    (spec.spec as Obj).hostNetwork = true;
    const f = findingsOf(cluster(KUBE_SYSTEM, COREDNS, denyEgress('default'), exporter));
    const mine = f.filter((x) => x.code === 'DNS_EGRESS_MISSING').map((x) => `${x.subject} ${x.severity}`);
    expect(mine.sort()).toEqual(['default/a[Deployment] error', 'default/b[Deployment] error', 'default/node-exporter[Deployment] notice']);
    const notice = f.find((x) => x.subject === 'default/node-exporter[Deployment]' && x.code === 'DNS_EGRESS_MISSING')!;
    expect(notice.message).toContain('It uses hostNetwork');
    expect(notice.message).not.toContain('so name lookups fail');
  });

  it('an allow-dns rule on UDP and TCP 53 toward the DNS pods satisfies it (near miss)', () => {
    expect(keys(findingsOf(cluster(KUBE_SYSTEM, COREDNS, denyEgress('default'), allowDns('default'))), 'DNS_EGRESS_MISSING')).toEqual([]);
  });

  it('egress that is not isolated needs no DNS rule', () => {
    expect(keys(findingsOf(cluster(KUBE_SYSTEM, COREDNS)), 'DNS_EGRESS_MISSING')).toEqual([]);
  });

  it('UDP without TCP is the half-open case: large answers fail', () => {
    const f = findingsOf(cluster(KUBE_SYSTEM, COREDNS, denyEgress('default'), allowDns('default', [{ protocol: 'UDP', port: 53 }])));
    expect(keys(f, 'DNS_EGRESS_MISSING')).toEqual([]);
    expect(keys(f, 'DNS_TCP_MISSING')).toEqual(['DNS_TCP_MISSING default/a[Deployment] dns-tcp', 'DNS_TCP_MISSING default/b[Deployment] dns-tcp']);
    expect(f.find((x) => x.code === 'DNS_TCP_MISSING')!.severity).toBe('warning');
  });

  it('the DNS pods in the manifests count with their own ingress: a deny there blocks DNS', () => {
    const denyDnsIngress = policy('kube-system', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] });
    const f = findingsOf(cluster(KUBE_SYSTEM, COREDNS, denyDnsIngress, denyEgress('default'), allowDns('default')));
    expect(keys(f, 'DNS_EGRESS_MISSING')).toHaveLength(2);
  });

  it('without DNS pods in the manifests, the rules are judged against an abstract kube-dns pod', () => {
    expect(keys(findingsOf(cluster(denyEgress('default'))), 'DNS_EGRESS_MISSING')).toHaveLength(2);
    expect(keys(findingsOf(cluster(denyEgress('default'), allowDns('default'))), 'DNS_EGRESS_MISSING')).toEqual([]);
    // CoreDNS's port names resolve on the abstract pod.
    const named = allowDns('default', [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }]);
    expect(keys(findingsOf(cluster(denyEgress('default'), named)), 'DNS_')).toEqual([]);
    // A rule toward another namespace's pods does not reach it.
    const wrongNs = allowDns('default', undefined, [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }]);
    expect(keys(findingsOf(cluster(denyEgress('default'), wrongNs)), 'DNS_EGRESS_MISSING')).toHaveLength(2);
  });

  it('DNS can be configured: other labels, or node-local DNS addresses', () => {
    const custom = deployment('dns', 'resolver', { app: 'resolver' });
    const toCustom = allowDns('default', undefined, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: app('resolver') }]);
    const dns = { namespace: 'dns', podLabels: { app: 'resolver' }, cidrs: [], ports: [53] };
    expect(keys(findingsOf(cluster(custom, denyEgress('default'), toCustom), { dns }), 'DNS_EGRESS_MISSING')).toEqual([]);
    expect(keys(findingsOf(cluster(custom, denyEgress('default'), toCustom)), 'DNS_EGRESS_MISSING')).toHaveLength(2);
    const nodeLocal = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, cidrs: ['169.254.20.10/32'], ports: [53] };
    const toNodeLocal = allowDns('default', undefined, [{ ipBlock: { cidr: '169.254.20.10/32' } }]);
    expect(keys(findingsOf(cluster(denyEgress('default'), toNodeLocal), { dns: nodeLocal }), 'DNS_EGRESS_MISSING')).toEqual([]);
    expect(keys(findingsOf(cluster(denyEgress('default')), { dns: nodeLocal }), 'DNS_EGRESS_MISSING')).toHaveLength(2);
  });

  it('the DNS ports can be configured (OpenShift: the DNS pods listen on 5353)', () => {
    const toOpenshift = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } } }];
    const dns = { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, cidrs: [], ports: [5353] };
    const on = (port: number | string) => allowDns('default', [{ protocol: 'UDP', port }, { protocol: 'TCP', port }], toOpenshift);
    expect(keys(findingsOf(cluster(denyEgress('default'), on(5353)), { dns }), 'DNS_EGRESS_MISSING')).toEqual([]);
    const only53 = findingsOf(cluster(denyEgress('default'), on(53)), { dns });
    expect(keys(only53, 'DNS_EGRESS_MISSING')).toHaveLength(2);
    expect(only53.find((f) => f.code === 'DNS_EGRESS_MISSING')?.message).toContain('on UDP 5353 or TCP 5353');
    // CoreDNS's port names resolve to the configured port on the abstract DNS pod.
    expect(keys(findingsOf(cluster(denyEgress('default'), allowDns('default', [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }], toOpenshift)), { dns }), 'DNS_EGRESS_MISSING')).toEqual([]);
    // Several ports: any of them satisfies the check; the default stays 53.
    expect(keys(findingsOf(cluster(denyEgress('default'), on(53)), { dns: { ...dns, ports: [53, 5353] } }), 'DNS_EGRESS_MISSING')).toEqual([]);
    // Unconfigured, OpenShift's DNS is one of the well-known ones (below): 5353 toward openshift-dns reaches it.
    expect(keys(findingsOf(cluster(denyEgress('default'), on(5353))), 'DNS_EGRESS_MISSING')).toEqual([]);
  });

  it('findings.dns.ports is validated: a non-empty list of port numbers', () => {
    const read = (ports: unknown) => {
      const problems: ConfigProblem[] = [];
      const config = readFindingsConfig({ dns: { ports } }, 'findings', problems);
      return { ports: config.dns?.ports, problems: problems.map((p) => p.key) };
    };
    expect(read([5353, 53])).toEqual({ ports: [5353, 53], problems: [] });
    for (const bad of [[], [0], ['dns'], 5353, [70000], [53.5]]) expect(read(bad).problems).toEqual(['findings.dns.ports']);
    expect(clusterDns(readFindingsConfig({}, 'findings', [])).map((d) => d.ports)).toEqual([[53], [5353]]);
  });
});

describe('cluster DNS without configuration: kube-dns or OpenShift\'s', () => {
  const OPENSHIFT_PODS = { 'dns.operator.openshift.io/daemonset-dns': 'default' };
  const toOpenshiftDns = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } }, podSelector: { matchLabels: OPENSHIFT_PODS } }];
  const both = (port: number | string) => [{ protocol: 'UDP', port }, { protocol: 'TCP', port }];
  const dnsCodes = (f: readonly { code: string }[]) => f.filter((x) => x.code.startsWith('DNS_')).map((x) => x.code);
  const configured = (dns: unknown) => {
    const problems: ConfigProblem[] = [];
    const config = readFindingsConfig({ dns }, 'findings', problems);
    expect(problems).toEqual([]);
    return config;
  };

  it("real-eval 11 B (HomeLab e4980819): egress to openshift-dns's DNS pods on UDP/TCP 5353 reaches cluster DNS, no error", () => {
    const denyAll = policy('llm', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const allowDnsTraffic = policy('llm', 'allow-dns-traffic', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: toOpenshiftDns, ports: both(5353) }] });
    const server = deployment('llm', 'llm-server', { app: 'llm-server' }, [{ name: 'http', containerPort: 8080 }]);
    expect(newCodes(diffFindingsOf([denyAll, allowDnsTraffic], [denyAll, allowDnsTraffic, server])).filter((k) => k.startsWith('DNS_'))).toEqual([]);
    expect(dnsCodes(findingsOf(cluster(denyEgress('default'), allowDns('default', both(5353), toOpenshiftDns))))).toEqual([]);
    // CoreDNS's port names resolve to 5353 on OpenShift's abstract DNS pod.
    expect(dnsCodes(findingsOf(cluster(denyEgress('default'), allowDns('default', [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }], toOpenshiftDns))))).toEqual([]);
  });

  it('port 53 toward OpenShift\'s DNS pods does not reach DNS: they listen on 5353 (the Service maps 53 to it, policies see the pod port)', () => {
    const f = findingsOf(cluster(denyEgress('default'), allowDns('default', both(53), toOpenshiftDns)));
    expect(keys(f, 'DNS_EGRESS_MISSING')).toEqual(['DNS_EGRESS_MISSING default/a[Deployment] dns', 'DNS_EGRESS_MISSING default/b[Deployment] dns']);
    // The message names the DNS the rule was meant for, and its port.
    expect(f.find((x) => x.code === 'DNS_EGRESS_MISSING')!.message).toContain('cannot reach cluster DNS (openshift-dns/{dns.operator.openshift.io/daemonset-dns=default}) on UDP 5353 or TCP 5353');
    // UDP 5353 alone is the half-open case, about OpenShift's DNS.
    const half = findingsOf(cluster(denyEgress('default'), allowDns('default', [{ protocol: 'UDP', port: 5353 }], toOpenshiftDns)));
    expect(dnsCodes(half)).toEqual(['DNS_TCP_MISSING', 'DNS_TCP_MISSING']);
    expect(half.find((x) => x.code === 'DNS_TCP_MISSING')!.message).toContain('reaches cluster DNS (openshift-dns/{dns.operator.openshift.io/daemonset-dns=default}) on UDP 5353 but not on TCP 5353');
  });

  it('each DNS on its own ports: kube-system on 5353 or another namespace\'s pods with that label do not reach DNS', () => {
    const toKubeDns5353 = findingsOf(cluster(denyEgress('default'), allowDns('default', both(5353))));
    expect(keys(toKubeDns5353, 'DNS_EGRESS_MISSING')).toHaveLength(2);
    expect(toKubeDns5353.find((x) => x.code === 'DNS_EGRESS_MISSING')!.message).toContain('cannot reach cluster DNS (kube-system/{k8s-app=kube-dns}) on UDP 53 or TCP 53');
    const elsewhere = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: OPENSHIFT_PODS } }];
    expect(keys(findingsOf(cluster(denyEgress('default'), allowDns('default', both(5353), elsewhere))), 'DNS_EGRESS_MISSING')).toHaveLength(2);
  });

  it('nothing allowing either DNS: the error names kube-dns as before', () => {
    const f = findingsOf(cluster(denyEgress('default')));
    expect(keys(f, 'DNS_EGRESS_MISSING')).toHaveLength(2);
    expect(f.find((x) => x.code === 'DNS_EGRESS_MISSING')!.message).toContain('cannot reach cluster DNS (kube-system/{k8s-app=kube-dns}) on UDP 53 or TCP 53');
  });

  it('a configured findings.dns replaces the well-known ones', () => {
    const custom = configured({ namespace: 'dns', podLabels: { app: 'resolver' } });
    expect(keys(findingsOf(cluster(denyEgress('default'), allowDns('default', both(5353), toOpenshiftDns)), custom), 'DNS_EGRESS_MISSING')).toHaveLength(2);
    expect(keys(findingsOf(cluster(denyEgress('default'), allowDns('default')), custom), 'DNS_EGRESS_MISSING')).toHaveLength(2);
    // Keys left out are kube-dns's: ports alone moves kube-dns to 5353, and OpenShift's is not added.
    const ports = configured({ ports: [5353] });
    expect(keys(findingsOf(cluster(denyEgress('default'), allowDns('default', both(5353))), ports), 'DNS_EGRESS_MISSING')).toEqual([]);
    expect(keys(findingsOf(cluster(denyEgress('default'), allowDns('default', both(5353), toOpenshiftDns)), ports), 'DNS_EGRESS_MISSING')).toHaveLength(2);
  });
});

describe('PERMISSIVE_RULE', () => {
  const ingressFrom = (from: Obj[] | undefined, ports?: Obj[]) => policy('other', 'in', { podSelector: {}, ingress: [{ ...(from ? { from } : {}), ...(ports ? { ports } : {}) }] });

  it('namespaceSelector: {} admits every namespace; a labelled namespaceSelector does not fire', () => {
    expect(keys(findingsOf(cluster(ingressFrom([{ namespaceSelector: {} }], [{ port: 80 }]))), 'PERMISSIVE_RULE')).toEqual(['PERMISSIVE_RULE other/in ingress:every-namespace:namespaceSelector {} podSelector {}']);
    expect(keys(findingsOf(cluster(ingressFrom([{ namespaceSelector: { matchLabels: { team: 'x' } } }], [{ port: 80 }]))), 'PERMISSIVE_RULE')).toEqual([]);
  });

  it('0.0.0.0/0 and ::/0 admit every address; a narrower block does not fire', () => {
    const f = findingsOf(cluster(ingressFrom([{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], [{ port: 443 }])));
    expect(keys(f, 'PERMISSIVE_RULE')).toEqual(['PERMISSIVE_RULE other/in ingress:every-address:0.0.0.0/0', 'PERMISSIVE_RULE other/in ingress:every-address:::/0']);
    expect(keys(findingsOf(cluster(ingressFrom([{ ipBlock: { cidr: '10.0.0.0/8' } }], [{ port: 443 }]))), 'PERMISSIVE_RULE')).toEqual([]);
  });

  it('a rule without from is every peer; without from and ports it is allow-all', () => {
    expect(keys(findingsOf(cluster(ingressFrom(undefined, [{ port: 80 }]))), 'PERMISSIVE_RULE')).toEqual(['PERMISSIVE_RULE other/in ingress:any-peer']);
    expect(keys(findingsOf(cluster(ingressFrom(undefined))), 'PERMISSIVE_RULE')).toEqual(['PERMISSIVE_RULE other/in ingress:allow-all']);
  });

  it('every port on a sensitive workload, only when configured as sensitive and only without ports', () => {
    const rule = ingressFrom([{ podSelector: {} }]);
    const sensitive = [{ namespace: 'other' }];
    expect(keys(findingsOf(cluster(rule), { sensitive }), 'PERMISSIVE_RULE')).toEqual(['PERMISSIVE_RULE other/in ingress:every-port:other/c[Deployment]']);
    expect(keys(findingsOf(cluster(rule)), 'PERMISSIVE_RULE')).toEqual([]);
    expect(keys(findingsOf(cluster(ingressFrom([{ podSelector: {} }], [{ port: 5432 }])), { sensitive }), 'PERMISSIVE_RULE')).toEqual([]);
  });
});

describe('UNPROTECTED_WORKLOAD', () => {
  it('a workload no policy selects, per direction; a default-deny protects its namespace', () => {
    const deny = policy('default', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(keys(findingsOf(cluster(deny)), 'UNPROTECTED_WORKLOAD')).toEqual(['UNPROTECTED_WORKLOAD other/c[Deployment] egress', 'UNPROTECTED_WORKLOAD other/c[Deployment] ingress']);
    const ingressOnly = policy('other', 'deny', { podSelector: {} });
    expect(keys(findingsOf(cluster(deny, ingressOnly)), 'UNPROTECTED_WORKLOAD')).toEqual(['UNPROTECTED_WORKLOAD other/c[Deployment] egress']);
  });
});

describe('POLICY_SELECTS_NOTHING', () => {
  it('a podSelector requiring labels no pod has together, with the cause', () => {
    const f = findingsOf(cluster(deployment('default', 'db', { role: 'db' }), policy('default', 'deny', { podSelector: { matchLabels: { app: 'a', role: 'db' } }, policyTypes: ['Ingress'] })));
    expect(keys(f, 'POLICY_SELECTS_NOTHING')).toEqual(['POLICY_SELECTS_NOTHING default/deny app=a,role=db']);
    expect(f.find((x) => x.code === 'POLICY_SELECTS_NOTHING')!.message).toContain('no pod carries app=a and role=db together');
  });

  // Pods the manifests do not hold (an operator's Alertmanager) may carry the labels: the policy decides their
  // traffic, and the diff reports it (real-eval 8, kube-prometheus ea158da2: "so it has no effect" beside 5 closed paths).
  it('a selector that could match pods from elsewhere is not said to have no effect; it names the abstract peer', () => {
    const f = findingsOf(cluster(deployment('mon', 'grafana', { app: 'grafana' }), policy('mon', 'alertmanager', { podSelector: app('alertmanager'), policyTypes: ['Ingress'] })));
    const message = f.find((x) => x.code === 'POLICY_SELECTS_NOTHING')!.message;
    expect(message).toBe(
      'NetworkPolicy mon/alertmanager selects no workload of the manifests (podSelector {app=alertmanager} matches none of the 1 in mon), so it applies only to pods they do not hold (made by an operator, a chart or another repository: mon/[pod with {app=alertmanager}] in diff).',
    );
  });

  it('does not fire when a pod matches, or when the namespace has no workloads here (pods may come from elsewhere)', () => {
    expect(keys(findingsOf(cluster(policy('default', 'deny', { podSelector: app('a') }))), 'POLICY_SELECTS_NOTHING')).toEqual([]);
    expect(keys(findingsOf(cluster(policy('elsewhere', 'deny', { podSelector: app('x') }))), 'POLICY_SELECTS_NOTHING')).toEqual([]);
  });

  it('a selector that contradicts itself selects nothing anywhere', () => {
    const sel = { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] };
    const f = findingsOf(cluster(policy('elsewhere', 'deny', { podSelector: sel })));
    expect(keys(f, 'POLICY_SELECTS_NOTHING')).toHaveLength(1);
    expect(f.find((x) => x.code === 'POLICY_SELECTS_NOTHING')!.message).toMatch(/^NetworkPolicy elsewhere\/deny selects no pod \(podSelector .*contradict.*\), so it has no effect\.$/);
  });
});

describe('RULES_IGNORED_BY_POLICY_TYPES', () => {
  const egress = [{ to: [{ podSelector: app('b') }] }];
  it('egress rules in a policy whose policyTypes is only Ingress', () => {
    const f = findingsOf(cluster(policy('default', 'p', { podSelector: app('a'), policyTypes: ['Ingress'], egress })));
    expect(keys(f, 'RULES_IGNORED_BY_POLICY_TYPES')).toEqual(['RULES_IGNORED_BY_POLICY_TYPES default/p egress']);
  });
  it('does not fire when policyTypes names Egress, or when it is absent (defaulted from the rules)', () => {
    expect(keys(findingsOf(cluster(policy('default', 'p', { podSelector: app('a'), policyTypes: ['Ingress', 'Egress'], egress }))), 'RULES_IGNORED_BY_POLICY_TYPES')).toEqual([]);
    expect(keys(findingsOf(cluster(policy('default', 'p', { podSelector: app('a'), egress }))), 'RULES_IGNORED_BY_POLICY_TYPES')).toEqual([]);
  });
});

describe('PEER_SELECTS_NOTHING', () => {
  const egressTo = (to: Obj[]) => policy('default', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to }] });

  it("CoreDNS's pod label used as a namespace selector, named as the likely cause", () => {
    const f = findingsOf(cluster(egressTo([{ namespaceSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }])));
    expect(keys(f, 'PEER_SELECTS_NOTHING')).toHaveLength(1);
    expect(f.find((x) => x.code === 'PEER_SELECTS_NOTHING')!.message).toContain("CoreDNS's pod label used as a namespace selector");
  });

  it("OpenShift's DNS pod label used as a namespace selector is named the same way", () => {
    const f = findingsOf(cluster(egressTo([{ namespaceSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } } }])));
    expect(f.find((x) => x.code === 'PEER_SELECTS_NOTHING')!.message).toContain("CoreDNS's pod label used as a namespace selector");
  });

  it('a pod label of a workload here used as a namespace selector', () => {
    const f = findingsOf(cluster(egressTo([{ namespaceSelector: app('c') }])));
    expect(f.find((x) => x.code === 'PEER_SELECTS_NOTHING')!.message).toContain('uses a pod label');
  });

  it('a namespace selector matching no defined namespace; a name-only selector may name one defined elsewhere', () => {
    expect(keys(findingsOf(cluster(egressTo([{ namespaceSelector: { matchLabels: { team: 'nobody' } } }]))), 'PEER_SELECTS_NOTHING')).toHaveLength(1);
    expect(keys(findingsOf(cluster(egressTo([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]))), 'PEER_SELECTS_NOTHING')).toEqual([]);
  });

  it('a pod selector matching no pod of namespaces whose workloads are all here; none when they may be elsewhere', () => {
    expect(keys(findingsOf(cluster(egressTo([{ podSelector: app('zzz') }]))), 'PEER_SELECTS_NOTHING')).toEqual(['PEER_SELECTS_NOTHING default/out egress:podSelector {app=zzz}']);
    expect(keys(findingsOf(cluster(egressTo([{ podSelector: app('b') }]))), 'PEER_SELECTS_NOTHING')).toEqual([]);
    expect(keys(findingsOf(cluster(namespace('apps'), egressTo([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }, podSelector: app('zzz') }]))), 'PEER_SELECTS_NOTHING')).toEqual([]);
  });
});

describe('pods a Service fronts though no workload here carries its labels (an operator makes them from a custom resource)', () => {
  // kube-prometheus: a Prometheus object makes the prometheus-k8s pods; the manifests hold its Service and the policies for them.
  const fronting = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'prometheus-k8s', namespace: 'default' }, spec: { selector: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' }, ports: [{ port: 9090 }] } };
  const prometheus = { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } };
  const fromPrometheus = policy('default', 'in', { podSelector: app('a'), ingress: [{ from: [{ podSelector: prometheus }] }] });
  const forPrometheus = policy('default', 'prom', { podSelector: prometheus, ingress: [{ from: [{ podSelector: app('a') }] }] });

  it('a peer or a podSelector those pods match is not dead: no PEER_SELECTS_NOTHING, no POLICY_SELECTS_NOTHING', () => {
    expect(keys(findingsOf(cluster(fromPrometheus, forPrometheus)), 'PEER_SELECTS_NOTHING')).toHaveLength(1);
    expect(keys(findingsOf(cluster(fromPrometheus, forPrometheus)), 'POLICY_SELECTS_NOTHING')).toHaveLength(1);
    const f = findingsOf(cluster(fronting, fromPrometheus, forPrometheus));
    expect(keys(f, 'PEER_SELECTS_NOTHING')).toEqual([]);
    expect(keys(f, 'POLICY_SELECTS_NOTHING')).toEqual([]);
  });

  it("a selector asking for a label the Service's pods need not carry, or a Service of another namespace, still says it", () => {
    const other = policy('default', 'in', { podSelector: app('a'), ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } } }] }] });
    expect(keys(findingsOf(cluster(fronting, other)), 'PEER_SELECTS_NOTHING')).toHaveLength(1);
    const elsewhere = { ...fronting, metadata: { name: 'prometheus-k8s', namespace: 'monitoring' } };
    expect(keys(findingsOf(cluster(elsewhere, fromPrometheus)), 'PEER_SELECTS_NOTHING')).toHaveLength(1);
  });
});

describe('PEER_SELECTS_NOTHING: pods the manifests do not hold (abstract peers)', () => {
  const egressTo = (to: Obj[]) => policy('default', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to }] });
  const message = (objects: Obj[]) => findingsOf(objects).find((x) => x.code === 'PEER_SELECTS_NOTHING')?.message;
  const contradicting = { matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }, { key: 'team', operator: 'NotIn', values: ['a'] }] };

  it('a namespace selector no namespace here matches: no pod today, the pods of a namespace created later with those labels (as diff reports them), not "allows nothing"', () => {
    const text = message(cluster(egressTo([{ namespaceSelector: { matchLabels: { team: 'nobody' } } }])));
    expect(text).toContain('matches no namespace defined in the manifests, so this destination matches no pod the manifests hold; it would match the pods of a namespace created later with those labels ([namespace with {team=nobody}]/[all pods] in diff).');
    expect(text).not.toContain('allows nothing');
  });

  it('the likely causes keep their words, with the same correction (a pod label as namespace selector)', () => {
    const text = message(cluster(egressTo([{ namespaceSelector: app('c') }])));
    expect(text).toContain('uses a pod label (likely meant as a podSelector), so this destination matches no pod the manifests hold; it would match the pods of a namespace created later with those labels ([namespace with {app=c}]/[all pods] in diff)');
  });

  it('a pod selector no workload here matches: a pod created later with those labels would match', () => {
    const f = findingsOf(cluster(policy('default', 'in', { podSelector: app('a'), ingress: [{ from: [{ podSelector: app('zzz') }] }] })));
    expect(f.find((x) => x.code === 'PEER_SELECTS_NOTHING')?.message).toBe(
      'NetworkPolicy default/in ingress rule 1: podSelector {app=zzz} matches no pod in default, so this source matches no pod the manifests hold; it would match a pod created later with those labels (default/[pod with {app=zzz}] in diff).',
    );
  });

  it('a selector no label set satisfies still allows nothing, in the namespace part or the pod part', () => {
    expect(message(cluster(egressTo([{ namespaceSelector: contradicting }])))).toMatch(/matches no namespace \(its requirements on "team" contradict each other\), so this destination allows nothing\.$/);
    expect(message(cluster(egressTo([{ namespaceSelector: { matchLabels: { team: 'nobody' } }, podSelector: contradicting }])))).toMatch(/matches no pod \(its requirements on "team" contradict each other\), so this destination allows nothing\.$/);
    expect(message(cluster(egressTo([{ podSelector: contradicting }])))).toMatch(/, so this destination allows nothing\.$/);
  });

  it('diff agrees: the pods the finding names are reported opened when the rule is added', () => {
    const base = cluster(policy('default', 'out', { podSelector: {}, policyTypes: ['Egress'] }));
    const head = cluster(egressTo([{ namespaceSelector: { matchLabels: { team: 'nobody' } } }]));
    const files = (objects: Obj[]) => [{ path: 'k8s.yaml', text: manifests(...objects) }];
    const report = analyzeDiff(files(base), files(head));
    expect(report.pairs.filter((p) => p.opened).map((p) => peerId(p.dst))).toContain('[namespace with {team=nobody}]/[all pods]');
    expect(report.findings.find((f) => f.code === 'PEER_SELECTS_NOTHING')?.message).toContain('([namespace with {team=nobody}]/[all pods] in diff)');
  });
});

describe('UNKNOWN_NAMED_PORT', () => {
  const rule = (port: string) => policy('default', 'in', { podSelector: app('a'), ingress: [{ ports: [{ port }] }] });
  it('a named port no selected pod defines', () => {
    expect(keys(findingsOf(cluster(rule('metrics'))), 'UNKNOWN_NAMED_PORT')).toEqual(['UNKNOWN_NAMED_PORT default/in ingress:metrics/TCP']);
  });
  it('does not fire when the pod defines it', () => {
    const a = deployment('default', 'a', { app: 'a' }, [{ name: 'metrics', containerPort: 9090 }]);
    expect(keys(findingsOf([namespace('default'), a, rule('metrics')]), 'UNKNOWN_NAMED_PORT')).toEqual([]);
  });
});

describe('HALF_OPEN_EGRESS', () => {
  const out = policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: app('c') }], ports: [{ port: 80 }] }] });
  const denyIn = policy('other', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] });
  it('an egress allow toward pods whose ingress admits none of it', () => {
    const f = findingsOf(cluster(out, denyIn));
    expect(keys(f, 'HALF_OPEN_EGRESS')).toEqual(['HALF_OPEN_EGRESS default/a-out egress:namespaceSelector {team=x} podSelector {app=c}']);
    // The rule's own pods are named by the policy's podSelector, never as if the policy's name were a workload's.
    const half = f.find((x) => x.code === 'HALF_OPEN_EGRESS')!;
    expect(half.message).toMatch(/^NetworkPolicy default\/a-out egress rule 1 allows /);
    expect(half.message).toContain('from the pods it selects (app=a in namespace default)');
    expect(half.fix).toBe('Add an ingress rule on the destination admitting the pods with app=a of namespace default on those ports, or remove this egress entry.');
    expect(`${half.message} ${half.fix}`).not.toContain('pods of default/a-out');
  });
  it('does not fire when the destination admits it, or is not isolated', () => {
    const admit = policy('other', 'admit', { podSelector: app('c'), ingress: [{ from: [{ namespaceSelector: {}, podSelector: app('a') }], ports: [{ port: 80 }] }] });
    expect(keys(findingsOf(cluster(out, denyIn, admit)), 'HALF_OPEN_EGRESS')).toEqual([]);
    expect(keys(findingsOf(cluster(out)), 'HALF_OPEN_EGRESS')).toEqual([]);
  });
  it('names the first two refusing workloads, then how many more', () => {
    const c = (name: string) => deployment('other', name, { app: 'c' });
    const messageWith = (...extra: Obj[]) => findingsOf(cluster(out, denyIn, ...extra)).find((x) => x.code === 'HALF_OPEN_EGRESS')!.message;
    expect(messageWith()).toContain('but the ingress of other/c[Deployment] admits none of it');
    expect(messageWith(c('c2'))).toContain('but the ingress of other/c[Deployment] and other/c2[Deployment] admits none of it');
    expect(messageWith(c('c2'), c('c3'), c('c4'))).toContain('but the ingress of other/c[Deployment], other/c2[Deployment] and 2 more admits none of it');
  });
  it('an absent or empty podSelector prints as podSelector {}, never {{}} (fresh-user 18 P6)', () => {
    const toTeam = (peer: Obj) => policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ to: [peer], ports: [{ port: 80 }] }] });
    for (const peer of [{ namespaceSelector: { matchLabels: { team: 'x' } } }, { namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: {} }]) {
      const half = findingsOf(cluster(toTeam(peer), denyIn)).find((x) => x.code === 'HALF_OPEN_EGRESS')!;
      expect(half.message).toContain('allows traffic to namespaceSelector {team=x} podSelector {}, but');
      expect(half.object).toBe('egress:namespaceSelector {team=x} podSelector {}');
      expect(`${half.message} ${half.object}`).not.toContain('{{');
    }
  });
  it('fires when the destination admits other ports only', () => {
    const admit443 = policy('other', 'admit', { podSelector: app('c'), ingress: [{ from: [{ namespaceSelector: {}, podSelector: app('a') }], ports: [{ port: 443 }] }] });
    expect(keys(findingsOf(cluster(out, denyIn, admit443)), 'HALF_OPEN_EGRESS')).toHaveLength(1);
  });
});

describe('HALF_OPEN_INGRESS', () => {
  // other/c admits app=a of namespaces with team=y on 80; a's own egress is isolated and allows nothing to c.
  const admitA = policy('other', 'c-in', { podSelector: app('c'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: app('a') }], ports: [{ port: 80 }] }] });
  const denyOut = policy('default', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] });
  it('an ingress allow from pods whose egress allows none of it (new-user 35 #11)', () => {
    const f = findingsOf(cluster(admitA, denyOut));
    expect(keys(f, 'HALF_OPEN_INGRESS')).toEqual(['HALF_OPEN_INGRESS other/c-in ingress:namespaceSelector {} podSelector {app=a}']);
    const half = f.find((x) => x.code === 'HALF_OPEN_INGRESS')!;
    expect(half.severity).toBe('warning');
    expect(half.message).toBe(
      'NetworkPolicy other/c-in ingress rule 1 admits traffic from namespaceSelector {} podSelector {app=a}, but the egress of default/a[Deployment] allows none of it to the pods it selects (app=c in namespace other), so this allow is useless.',
    );
    expect(half.fix).toBe('Add an egress rule on the source allowing traffic to the pods with app=c of namespace other on those ports, or remove this ingress entry.');
    expect(keys(f, 'HALF_OPEN_EGRESS')).toEqual([]);
  });
  it('does not fire when a source allows it, or its egress is not isolated', () => {
    const allowOut = policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'x' } } }], ports: [{ port: 80 }] }] });
    expect(keys(findingsOf(cluster(admitA, denyOut, allowOut)), 'HALF_OPEN_INGRESS')).toEqual([]);
    expect(keys(findingsOf(cluster(admitA)), 'HALF_OPEN_INGRESS')).toEqual([]);
  });
  it('fires when the sources allow other ports only, and not when one source of several allows it', () => {
    const out443 = policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] });
    expect(keys(findingsOf(cluster(admitA, denyOut, out443)), 'HALF_OPEN_INGRESS')).toHaveLength(1);
    // A second app=a workload in a namespace whose egress is free: the rule admits something.
    const a2 = deployment('third', 'a2', { app: 'a' });
    expect(keys(findingsOf(cluster(namespace('third'), a2, admitA, denyOut)), 'HALF_OPEN_INGRESS')).toEqual([]);
  });
  it('a named port is the destination pod\'s: the source\'s egress to that number counts', () => {
    const c = deployment('other', 'c', { app: 'c' }, [{ name: 'http', containerPort: 8080 }]);
    const base = [namespace('default'), namespace('other', { team: 'x' }), deployment('default', 'a', { app: 'a' }), c, denyOut];
    const admitHttp = policy('other', 'c-in', { podSelector: app('c'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: app('a') }], ports: [{ port: 'http' }] }] });
    const out = (port: number) => policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ ports: [{ port }] }] });
    expect(keys(findingsOf([...base, admitHttp, out(8080)]), 'HALF_OPEN_INGRESS')).toEqual([]);
    expect(keys(findingsOf([...base, admitHttp, out(80)]), 'HALF_OPEN_INGRESS')).toHaveLength(1);
  });
  it('a source egress through an ipBlock that may hold pod addresses is not called useless (CNIs match pod IPs)', () => {
    const toNet = (cidr: string) => policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }] }] });
    expect(keys(findingsOf(cluster(admitA, denyOut, toNet('10.0.0.0/8'))), 'HALF_OPEN_INGRESS')).toEqual([]);
    expect(keys(findingsOf(cluster(admitA, denyOut, toNet('203.0.113.0/24'))), 'HALF_OPEN_INGRESS')).toHaveLength(1);
    // Cilium's CIDR rules never select its own endpoints: its toCIDR is no such hedge.
    const ciliumToNet = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'a-out', namespace: 'default' },
      spec: { endpointSelector: { matchLabels: { app: 'a' } }, egress: [{ toCIDR: ['10.0.0.0/8'] }] },
    };
    expect(keys(findingsOf(cluster(admitA, denyOut, ciliumToNet)), 'HALF_OPEN_INGRESS')).toHaveLength(1);
  });
  it('an AdminNetworkPolicy denying the sources\' egress counts as their egress refusing it', () => {
    const anp = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'no-out' },
      spec: { priority: 10, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } } }, egress: [{ name: 'deny', action: 'Deny', to: [{ namespaces: {} }] }] },
    };
    expect(keys(findingsOf(cluster(admitA, anp)), 'HALF_OPEN_INGRESS')).toHaveLength(1);
  });
});

describe('HALF_OPEN_EGRESS judges the destination\'s ingress alone', () => {
  it('an Admin Deny of the source\'s own egress is not blamed on a destination that admits it', () => {
    const out = policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: app('c') }], ports: [{ port: 80 }] }] });
    const admit = policy('other', 'admit', { podSelector: app('c'), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: app('a') }], ports: [{ port: 80 }] }] });
    const anp = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'no-out' },
      spec: { priority: 10, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } } }, egress: [{ name: 'deny', action: 'Deny', to: [{ namespaces: {} }] }] },
    };
    expect(keys(findingsOf(cluster(out, admit, anp)), 'HALF_OPEN_EGRESS')).toEqual([]);
  });
});

describe('MANIFEST_REJECTED', () => {
  it("the loader's errors are findings of severity error", () => {
    const f = findingsOf(cluster(policy('default', 'bad', { podSelector: {}, policyTypes: ['Sideways'] })));
    expect(f.filter((x) => x.code === 'MANIFEST_REJECTED').map((x) => x.severity)).toEqual(['error', 'error']);
  });
  it('valid manifests give none', () => {
    expect(keys(findingsOf(cluster(policy('default', 'ok', { podSelector: {} }))), 'MANIFEST_REJECTED')).toEqual([]);
  });
  it('the fix says what becomes of the object: a policy is left out, a workload is read without the bad field', () => {
    const bad = deployment('default', 'web', { app: 'web' });
    ((bad.spec as { template: { metadata: Record<string, unknown> } }).template.metadata).labels = 'app=web';
    const f = findingsOf(cluster(policy('default', 'bad', { podSelector: {}, policyTypes: ['Sideways'] }), bad)).filter((x) => x.code === 'MANIFEST_REJECTED');
    expect(f.map((x) => x.fix)).toEqual(f.map(() => expect.stringMatching(/^Correct the field (the message names|its errors? names? \([^)]+\)): the API server rejects the object as written \(reachdiff leaves such a policy out, and reads other objects without the bad field\)/)));
    // The policy's summary error names no field: its fix names the lines of the errors that do.
    const summary = f.find((x) => x.message.endsWith('would be rejected by the API server; it is not applied.'));
    expect(summary?.fix).toMatch(/^Correct the field its error names \(\S+:\d+\): /);
    expect(f.map((x) => x.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment default\/web: pod labels must be a map/), expect.stringMatching(/^NetworkPolicy default\/bad would be rejected/)]));
  });
  it('a document whose YAML does not parse gets a fix about its syntax, not about a field', () => {
    const loaded = loadManifests([{ path: 'k8s.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a\n' }]);
    const f = commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG, hostNetwork: loaded.hostNetwork });
    expect(f.map((x) => [x.code, x.subject, x.fix])).toEqual([['MANIFEST_REJECTED', 'YAML_SYNTAX', expect.stringMatching(/^Correct the YAML of this document, at this line or just before it/)]]);
  });
});

describe('PERMISSIVE_RULE on a Cilium policy', () => {
  const cnp = (spec: Obj): Obj => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'p', namespace: 'default' }, spec: { endpointSelector: { matchLabels: { app: 'a' } }, ...spec } });
  it("is said in the policy's own fields (toEntities world, toPorts-only, cluster), not a NetworkPolicy's ipBlock, from or namespaceSelector; same identity", () => {
    const f = findingsOf(
      cluster(
        cnp({
          egress: [{ toEntities: ['world'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }],
          ingress: [{ toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }, { fromEntities: ['cluster'] }],
        }),
      ),
    ).filter((x) => x.code === 'PERMISSIVE_RULE');
    expect(keys(f).sort()).toEqual([
      'PERMISSIVE_RULE default/p[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0, ::/0',
      'PERMISSIVE_RULE default/p[CiliumNetworkPolicy] ingress:any-peer',
      'PERMISSIVE_RULE default/p[CiliumNetworkPolicy] ingress:every-namespace:namespaceSelector {} podSelector {}',
    ]);
    for (const x of f) expect(`${x.message} ${x.fix}`).not.toMatch(/ipBlock|`from`|namespaceSelector|podSelector/);
    expect(f.map((x) => x.message).sort()).toEqual([
      expect.stringContaining('egress rule 1 selects every address outside the cluster (0.0.0.0/0, ::/0: `toEntities: [world]` or a /0 CIDR)'),
      expect.stringContaining('ingress rule 1 has no `fromEndpoints`, `fromCIDR` or `fromEntities` (only `toPorts`)'),
      expect.stringContaining('ingress rule 2 selects every pod of every namespace (`fromEntities: [cluster]`'),
    ]);
  });
});
