/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (L3/L4) through the one tiered evaluator:
 * allow rules join the NetworkPolicy tier, deny rules come before every allow (docs/cilium.md).
 * Hand-written fixtures; each case fails with Cilium's kinds unmodelled (no isolation, no deny).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import { analyzeYaml, lines } from '../helpers/analyze.js';
import { WORLD } from '../helpers/tier-world.js';

const cnp = (name: string, ns: string, spec: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

const ccnp = (name: string, spec: string) => `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: ${name}}
spec:
${spec}`;

const to = (l: string[], dst: string) => l.filter((x) => x.split(' => ')[1].startsWith(dst)).sort();
const from = (l: string[], src: string) => l.filter((x) => x.startsWith(src)).sort();
const run = (...docs: string[]) => analyzeYaml([WORLD, ...docs].join('---\n'));

describe('CiliumNetworkPolicy selectors and namespaces', () => {
  it('endpointSelector and fromEndpoints without a namespace label stay in the policy namespace; io.kubernetes.pod.namespace (k8s: prefix) names another', () => {
    const a = run(
      cnp('api-in', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: other, any:app: client}}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`),
    );
    expect(to(lines(a), 'shop/api')).toEqual([
      'other/client[Deployment] => shop/api[Deployment] : TCP 443',
      'shop/web[Deployment] => shop/api[Deployment] : All Connections',
    ]);
    // other/api has the same labels as shop/api but is not in the policy's namespace: still open.
    expect(to(lines(a), 'other/api')).toContain('shop/web[Deployment] => other/api[Deployment] : All Connections');
    expect(to(lines(a), 'other/api')).toContain('0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => other/api[Deployment] : All Connections');
  });

  it('a CiliumClusterwideNetworkPolicy has no implicit namespace; io.cilium.k8s.namespace.labels.<key> and matchExpressions on the namespace label select namespaces', () => {
    const a = run(
      ccnp('db-in', `  endpointSelector:
    matchLabels: {app: db}
    matchExpressions: [{key: k8s:io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}]
  ingress:
    - fromEndpoints: [{matchLabels: {app: api}}]
    - fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: data}}]
`),
    );
    // (data/db to itself is allowed too, by the namespace-label rule: lists leave self pairs out.)
    expect(to(lines(a), 'data/db')).toEqual([
      'other/api[Deployment] => data/db[Deployment] : All Connections',
      'shop/api[Deployment] => data/db[Deployment] : All Connections',
    ]);
  });

  it('namespace labels in a CiliumNetworkPolicy are ignored, as Cilium does, with a warning at the line', () => {
    const a = run(cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: data}}]
`));
    // The fromEndpoints item: line 7 of the policy, which starts after WORLD and its separator.
    const line = `${WORLD}---\n`.split('\n').length + 6;
    expect(a.json.warnings.find((w) => w.code === 'UNSUPPORTED_FIELD')).toMatchObject({ line, message: expect.stringContaining('io.cilium.k8s.namespace.labels.team') });
    // Read without the requirement: every pod of shop.
    expect(to(lines(a), 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : All Connections']);
  });
});

describe('default deny and allow rules', () => {
  it('ingress: [{}] isolates and allows nothing (Cilium "Ingress/Egress Default Deny"); an empty ingress list does not apply', () => {
    const isolated = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{}]\n'));
    const none = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: []\n'));
    const base = run();
    expect(to(lines(isolated), 'shop/api')).toEqual([]);
    expect(to(lines(none), 'shop/api')).toEqual(to(lines(base), 'shop/api'));
    expect(isolated.connectivity.diagnostics.length + isolated.loaded.diagnostics.length).toBe(0);
  });

  it('a rule with neither peers nor toPorts allows and denies nothing: with enableDefaultDeny false the policy changes nothing', () => {
    const base = run();
    const audit = run(ccnp('audit', '  endpointSelector: {}\n  enableDefaultDeny: {ingress: false, egress: false}\n  ingress: [{}]\n  egress: [{}]\n'));
    const isolating = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]\n'));
    // With the policy above, an audit-style allow-nothing rule added alongside opens nothing.
    const both = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]\n'), ccnp('audit', '  endpointSelector: {}\n  enableDefaultDeny: {ingress: false, egress: false}\n  ingress: [{}]\n  egress: [{}]\n'));
    const denyNothing = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEndpoints: [{}]}]\n  ingressDeny: [{}]\n'));
    expect(lines(audit)).toEqual(lines(base));
    expect(to(lines(both), 'shop/api')).toEqual(to(lines(isolating), 'shop/api'));
    expect(to(lines(both), 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : All Connections']);
    expect(to(lines(denyNothing), 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : All Connections']);
  });

  it('an explicitly empty peer list selects nothing: the pod is isolated, nothing allowed', () => {
    const a = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEntities: []}]\n'));
    expect(to(lines(a), 'shop/api')).toEqual([]);
  });

  it('toPorts-only rules match every peer; ANY is TCP, UDP and SCTP; endPort and named ports', () => {
    const a = run(cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: web}}
  ingress:
    - toPorts: [{ports: [{port: "53"}, {port: "9000", endPort: 9010, protocol: TCP}, {port: http, protocol: TCP}]}]
`));
    expect(to(lines(a), 'shop/web')).toContain('other/client[Deployment] => shop/web[Deployment] : SCTP 53,TCP 53,8080,9000-9010,UDP 53');
    expect(to(lines(a), 'shop/web')).toContain('0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => shop/web[Deployment] : SCTP 53,TCP 53,8080,9000-9010,UDP 53');
  });

  it('a toPorts entry without ports (L7 rules written without the ports they apply to) allows nothing, with a warning at its line; the rule\'s other entries still count', () => {
    const a = run(cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
      toPorts: [{rules: {http: [{method: GET}]}}]
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: other}}]
      toPorts: [{rules: {http: [{method: GET}]}}, {ports: [{port: "443", protocol: TCP}]}]
  egressDeny:
    - toEntities: [world]
      toPorts: [{}]
`));
    // Cilium makes a port filter per listed port only: web gets nothing, other/* TCP 443; the deny denies nothing
    // (its pods are still in default deny for egress: a deny rule isolates by default).
    expect(to(lines(a), 'shop/api')).toEqual(['other/api[Deployment] => shop/api[Deployment] : TCP 443', 'other/client[Deployment] => shop/api[Deployment] : TCP 443']);
    const at = (n: number) => `${WORLD}---\n`.split('\n').length + n - 1;
    expect(a.json.warnings.filter((w) => w.code === 'MISSING_FIELD').map((w) => [w.line, w.message.replace(/^.*?: spec\./, '')])).toEqual([
      [at(8), 'ingress[0].toPorts[0] has no `ports`: Cilium matches a toPorts entry by its ports only, so it allows nothing'],
      [at(10), 'ingress[1].toPorts[0] has no `ports`: Cilium matches a toPorts entry by its ports only, so it allows nothing'],
      [at(13), 'egressDeny[0].toPorts[0] has no `ports`: Cilium matches a toPorts entry by its ports only, so it denies nothing'],
    ]);
    // A toPorts-only rule whose entry lists no port allows nothing: not a PERMISSIVE_RULE (it was, read as every port).
    const only = analyzeDiff([], [{ path: 'k8s.yaml', text: [WORLD, cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{toPorts: [{rules: {http: [{method: GET}]}}]}]\n')].join('---\n') }], {});
    expect(only.findings.filter((f) => f.code === 'PERMISSIVE_RULE')).toEqual([]);
  });

  it('protocol ANY (or none) is TCP, UDP and SCTP, as Cilium\'s PortProtocol says ("any protocols with transport ports"), in allow and deny rules', () => {
    const a = run(cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  enableDefaultDeny: {egress: false}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
      toPorts: [{ports: [{port: "5000", protocol: ANY}, {port: "6000"}]}]
  egressDeny:
    - toEndpoints: [{matchLabels: {app: web}}]
      toPorts: [{ports: [{port: "7000", protocol: any}]}]
`));
    expect(to(lines(a), 'shop/api')).toEqual(['shop/web[Deployment] => shop/api[Deployment] : SCTP 5000,6000,TCP 5000,6000,UDP 5000,6000']);
    // VRRP and IGMP (newer Cilium) have no transport ports: not analysed, a warning; the port matches none of the three.
    const vrrp = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEndpoints: [{}], toPorts: [{ports: [{port: "0", protocol: VRRP}]}]}]\n'));
    expect(to(lines(vrrp), 'shop/api')).toEqual([]);
    expect(vrrp.json.warnings.map((w) => [w.code, w.message.replace(/^.*ports\[0\]: /, '')])).toEqual([['UNSUPPORTED_FIELD', 'protocol VRRP is not analysed (only TCP, UDP and SCTP); this port matches none of them']]);
    expect(from(lines(a), 'shop/api')).toContain('shop/api[Deployment] => shop/web[Deployment] : SCTP 1-6999,7001-65535,TCP 1-6999,7001-65535,UDP 1-6999,7001-65535');
  });

  it('CIDR rules (with except) and entities: world is every outside address, cluster every pod, never the other', () => {
    const a = run(cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  egress:
    - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]
    - toCIDR: [192.0.2.1/32]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
    - toEntities: [cluster]
      toPorts: [{ports: [{port: "53", protocol: UDP}]}]
`));
    const out = from(lines(a), 'shop/api');
    expect(out).toContain('shop/api[Deployment] => data/db[Deployment] : UDP 53');
    expect(out.filter((l) => !l.includes('[Deployment] :'))).toEqual([
      'shop/api[Deployment] => 10.0.0.0-10.0.255.255,10.2.0.0-10.255.255.255 : All Connections',
      'shop/api[Deployment] => 192.0.2.1-192.0.2.1 : TCP 443',
    ]);
    const world = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  egress: [{toEntities: [world]}]\n'));
    expect(from(lines(world), 'shop/api')).toEqual(['shop/api[Deployment] => 0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections']);
  });

  it('enableDefaultDeny false: the allows add to other policies, the pods stay open by this one', () => {
    const open = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  enableDefaultDeny: {egress: false}\n  egress: [{toEndpoints: [{matchLabels: {app: web}}]}]\n'));
    expect(from(lines(open), 'shop/api')).toEqual(from(lines(run()), 'shop/api'));
    // With a NetworkPolicy isolating the same pods for egress, its allow is what they may reach.
    const denyEgress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-egress, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
    const joined = run(denyEgress, cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  enableDefaultDeny: {egress: false}\n  egress: [{toEndpoints: [{matchLabels: {app: web}}]}]\n'));
    expect(from(lines(joined), 'shop/api')).toEqual(['shop/api[Deployment] => shop/web[Deployment] : All Connections']);
  });

  it('a deny-only policy puts its pods in default deny that way (enableDefaultDeny defaults to true for ingressDeny)', () => {
    const a = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingressDeny: [{fromEndpoints: [{matchLabels: {app: web}}]}]\n'));
    expect(to(lines(a), 'shop/api')).toEqual([]);
    const kept = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEndpoints: [{matchLabels: {app: web}}]}]\n'));
    expect(to(lines(kept), 'shop/api')).not.toContain('shop/web[Deployment] => shop/api[Deployment] : All Connections');
    expect(to(lines(kept), 'shop/api')).toContain('other/client[Deployment] => shop/api[Deployment] : All Connections');
  });
});

describe('deny rules with named ports', () => {
  it('a named port with a protocol denies that protocol only (found by the property test against the reference)', () => {
    const a = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: web}}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{toPorts: [{ports: [{port: http, protocol: UDP}]}]}]\n'));
    expect(to(lines(a), 'shop/web')).toContain('shop/api[Deployment] => shop/web[Deployment] : All Connections');
    const tcp = run(cnp('p', 'shop', '  endpointSelector: {matchLabels: {app: web}}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{toPorts: [{ports: [{port: http}]}]}]\n'));
    expect(to(lines(tcp), 'shop/web')).toContain('shop/api[Deployment] => shop/web[Deployment] : SCTP 1-65535,TCP 1-8079,8081-65535,UDP 1-65535');
  });
});

describe('with Kubernetes NetworkPolicies', () => {
  const np = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-client, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}, podSelector: {matchLabels: {app: client}}}], ports: [{port: 80}]}]
`;
  it('a namespace with both: the allows add up, either isolates', () => {
    const a = run(np, cnp('api-from-web', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: "8443", protocol: TCP}]}]}]\n'));
    expect(to(lines(a), 'shop/api')).toEqual(['other/client[Deployment] => shop/api[Deployment] : TCP 80', 'shop/web[Deployment] => shop/api[Deployment] : TCP 8443']);
  });

  it('a Cilium deny wins over a NetworkPolicy allow', () => {
    const a = run(np, cnp('no-client', 'shop', '  endpointSelector: {}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: other}}]}]\n'));
    expect(to(lines(a), 'shop/api')).toEqual([]);
  });
});

describe('what manifests cannot say is a warning at its line, never a silent pass', () => {
  it('toFQDNs, host entity, L7 rules, fromRequires, nodeSelector', () => {
    const a = run(
      cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  egress:
    - toFQDNs: [{matchName: example.com}]
    - toEntities: [kube-apiserver]
    - toEndpoints: [{}]
      toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]
  ingress:
    - fromRequires: [{matchLabels: {env: prod}}]
`),
      ccnp('host', '  nodeSelector: {}\n  ingress: [{fromEntities: [cluster]}]\n'),
    );
    const w = a.json.warnings.filter((x) => ['UNSUPPORTED_PEER', 'UNSUPPORTED_FIELD'].includes(x.code)).map((x) => `${x.line} ${x.code} ${x.message.split(':').slice(0, 3).join(':')}`);
    expect(w).toEqual([
      expect.stringMatching(/^\d+ UNSUPPORTED_PEER .*egress\[0\]\.toFQDNs/),
      expect.stringMatching(/^\d+ UNSUPPORTED_PEER .*egress\[1\]\.toEntities/),
      expect.stringMatching(/^\d+ UNSUPPORTED_FIELD .*egress\[2\]\.toPorts\[0\]\.rules/),
      expect.stringMatching(/^\d+ UNSUPPORTED_FIELD .*ingress\[0\]\.fromRequires/),
      expect.stringMatching(/^\d+ UNSUPPORTED_FIELD .*nodeSelector/),
    ]);
    // The L7 rule is read as its L4 part; the requires-only rule grants nothing.
    expect(from(lines(a), 'shop/api')).toContain('shop/api[Deployment] => shop/web[Deployment] : TCP 80');
    expect(to(lines(a), 'shop/api')).toEqual([]);
  });

  it('entities manifests do not hold: one warning per field at its line, naming each, not one per entity', () => {
    const a = run(
      cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEntities:
        - host
        - remote-node
        - ingress
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
  egress:
    - toEntities: [world, kube-apiserver]
`),
    );
    const at = (n: number) => `${WORLD}---\n`.split('\n').length + n - 1;
    const w = a.json.warnings.filter((x) => x.code === 'UNSUPPORTED_PEER').map((x) => ({ line: x.line, message: x.message }));
    expect(w).toEqual([
      { line: at(7), message: expect.stringContaining('spec.ingress[0].fromEntities: entities "host", "remote-node", "ingress" (nodes, the API server or Cilium\'s own endpoints) are not in manifests; these peers are not analysed') },
      { line: at(13), message: expect.stringContaining('spec.egress[0].toEntities: entity "kube-apiserver" (nodes, the API server or Cilium\'s own endpoints) is not in manifests; this peer is not analysed') },
    ]);
    // world is still read: egress to outside addresses is allowed, nothing else.
    expect(from(lines(a), 'shop/api')).toEqual(['shop/api[Deployment] => 0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections']);
  });

  it('mutual authentication on an allow rule is a warning at its line; the rule is read without it', () => {
    const a = run(
      cnp('p', 'shop', `  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
      authentication:
        mode: required
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: other, app: client}}]
      authentication: {mode: disabled}
`),
    );
    const at = (n: number) => `${WORLD}---\n`.split('\n').length + n - 1;
    const w = a.json.warnings.filter((x) => x.code === 'UNSUPPORTED_FIELD').map((x) => ({ line: x.line, message: x.message }));
    expect(w).toEqual([{ line: at(8), message: expect.stringContaining('spec.ingress[0].authentication: mutual authentication (mode "required") is not analysed') }]);
    expect(to(lines(a), 'shop/api')).toEqual(['other/client[Deployment] => shop/api[Deployment] : All Connections', 'shop/web[Deployment] => shop/api[Deployment] : All Connections']);
  });

  it('another apiVersion is a warning, not ignored silently', () => {
    const a = run(cnp('p', 'shop', '  endpointSelector: {}\n  ingress: [{}]\n').replace('cilium.io/v2', 'cilium.io/v3alpha1'));
    expect(a.json.warnings.find((x) => x.code === 'UNSUPPORTED_API_VERSION')?.message).toMatch(/CiliumNetworkPolicy of apiVersion cilium.io\/v3alpha1 is not analysed/);
  });
});

describe('diff: why names the Cilium policy and the rule line; pods the repository does not hold', () => {
  const files = (...docs: string[]) => [{ path: 'world.yaml', text: WORLD }, ...docs.map((text, i) => ({ path: `p${i}.yaml`, text }))];

  it('a CiliumClusterwideNetworkPolicy deny over a namespace closes paths, each with its rule', () => {
    const deny = ccnp('no-other-to-shop', `  endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: shop}}
  enableDefaultDeny: {ingress: false}
  ingressDeny:
    - fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: other}}]
      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`);
    const report = analyzeDiff(files(), files(deny));
    const json = diffJsonObject(report) as { pairs: { src: { id: string }; dst: { id: string }; closed?: unknown; why: { closed: { text: string; policy: string }[] } }[] };
    const known = json.pairs.filter((p) => p.src.id === 'other/client[Deployment]' && p.dst.id === 'shop/api[Deployment]');
    expect(known).toHaveLength(1);
    expect(known[0].closed).toEqual({ protocols: { TCP: [[443, 443]] } });
    expect(known[0].why.closed.map((r) => r.text)).toContain('denied by CiliumClusterwideNetworkPolicy no-other-to-shop ingressDeny rule 1 (Cilium deny, p0.yaml:8)');
    expect(known[0].why.closed.map((r) => r.policy)).toContain('CiliumClusterwideNetworkPolicy/no-other-to-shop');
    // Nothing else changes: the deny does not isolate (enableDefaultDeny: false).
    expect(json.pairs.every((p) => p.src.id.startsWith('other/') && p.dst.id.startsWith('shop/'))).toBe(true);
  });

  it('an allow rule for pods the repository does not hold opens a path from an abstract peer, naming the policy line', () => {
    const base = cnp('api-in', 'shop', '  endpointSelector: {matchLabels: {app: api}}\n  ingress:\n    - fromEndpoints: [{matchLabels: {app: web}}]\n');
    const head = base + '    - fromEndpoints: [{matchLabels: {app: ghost}}]\n';
    const report = analyzeDiff(files(base), files(head));
    expect(diffText(report)).toMatch(/^Opens shop\/api to shop\/\[pod with \{app=ghost\}\] on any port \(1 rule, p0\.yaml:8\)/m);
    const json = diffJsonObject(report) as { pairs: { src: { id: string }; dst: { id: string }; why: { opened: { text: string }[] } }[] };
    expect(json.pairs.map((p) => `${p.src.id} => ${p.dst.id}: ${p.why.opened.map((r) => r.text).join('; ')}`)).toEqual([
      'shop/[pod with {app=ghost}] => shop/api[Deployment]: allowed by CiliumNetworkPolicy shop/api-in ingress rule 2 (p0.yaml:8); in base, CiliumNetworkPolicy shop/api-in (base:p0.yaml:1) isolated ingress; its ingress rule 1 (base:p0.yaml:7) allowed other peers, not this one',
    ]);
  });
});
