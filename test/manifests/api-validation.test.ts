/**
 * What the API server validates in the fields reachdiff reads, as one table: label keys and values (in
 * object labels and every selector), container and Service ports, port names, object names, and
 * list-versus-map shapes. Each row is an error at its line; an invalid NetworkPolicy is not applied, an
 * invalid workload, Namespace, Service or Ingress is analysed without the bad field, and an object with
 * a bad name is still analysed (the name decides no traffic).
 */
import { loadManifests } from '../../src/manifests/load.js';
import type { LoadResult } from '../../src/manifests/load.js';

const y = (...lines: string[]) => lines.join('\n') + '\n';
const load = (text: string): LoadResult => loadManifests([{ path: 'm.yaml', text }]);

const deployment = (...podSpec: string[]) =>
  y('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    metadata:', '      labels: {app: web}', '    spec:', ...podSpec);
const withLabels = (labels: string) =>
  y('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    metadata:', `      labels: ${labels}`, '    spec:', '      containers: []');
const policy = (...spec: string[]) => y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: np', 'spec:', ...spec);
const service = (...spec: string[]) => y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: svc', 'spec:', ...spec);

/** What the loader kept, for each kind of object. */
const applied = (r: LoadResult) => r.cluster.policies.map((p) => p.id);
const podLabels = (r: LoadResult) => r.cluster.workloads.map((w) => w.podLabels);
const namedPorts = (r: LoadResult) => r.cluster.workloads.map((w) => w.namedPorts.map((p) => `${p.name}:${p.port}`));
const servicePorts = (r: LoadResult) => r.cluster.services.map((s) => s.ports.map((p) => `${p.port}->${p.targetPort}`));

type Row = [name: string, text: string, diagnostics: [code: string, line: number][], effect: (r: LoadResult) => unknown, expected: unknown];

const ROWS: Row[] = [
  // Label keys and values in objects' labels: the object stays, without the bad label.
  ['a pod label key with "@"', withLabels('{app@b: x, tier: web}'), [['INVALID_LABEL', 8]], podLabels, [{ tier: 'web' }]],
  ['a pod label value with "$"', withLabels('{app: $backend, tier: web}'), [['INVALID_LABEL', 8]], podLabels, [{ tier: 'web' }]],
  ['a pod label value of 64 characters', withLabels(`{app: ${'a'.repeat(64)}}`), [['INVALID_LABEL', 8]], podLabels, [{}]],
  ['a pod label key whose name part is 64 characters', withLabels(`{${'k'.repeat(64)}: v}`), [['INVALID_LABEL', 8]], podLabels, [{}]],
  ['a pod label key with an upper-case prefix', withLabels('{Example.com/app: x}'), [['INVALID_LABEL', 8]], podLabels, [{}]],
  ['a pod label key with two slashes', withLabels('{a/b/c: x}'), [['INVALID_LABEL', 8]], podLabels, [{}]],
  ['a pod label value that is a number, not a string', withLabels('{app: web, version: 1}'), [['INVALID_LABEL', 8]], podLabels, [{ app: 'web' }]],
  ['pod labels written as a list', withLabels('[app]'), [['INVALID_LABEL', 8]], podLabels, [{}]],
  ['valid prefixed keys and an empty value are fine', withLabels('{app.kubernetes.io/name: web, example.com/empty: ""}'), [], podLabels, [{ 'app.kubernetes.io/name': 'web', 'example.com/empty': '' }]],
  [
    'a Namespace label key with "@"',
    y('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', '  labels: {team@x: a, env: prod}'),
    [['INVALID_LABEL', 5]],
    (r) => r.cluster.namespaces.map((n) => Object.keys(n.labels).sort()),
    [['env', 'kubernetes.io/metadata.name']],
  ],
  // The same in selectors: a NetworkPolicy with one is rejected as a whole.
  ['a podSelector label key with "@"', policy('  podSelector:', '    matchLabels: {app@b: x}'), [['INVALID_LABEL', 7], ['INVALID_FIELD', 1]], applied, []],
  ['a peer selector label value with "$"', policy('  podSelector: {}', '  ingress:', '  - from:', '    - podSelector:', '        matchLabels: {app: $backend}'), [['INVALID_LABEL', 10], ['INVALID_FIELD', 1]], applied, []],
  ['a namespaceSelector expression key with a space', policy('  podSelector: {}', '  ingress:', '  - from:', '    - namespaceSelector:', '        matchExpressions:', '        - {key: "team name", operator: Exists}'), [['INVALID_LABEL', 11], ['INVALID_FIELD', 1]], applied, []],
  ['an expression value with "$"', policy('  podSelector:', '    matchExpressions:', '    - {key: app, operator: In, values: [web, $api]}'), [['INVALID_LABEL', 8], ['INVALID_FIELD', 1]], applied, []],
  ['an expression value that is not a string', policy('  podSelector:', '    matchExpressions:', '    - {key: app, operator: In, values: [1]}'), [['INVALID_LABEL', 8], ['INVALID_FIELD', 1]], applied, []],
  ['a policy name with an upper-case letter', y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: Allow_All', 'spec:', '  podSelector: {}'), [['INVALID_NAME', 1]], applied, ['default/Allow_All']],
  ['a namespace name with a dot', y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: np', '  namespace: a.b', 'spec:', '  podSelector: {}'), [['INVALID_NAME', 1]], applied, ['a.b/np']],
  ['a policy\'s own label key with "@"', y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: np', '  labels: {a@b: c}', 'spec:', '  podSelector: {}'), [['INVALID_LABEL', 5], ['INVALID_FIELD', 1]], applied, []],
  ['a Service selector value with "$"', service('  selector: {app: $web}', '  ports: [{port: 80}]'), [['INVALID_LABEL', 6]], (r) => r.cluster.services.map((s) => s.selector), [null]],
  // Container ports: the workload stays, without the bad port.
  ['containerPort: []', deployment('      containers:', '      - name: c', '        ports:', '        - {name: http, containerPort: []}'), [['PORT_OUT_OF_RANGE', 13]], namedPorts, [[]]],
  ['containerPort: 0', deployment('      containers:', '      - name: c', '        ports:', '        - {name: http, containerPort: 0}'), [['PORT_OUT_OF_RANGE', 13]], namedPorts, [[]]],
  ['containerPort: 65536', deployment('      containers:', '      - name: c', '        ports:', '        - {name: http, containerPort: 65536}'), [['PORT_OUT_OF_RANGE', 13]], namedPorts, [[]]],
  ['containerPort as a string', deployment('      containers:', '      - name: c', '        ports:', '        - {name: http, containerPort: "8080"}'), [['PORT_OUT_OF_RANGE', 13]], namedPorts, [[]]],
  ['an unnamed port without containerPort', deployment('      containers:', '      - name: c', '        ports:', '        - {protocol: TCP}'), [['PORT_OUT_OF_RANGE', 13]], namedPorts, [[]]],
  ['an unnamed bad port is reported too', deployment('      containers:', '      - name: c', '        ports:', '        - {containerPort: 99999}', '        - {name: http, containerPort: 80}'), [['PORT_OUT_OF_RANGE', 13]], namedPorts, [['http:80']]],
  ['ports: {} where a list is required', deployment('      containers:', '      - name: c', '        ports: {}'), [['INVALID_FIELD', 12]], namedPorts, [[]]],
  ['containers: {} where a list is required', deployment('      containers: {}'), [['INVALID_FIELD', 10]], namedPorts, [[]]],
  ['a port name in upper case', deployment('      containers:', '      - name: c', '        ports:', '        - {name: HTTP, containerPort: 80}'), [['INVALID_PORT_NAME', 13]], namedPorts, [[]]],
  ['a port name of 16 characters', deployment('      containers:', '      - name: c', '        ports:', '        - {name: abcdefghijklmnop, containerPort: 80}'), [['INVALID_PORT_NAME', 13]], namedPorts, [[]]],
  ['a port name with an underscore', deployment('      containers:', '      - name: c', '        ports:', '        - {name: my_port, containerPort: 80}'), [['INVALID_PORT_NAME', 13]], namedPorts, [[]]],
  ['a port name of digits only', deployment('      containers:', '      - name: c', '        ports:', '        - {name: "8080", containerPort: 80}'), [['INVALID_PORT_NAME', 13]], namedPorts, [[]]],
  ['a port name twice in one container', deployment('      containers:', '      - name: a', '        ports: [{name: http, containerPort: 80}, {name: http, containerPort: 81}]'), [['INVALID_PORT_NAME', 12]], namedPorts, [['http:80']]],
  ['a port protocol in lower case', deployment('      containers:', '      - name: c', '        ports:', '        - {name: dns, containerPort: 53, protocol: udp}'), [['UNKNOWN_PROTOCOL', 13]], namedPorts, [[]]],
  // Service ports: the Service stays, without the bad port.
  ['a Service port of 70000', service('  selector: {app: web}', '  ports:', '  - {port: 70000}', '  - {port: 80}'), [['PORT_OUT_OF_RANGE', 8]], servicePorts, [['80->80']]],
  ['a Service targetPort of 0', service('  selector: {app: web}', '  ports:', '  - {port: 80, targetPort: 0}'), [['PORT_OUT_OF_RANGE', 8]], servicePorts, [[]]],
  ['a Service targetPort name that is not an IANA name', service('  selector: {app: web}', '  ports:', '  - {port: 80, targetPort: Web_Port}'), [['INVALID_PORT_NAME', 8]], servicePorts, [[]]],
  ['Service ports: {} where a list is required', service('  selector: {app: web}', '  ports: {}'), [['INVALID_FIELD', 7]], servicePorts, [[]]],
  // Ingress backends: the bad backend is left out.
  [
    'an Ingress backend port number of 0',
    y('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: ing', 'spec:', '  defaultBackend:', '    service: {name: svc, port: {number: 0}}'),
    [['PORT_OUT_OF_RANGE', 6]],
    (r) => r.cluster.ingressBackends.length,
    0,
  ],
  [
    'an Ingress backend port name that is not an IANA name',
    y('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: ing', 'spec:', '  defaultBackend:', '    service: {name: svc, port: {name: Web}}'),
    [['INVALID_PORT_NAME', 6]],
    (r) => r.cluster.ingressBackends.length,
    0,
  ],
];

describe('the API server\'s validation of the fields reachdiff reads', () => {
  it.each(ROWS)('%s', (_name, text, diagnostics, effect, expected) => {
    const r = load(text);
    expect(r.diagnostics.map((d) => [d.code, d.ref.line])).toEqual(diagnostics);
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(effect(r)).toEqual(expected);
  });
});

describe('a port name two containers of one pod give', () => {
  it('is accepted with a warning (pod warnings of the API server) and resolves to the first port', () => {
    const r = load(deployment('      containers:', '      - name: a', '        ports: [{name: http, containerPort: 80}]', '      - name: b', '        ports: [{name: http, containerPort: 81}]'));
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.ref.line])).toEqual([['warning', 'DUPLICATE_PORT_NAME', 14]]);
    expect(r.diagnostics[0].message).toMatch(/containers\[1\]\.ports\[0\]\.name: "http" is also the name of containers\[0\]\.ports\[0\] \(containerPort 80\); Kubernetes accepts the pod with a warning/);
    expect(namedPorts(r)).toEqual([['http:80']]);
  });
});
