/**
 * NetworkPolicy semantics, as "default + exceptions" truth tables over one small cluster:
 * a and b in `default`, c in `other` (team=x). Rows are `src => dst : conns`, `*` is every address.
 */
import { BASELINE, allowedExcept, analyze, app, cluster, codes, policy, view } from './fixtures.js';

type Obj = Record<string, unknown>;
type Case = [string, Obj[], Record<string, string | null>];

const onB = (spec: Obj) => policy('default', 'on-b', { podSelector: app('b'), ...spec });
const onA = (spec: Obj) => policy('default', 'on-a', { podSelector: app('a'), ...spec });
const intoB = (rule: Obj) => onB({ ingress: [rule] });
const fromA = { podSelector: app('a') };
const nothingIntoB = { 'a => b': null, 'other/c => b': null, '* => b': null };
const nothingIntoA = { 'b => a': null, 'other/c => a': null, '* => a': null };
const nothingOutOfA = { 'a => b': null, 'a => other/c': null, 'a => *': null };

const isolation: Case[] = [
  ['with no policy everything is allowed', [], {}],
  ['an ingress policy restricts only what enters the pods it selects', [intoB({ from: [fromA], ports: [{ port: 80 }] })], { ...nothingIntoB, 'a => b': 'TCP 80' }],
  [
    'an egress policy restricts only what leaves the pods it selects',
    [onA({ policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('b') }], ports: [{ protocol: 'UDP', port: 53 }] }] })],
    { ...nothingOutOfA, 'a => b': 'UDP 53' },
  ],
  [
    'policies selecting the same pod add up',
    [
      intoB({ from: [fromA], ports: [{ port: 80 }] }),
      policy('default', 'second', { podSelector: app('b'), ingress: [{ from: [fromA, { namespaceSelector: { matchLabels: { team: 'x' } } }], ports: [{ port: 443 }] }] }),
    ],
    { ...nothingIntoB, 'a => b': 'TCP 80,443', 'other/c => b': 'TCP 443' },
  ],
  [
    'a connection needs both the egress of its source and the ingress of its destination',
    [
      onA({ policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('b') }], ports: [{ port: 80, endPort: 90 }] }] }),
      intoB({ from: [fromA], ports: [{ port: 85, endPort: 100 }] }),
    ],
    { ...nothingOutOfA, ...nothingIntoB, 'a => b': 'TCP 85-90' },
  ],
  [
    'an egress rule alone is not enough when the destination isolates ingress',
    [onA({ policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('b') }] }] }), onB({ policyTypes: ['Ingress'] })],
    { ...nothingOutOfA, ...nothingIntoB },
  ],
  ['a podSelector {} policy isolates every pod of its namespace and no other', [policy('default', 'deny', { podSelector: {} })], { ...nothingIntoA, ...nothingIntoB, 'other/c => a': null }],
  [
    'a policy in a namespace without pods changes nothing',
    [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } }, policy('empty', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    {},
  ],
  [
    'a policy in a namespace nobody defines, with no pods, changes nothing',
    [policy('nowhere', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    {},
  ],
];

const emptiness: Case[] = [
  ['`from: []` allows every source, pods and addresses', [intoB({ from: [], ports: [{ port: 80 }] })], { 'a => b': 'TCP 80', 'other/c => b': 'TCP 80', '* => b': 'TCP 80' }],
  ['`from` absent allows every source, pods and addresses', [intoB({ ports: [{ port: 80 }] })], { 'a => b': 'TCP 80', 'other/c => b': 'TCP 80', '* => b': 'TCP 80' }],
  ['`to: []` allows every destination', [onA({ policyTypes: ['Egress'], egress: [{ to: [], ports: [{ port: 80 }] }] })], { 'a => b': 'TCP 80', 'a => other/c': 'TCP 80', 'a => *': 'TCP 80' }],
  ['`ingress: [{}]` allows everything in', [onB({ ingress: [{}] })], {}],
  ['`ingress: []` with Ingress in policyTypes allows nothing in', [onB({ policyTypes: ['Ingress'], ingress: [] })], nothingIntoB],
  ['`ingress` absent with policyTypes absent allows nothing in', [onB({})], nothingIntoB],
  ['`egress: []` alone, policyTypes absent, does not isolate egress (only ingress)', [onA({ egress: [] })], nothingIntoA],
  ['`egress: []` with Egress in policyTypes allows nothing out', [onA({ policyTypes: ['Egress'], egress: [] })], nothingOutOfA],
  [
    'a non-empty `egress` with policyTypes absent isolates both directions',
    [onA({ egress: [{ to: [{ podSelector: app('b') }] }] })],
    { ...nothingIntoA, ...nothingOutOfA, 'a => b': 'All Connections' },
  ],
  [
    '`policyTypes: []` counts as absent',
    [onA({ policyTypes: [], egress: [{ to: [{ podSelector: app('b') }] }] })],
    { ...nothingIntoA, ...nothingOutOfA, 'a => b': 'All Connections' },
  ],
  ['policyTypes [Egress] ignores the ingress rules', [onB({ policyTypes: ['Egress'], ingress: [{ from: [fromA] }], egress: [{}] })], {}],
  ['`ports: []` allows every port of every protocol', [intoB({ from: [fromA], ports: [] })], { ...nothingIntoB, 'a => b': 'All Connections' }],
  ['`ports: [{}]` allows every TCP port only', [intoB({ from: [fromA], ports: [{}] })], { ...nothingIntoB, 'a => b': 'TCP 1-65535' }],
  ['a protocol without a port allows all its ports', [intoB({ from: [fromA], ports: [{ protocol: 'UDP' }] })], { ...nothingIntoB, 'a => b': 'UDP 1-65535' }],
];

const ports: Case[] = [
  ['endPort allows the inclusive range', [intoB({ from: [fromA], ports: [{ port: 8000, endPort: 8010 }] })], { ...nothingIntoB, 'a => b': 'TCP 8000-8010' }],
  [
    'SCTP and UDP ports are kept apart from TCP',
    [intoB({ from: [fromA], ports: [{ protocol: 'SCTP', port: 9000 }, { protocol: 'UDP', port: 53 }] })],
    { ...nothingIntoB, 'a => b': 'SCTP 9000,UDP 53' },
  ],
  [
    'overlapping and adjacent port entries merge',
    [intoB({ from: [fromA], ports: [{ port: 80, endPort: 85 }, { port: 86 }, { port: 84, endPort: 90 }] })],
    { ...nothingIntoB, 'a => b': 'TCP 80-90' },
  ],
];

const peers: Case[] = [
  ['`namespaceSelector: {}` picks pods of every namespace and no addresses', [intoB({ from: [{ namespaceSelector: {} }] })], { '* => b': null }],
  ['a podSelector alone picks pods of the policy\'s own namespace', [intoB({ from: [{ podSelector: {} }] })], { 'other/c => b': null, '* => b': null }],
  [
    'namespaceSelector and podSelector in one peer are ANDed',
    [intoB({ from: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: app('a') }] })],
    nothingIntoB,
  ],
  [
    'namespaceSelector and podSelector in one peer pick the pods matching both',
    [intoB({ from: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: app('c') }] })],
    { ...nothingIntoB, 'other/c => b': 'All Connections' },
  ],
  [
    'namespaceSelector and podSelector in two peers are ORed',
    [intoB({ from: [{ namespaceSelector: { matchLabels: { team: 'x' } } }, fromA] })],
    { '* => b': null },
  ],
  [
    'a `namespaceSelector:` left null is absent: the own namespace only',
    [intoB({ from: [{ namespaceSelector: null, podSelector: {} }] })],
    { 'other/c => b': null, '* => b': null },
  ],
  [
    'a `podSelector:` left null beside a namespaceSelector picks every pod of those namespaces',
    [intoB({ from: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: null }] })],
    { ...nothingIntoB, 'other/c => b': 'All Connections' },
  ],
  [
    'an `ipBlock:` left null beside a podSelector is absent',
    [intoB({ from: [{ ipBlock: null, podSelector: app('a') }] })],
    { ...nothingIntoB, 'a => b': 'All Connections' },
  ],
  [
    'a namespace is picked by its kubernetes.io/metadata.name label',
    [intoB({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] })],
    { ...nothingIntoB, 'other/c => b': 'All Connections' },
  ],
  [
    'matchExpressions In picks the listed values, in the own namespace',
    [intoB({ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'c'] }] } }] })],
    { ...nothingIntoB, 'a => b': 'All Connections' },
  ],
  [
    'matchExpressions NotIn picks pods that lack the key',
    [intoB({ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] } }] })],
    { '* => b': null },
  ],
  [
    'matchExpressions DoesNotExist on namespaces picks unlabelled namespaces',
    [intoB({ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] } }] })],
    { ...nothingIntoB, 'a => b': 'All Connections' },
  ],
  [
    'matchExpressions in the policy\'s own podSelector pick its subjects (NotIn: b lacks nothing, a is excluded)',
    [policy('default', 'not-a', { podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }, ingress: [] })],
    nothingIntoB,
  ],
];

describe('isolation', () => {
  it.each(isolation)('%s', (_name, extra, overrides) => {
    expect(view(analyze(...cluster(...extra)))).toEqual(allowedExcept(overrides));
  });
});

describe('empty and absent fields', () => {
  it.each(emptiness)('%s', (_name, extra, overrides) => {
    expect(view(analyze(...cluster(...extra)))).toEqual(allowedExcept(overrides));
  });
});

describe('ports and protocols', () => {
  it.each(ports)('%s', (_name, extra, overrides) => {
    expect(view(analyze(...cluster(...extra)))).toEqual(allowedExcept(overrides));
  });
});

describe('pod and namespace peers', () => {
  it.each(peers)('%s', (_name, extra, overrides) => {
    expect(view(analyze(...cluster(...extra)))).toEqual(allowedExcept(overrides));
  });

  it('the baseline lists every ordered pair once and no workload to itself', () => {
    const rows = view(analyze(...cluster()));
    expect(rows).toHaveLength(BASELINE.length);
    expect(rows.filter((r) => r.startsWith('a => a'))).toEqual([]);
  });

  it('every case above is free of warnings', () => {
    for (const [, extra] of [...isolation, ...emptiness, ...ports, ...peers]) expect(codes(analyze(...cluster(...extra)))).toEqual([]);
  });
});
