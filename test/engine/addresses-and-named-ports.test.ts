/** ipBlock peers, named ports, implied namespaces and the ingress controller, on the fixtures' small cluster. */
import { allowedExcept, analyze, app, cluster, codes, deployment, namespace, policy, view } from './fixtures.js';

type Obj = Record<string, unknown>;

const onB = (spec: Obj) => policy('default', 'on-b', { podSelector: app('b'), ...spec });
const onA = (spec: Obj) => policy('default', 'on-a', { podSelector: app('a'), ...spec });
const intoB = (...from: Obj[]) => onB({ ingress: [{ from }] });
const ipBlock = (cidr: string, except?: string[]) => ({ ipBlock: except ? { cidr, except } : { cidr } });
const nothingIntoB = { 'a => b': null, 'other/c => b': null, '* => b': null };
const nothingOutOfA = { 'a => b': null, 'a => other/c': null, 'a => *': null };

describe('ipBlock peers', () => {
  it.each<[string, Obj[], Record<string, string | null>]>([
    ['a cidr allows exactly its addresses', [intoB(ipBlock('10.0.0.0/8'))], { ...nothingIntoB, '10.0.0.0-10.255.255.255 => b': 'All Connections' }],
    [
      'except removes addresses from the cidr',
      [intoB(ipBlock('10.0.0.0/8', ['10.1.0.0/16']))],
      { ...nothingIntoB, '10.0.0.0-10.0.255.255,10.2.0.0-10.255.255.255 => b': 'All Connections' },
    ],
    [
      'overlapping excepts remove their union',
      [intoB(ipBlock('10.0.0.0/8', ['10.0.0.0/9', '10.0.0.0/16', '10.64.0.0/10']))],
      { ...nothingIntoB, '10.128.0.0-10.255.255.255 => b': 'All Connections' },
    ],
    [
      'an IPv6 cidr with an except',
      [intoB(ipBlock('2001:db8::/32', ['2001:db8:1::/48']))],
      { ...nothingIntoB, '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff,2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff => b': 'All Connections' },
    ],
    [
      'an IPv4 and an IPv6 block together',
      [intoB(ipBlock('192.168.0.0/16'), ipBlock('fd00::/8'))],
      { ...nothingIntoB, '192.168.0.0-192.168.255.255,fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => b': 'All Connections' },
    ],
    ['0.0.0.0/0 never selects pods, only addresses', [intoB(ipBlock('0.0.0.0/0'))], { ...nothingIntoB, '0.0.0.0-255.255.255.255 => b': 'All Connections' }],
    [
      'an egress ipBlock never reaches pods either',
      [onA({ policyTypes: ['Egress'], egress: [{ to: [ipBlock('0.0.0.0/0')] }] })],
      { ...nothingOutOfA, 'a => 0.0.0.0-255.255.255.255': 'All Connections' },
    ],
    [
      'an ipBlock and a podSelector in one rule: each picks its own kind of peer',
      [onB({ ingress: [{ from: [ipBlock('192.168.0.0/16'), { podSelector: app('a') }], ports: [{ port: 80 }] }] })],
      { ...nothingIntoB, 'a => b': 'TCP 80', '192.168.0.0-192.168.255.255 => b': 'TCP 80' },
    ],
    [
      'overlapping blocks of two rules get the union of their ports',
      [
        onB({
          ingress: [
            { from: [ipBlock('10.0.0.0/8')], ports: [{ port: 80 }] },
            { from: [ipBlock('10.1.0.0/16')], ports: [{ port: 443 }] },
          ],
        }),
      ],
      { ...nothingIntoB, '10.0.0.0-10.0.255.255,10.2.0.0-10.255.255.255 => b': 'TCP 80', '10.1.0.0-10.1.255.255 => b': 'TCP 80,443' },
    ],
  ])('%s', (_name, extra, overrides) => {
    const a = analyze(...cluster(...extra));
    expect(view(a)).toEqual(allowedExcept(overrides));
    expect(codes(a)).toEqual([]);
  });
});

/** b1 and b2 share app=b but define `http` on different ports; a defines nothing. */
function namedPortCluster(...extra: Obj[]): Obj[] {
  return [
    namespace('default'),
    deployment('default', 'a', { app: 'a' }),
    deployment('default', 'b1', { app: 'b' }, [
      { name: 'http', containerPort: 8080 },
      { name: 'dns', containerPort: 5353, protocol: 'UDP' },
    ]),
    deployment('default', 'b2', { app: 'b' }, [{ name: 'http', containerPort: 9090 }]),
    ...extra,
  ];
}

/** Rows from a to b1 and b2. */
const aToB = (rows: string[]) => rows.filter((r) => /^a => b\d /.test(r));

describe('named ports', () => {
  it('an ingress named port resolves on each destination pod', () => {
    const a = analyze(...namedPortCluster(onB({ ingress: [{ from: [{ podSelector: app('a') }], ports: [{ port: 'http' }] }] })));
    expect(aToB(view(a))).toEqual(['a => b1 : TCP 8080', 'a => b2 : TCP 9090']);
    expect(codes(a)).toEqual([]);
  });

  it('an egress named port resolves on each destination pod too', () => {
    const a = analyze(...namedPortCluster(onA({ policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }], ports: [{ port: 'http' }] }] })));
    expect(aToB(view(a))).toEqual(['a => b1 : TCP 8080', 'a => b2 : TCP 9090']);
    expect(codes(a)).toEqual([]);
  });

  it('a named port matches only a container port of the same protocol', () => {
    const a = analyze(...namedPortCluster(onB({ ingress: [{ from: [{ podSelector: app('a') }], ports: [{ protocol: 'UDP', port: 'dns' }] }] })));
    expect(aToB(view(a))).toEqual(['a => b1 : UDP 5353']);
  });

  it('a named port no container defines warns UNKNOWN_NAMED_PORT and allows nothing', () => {
    const a = analyze(...namedPortCluster(onB({ ingress: [{ from: [{ podSelector: app('a') }], ports: [{ port: 'metrics' }] }] })));
    expect(view(a).filter((r) => / => b\d/.test(r))).toEqual([]);
    expect(codes(a)).toEqual(['UNKNOWN_NAMED_PORT']);
    expect(a.json.warnings[0].message).toContain('metrics');
  });

  it('a named port with the wrong protocol is unknown too', () => {
    const a = analyze(...namedPortCluster(onB({ ingress: [{ from: [{ podSelector: app('a') }], ports: [{ port: 'dns' }] }] })));
    expect(view(a).filter((r) => / => b\d/.test(r))).toEqual([]);
    expect(codes(a)).toEqual(['UNKNOWN_NAMED_PORT']);
  });

  it('named and numeric ports of one rule add up', () => {
    const a = analyze(...namedPortCluster(onB({ ingress: [{ from: [{ podSelector: app('a') }], ports: [{ port: 'http' }, { port: 22 }] }] })));
    expect(aToB(view(a))).toEqual(['a => b1 : TCP 22,8080', 'a => b2 : TCP 22,9090']);
  });

  it('an ingress named port from an ipBlock resolves on the destination pod', () => {
    const a = analyze(...namedPortCluster(onB({ ingress: [{ from: [ipBlock('10.0.0.0/8')], ports: [{ port: 'http' }] }] })));
    expect(view(a).filter((r) => r.startsWith('10.'))).toEqual(['10.0.0.0-10.255.255.255 => b1 : TCP 8080', '10.0.0.0-10.255.255.255 => b2 : TCP 9090']);
  });

  it('an ingress named port from an ipBlock that the pod does not define warns UNKNOWN_NAMED_PORT', () => {
    const a = analyze(...namedPortCluster(onB({ ingress: [{ from: [ipBlock('10.0.0.0/8')], ports: [{ port: 'metrics' }] }] })));
    expect(view(a).filter((r) => r.startsWith('10.'))).toEqual([]);
    expect(codes(a)).toEqual(['UNKNOWN_NAMED_PORT']);
  });

  it('an egress named port toward peers that select nobody is not reported: the destinations are not in the manifests', () => {
    const a = analyze(...namedPortCluster(onA({ policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('nobody') }], ports: [{ port: 'metrics' }] }] })));
    expect(codes(a)).toEqual([]);
  });

  it('an ingress named port resolves on the selected pods whoever the sources are: from pods the manifests do not hold (a namespace deployed elsewhere, a label no workload has) it is judged on them', () => {
    // Kubernetes resolves an ingress rule's port name on the destination pod, the policy's own: b1 and b2
    // define no "metrics", so this rule admits nothing to them from any source.
    const fromElsewhere = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }];
    for (const from of [fromElsewhere, [{ podSelector: app('nobody') }]]) {
      expect(codes(analyze(...namedPortCluster(onB({ ingress: [{ from, ports: [{ port: 'metrics' }] }] }))))).toEqual(['UNKNOWN_NAMED_PORT']);
      // A name b1 defines (on its protocol) is not reported.
      expect(codes(analyze(...namedPortCluster(onB({ ingress: [{ from, ports: [{ port: 'http' }, { port: 'dns', protocol: 'UDP' }] }] }))))).toEqual([]);
      expect(codes(analyze(...namedPortCluster(onB({ ingress: [{ from, ports: [{ port: 'dns' }] }] }))))).toEqual(['UNKNOWN_NAMED_PORT']);
    }
  });

  it('two workloads with the same labels and ports reach each other, but neither is listed to itself', () => {
    const a = analyze(
      namespace('default'),
      deployment('default', 'x1', { app: 'x' }),
      deployment('default', 'x2', { app: 'x' }),
      policy('default', 'x-only', { podSelector: app('x'), ingress: [{ from: [{ podSelector: app('x') }], ports: [{ port: 80 }] }] }),
    );
    expect(view(a).filter((r) => !r.includes('*'))).toEqual(['x1 => x2 : TCP 80', 'x2 => x1 : TCP 80']);
  });

  it('an egress named port toward an ipBlock never matches, with a warning', () => {
    const a = analyze(...namedPortCluster(onA({ policyTypes: ['Egress'], egress: [{ to: [ipBlock('10.0.0.0/8')], ports: [{ port: 'http' }] }] })));
    expect(view(a).filter((r) => r.startsWith('a => '))).toEqual([]);
    expect(codes(a)).toContain('NAMED_PORT_TO_IPBLOCK');
  });
});

describe('namespaces', () => {
  it('a namespace used by workloads but never defined still carries kubernetes.io/metadata.name', () => {
    const a = analyze(
      ...cluster(deployment('ghost', 'g', { app: 'g' }), intoB({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ghost' } } })),
    );
    expect(view(a).filter((r) => r.includes('=> b '))).toEqual(['ghost/g => b : All Connections']);
  });

  it('a namespace cannot overwrite its own name label', () => {
    const a = analyze(
      namespace('real', { 'kubernetes.io/metadata.name': 'fake' }),
      deployment('real', 'r', { app: 'r' }),
      namespace('default'),
      deployment('default', 'b', { app: 'b' }),
      intoB({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'real' } } }),
    );
    expect(view(a).filter((r) => r.includes('=> b '))).toEqual(['real/r => b : All Connections']);
  });
});

/** b defines `http` on 8080; a Service `web` selects it; an Ingress routes to the Service. */
function ingressCluster(servicePort: Obj, backendPort: Obj, ...extra: Obj[]): Obj[] {
  return [
    namespace('default'),
    deployment('default', 'a', { app: 'a' }),
    deployment('default', 'b', { app: 'b' }, [{ name: 'http', containerPort: 8080 }]),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'b' }, ports: [servicePort] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'in', namespace: 'default' },
      spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: backendPort } } }] } }] },
    },
    ...extra,
  ];
}

const fromController = (rows: string[]) => rows.filter((r) => r.startsWith('{ingress-controller}'));

describe('Ingress objects', () => {
  it.each<[string, Obj, Obj, Obj[], string[]]>([
    ['a numeric targetPort gives the controller that port', { port: 80, targetPort: 8080 }, { number: 80 }, [], ['{ingress-controller} => b : TCP 8080']],
    ['a named targetPort resolves on the pod', { port: 80, targetPort: 'http' }, { number: 80 }, [], ['{ingress-controller} => b : TCP 8080']],
    ['targetPort absent means the service port', { port: 8081 }, { number: 8081 }, [], ['{ingress-controller} => b : TCP 8081']],
    ['the backend may name the service port', { name: 'web', port: 80, targetPort: 8080 }, { name: 'web' }, [], ['{ingress-controller} => b : TCP 8080']],
    [
      'a policy admitting every pod keeps the controller on the target port',
      { port: 80, targetPort: 8080 },
      { number: 80 },
      [intoB({ namespaceSelector: {} })],
      ['{ingress-controller} => b : TCP 8080'],
    ],
    [
      'a policy admitting only pod a shuts the controller out',
      { port: 80, targetPort: 8080 },
      { number: 80 },
      [intoB({ podSelector: app('a') })],
      [],
    ],
  ])('%s', (_name, servicePort, backendPort, extra, want) => {
    const a = analyze(...ingressCluster(servicePort, backendPort, ...extra));
    expect(fromController(view(a))).toEqual(want);
    expect(codes(a)).toEqual([]);
  });

  it('the old extensions/v1beta1 shape and a default backend lead to the pods too', () => {
    const objects = ingressCluster({ port: 80, targetPort: 8080 }, { number: 80 });
    objects[4] = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'old', namespace: 'default' },
      spec: { backend: { serviceName: 'web', servicePort: 80 } },
    };
    expect(fromController(view(analyze(...objects)))).toEqual(['{ingress-controller} => b : TCP 8080']);
    objects[4] = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'd' }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } };
    expect(fromController(view(analyze(...objects)))).toEqual(['{ingress-controller} => b : TCP 8080']);
  });

  it('a Service without selector leads nowhere', () => {
    const objects = ingressCluster({ port: 80, targetPort: 8080 }, { number: 80 });
    (objects[3] as { spec: Obj }).spec = { ports: [{ port: 80, targetPort: 8080 }] };
    const a = analyze(...objects);
    expect(fromController(view(a))).toEqual([]);
    expect(codes(a)).toEqual([]);
  });

  it('a backend Service that does not exist is a warning', () => {
    const objects = ingressCluster({ port: 80 }, { number: 80 });
    const svc = objects[3] as { metadata: { name: string } };
    svc.metadata.name = 'other';
    const a = analyze(...objects);
    expect(fromController(view(a))).toEqual([]);
    expect(codes(a)).toEqual(['INGRESS_SERVICE_NOT_FOUND']);
  });

  it('a backend port the Service does not have is a warning', () => {
    const a = analyze(...ingressCluster({ port: 80 }, { number: 81 }));
    expect(fromController(view(a))).toEqual([]);
    expect(codes(a)).toEqual(['INGRESS_PORT_NOT_FOUND']);
  });
});
