/**
 * The checks the loader runs on every object, with their shortcuts: label keys remembered once valid
 * (never an invalid one, and right again after the memory is cleared), placeholders looked for only in a
 * name holding `{`, the Dragonfly operator's image matched only on an image naming it, and binary text
 * found by searching for NUL and U+FFFD; port and namespace names remembered once valid, selector keys that are no
 * near miss of a reserved label remembered per list (util/remember-valid.ts, as the names), Calico's groups told by the
 * apiVersion's start. Each answer is the one the full check gives.
 */
import { labelKeyError, labelValueError, namespaceNameError, portNameError } from '../../src/manifests/api-syntax.js';
import { CILIUM_ENDPOINT_LABELS, NAMESPACE_SELECTOR_LABELS, reservedLabelMeant } from '../../src/manifests/reserved-labels.js';
import { calicoKind } from '../../src/manifests/kinds/calico-policy.js';
import { placeholdersIn } from '../../src/manifests/placeholder-identity.js';
import { dragonflyOperatorVersion } from '../../src/manifests/kinds/dragonfly-policy.js';
import { holdsNoObject } from '../../src/targets/object-files.js';
import { loadManifests } from '../../src/manifests/load.js';

describe('label keys', () => {
  const valid = ['app', 'app.kubernetes.io/name', 'a', 'A_b-c.d', 'example.com/x', `${'k'.repeat(63)}`];
  const invalid = ['', '/', 'a/b/c', '/name', 'prefix/', 'Example.com/x', '-app', 'app-', `${'k'.repeat(64)}`, 'a b', `${'p'.repeat(254)}/x`];

  it('answers the same the first time and every time after', () => {
    for (let round = 0; round < 3; round++) {
      for (const k of valid) expect(labelKeyError(k)).toBeUndefined();
      for (const k of invalid) expect(labelKeyError(k)).toMatch(/^label key /);
    }
  });

  it('says which part is wrong, with two slashes, a bad prefix and a bad name', () => {
    expect(labelKeyError('a/b/c')).toMatch(/must be a qualified name/);
    expect(labelKeyError('Example.com/x')).toMatch(/prefix "Example.com" must be a lowercase DNS subdomain/);
    expect(labelKeyError('example.com/-x')).toMatch(/name part must be 1-63 characters/);
    expect(labelKeyError('/x')).toMatch(/prefix "" must be/);
  });

  it('stays right beyond the number of keys remembered (the memory is cleared when full)', () => {
    for (let i = 0; i < 2_500; i++) expect(labelKeyError(`k${i}.example.com/n${i}`)).toBeUndefined();
    for (const k of valid) expect(labelKeyError(k)).toBeUndefined();
    for (const k of invalid) expect(labelKeyError(k)).toMatch(/^label key /);
  });

  it('label values are checked as before', () => {
    expect(labelValueError('')).toBeUndefined();
    expect(labelValueError('web-1')).toBeUndefined();
    expect(labelValueError('-web')).toMatch(/must be empty or 1-63 characters/);
    expect(labelValueError('v'.repeat(64))).toMatch(/must be empty or 1-63 characters/);
  });
});

describe('port names', () => {
  const valid = ['http', 'metrics', 'a', 'h2c', 'grpc-web', 'x'.repeat(15)];
  const invalid = ['', 'HTTP', '80', 'a--b', '-http', 'http-', 'x'.repeat(16), 'my_port'];

  it('answers the same the first time and every time after, and beyond the number remembered', () => {
    for (let round = 0; round < 3; round++) {
      for (const n of valid) expect(portNameError(n)).toBeUndefined();
      for (const n of invalid) expect(portNameError(n)).toMatch(/is not a valid port name/);
    }
    for (let i = 0; i < 2_500; i++) expect(portNameError(`p${i}`)).toBeUndefined();
    for (const n of valid) expect(portNameError(n)).toBeUndefined();
    for (const n of invalid) expect(portNameError(n)).toMatch(/is not a valid port name/);
  });
});

describe('namespace names', () => {
  const valid = ['default', 'kube-system', 'a', 'team-1', '1team', 'n'.repeat(63)];
  const invalid = ['', 'Default', 'team_1', '-team', 'team-', 'a.b', 'n'.repeat(64)];

  it('answers the same the first time and every time after, and beyond the number remembered', () => {
    for (let round = 0; round < 3; round++) {
      for (const n of valid) expect(namespaceNameError(n)).toBeUndefined();
      for (const n of invalid) expect(namespaceNameError(n)).toMatch(/must be a lowercase DNS-1123 label/);
    }
    for (let i = 0; i < 2_500; i++) expect(namespaceNameError(`ns-${i}`)).toBeUndefined();
    for (const n of valid) expect(namespaceNameError(n)).toBeUndefined();
    for (const n of invalid) expect(namespaceNameError(n)).toMatch(/must be a lowercase DNS-1123 label/);
  });
});

describe('reserved labels a selector key is a near miss of', () => {
  const cases: [string, readonly string[], string | undefined][] = [
    ['kubernetes.io/metadata.name', NAMESPACE_SELECTOR_LABELS, undefined],
    ['kubernetes.io/metadata-name', NAMESPACE_SELECTOR_LABELS, 'kubernetes.io/metadata.name'],
    ['Kubernetes.IO/Metadata_Name', NAMESPACE_SELECTOR_LABELS, 'kubernetes.io/metadata.name'],
    ['kubernetes.io/metadata.nam', NAMESPACE_SELECTOR_LABELS, 'kubernetes.io/metadata.name'],
    ['app', NAMESPACE_SELECTOR_LABELS, undefined],
    ['io.kubernetes.podNamespace', CILIUM_ENDPOINT_LABELS, 'io.kubernetes.pod.namespace'],
    ['io.cilium.k8s.policy.serviceacount', CILIUM_ENDPOINT_LABELS, 'io.cilium.k8s.policy.serviceaccount'],
    ['io.kubernetes.pod.namespace', CILIUM_ENDPOINT_LABELS, undefined],
    // The same key against the other list: remembered per list, not per key.
    ['kubernetes.io/metadata-name', CILIUM_ENDPOINT_LABELS, undefined],
    ['io.kubernetes.podNamespace', NAMESPACE_SELECTOR_LABELS, undefined],
  ];

  it('answers the same the first time and every time after, per list, and beyond the number remembered', () => {
    for (let round = 0; round < 3; round++) for (const [key, list, meant] of cases) expect(reservedLabelMeant(key, list)).toBe(meant);
    for (let i = 0; i < 2_500; i++) expect(reservedLabelMeant(`team-${i}`, NAMESPACE_SELECTOR_LABELS)).toBeUndefined();
    for (const [key, list, meant] of cases) expect(reservedLabelMeant(key, list)).toBe(meant);
  });
});

describe("Calico's kinds", () => {
  it('by the group before the first slash of the apiVersion', () => {
    expect(calicoKind('NetworkPolicy', 'projectcalico.org/v3')).toBe('CalicoNetworkPolicy');
    expect(calicoKind('GlobalNetworkPolicy', 'crd.projectcalico.org/v1')).toBe('CalicoGlobalNetworkPolicy');
    expect(calicoKind('Tier', 'projectcalico.org/v3')).toBe('CalicoTier');
    expect(calicoKind('NetworkPolicy', 'networking.k8s.io/v1')).toBeUndefined();
    expect(calicoKind('NetworkPolicy', 'projectcalico.org')).toBeUndefined();
    expect(calicoKind('NetworkPolicy', 'x.projectcalico.org/v3')).toBeUndefined();
    expect(calicoKind('NetworkPolicy', 'projectcalico.org.evil/v3')).toBeUndefined();
    expect(calicoKind('Deployment', 'projectcalico.org/v3')).toBeUndefined();
  });
});

describe('placeholders in a name', () => {
  it.each([
    ['web', []],
    ['{x}', []],
    ['${NAME}', ['${NAME}']],
    ['$${ESCAPED}', []],
    ['{{ .Values.name }}-{{ .Values.name }}', ['{{ .Values.name }}']],
    ['a-${A}-${B}-${A}', ['${A}', '${B}']],
  ])('%s', (name, expected) => {
    expect(placeholdersIn(name)).toEqual(expected);
  });

  it('none in what is not a string', () => {
    expect(placeholdersIn(undefined)).toEqual([]);
    expect(placeholdersIn(7)).toEqual([]);
  });
});

describe("the Dragonfly operator's version from a workload's image", () => {
  const deployment = (...images: unknown[]) => ({ kind: 'Deployment', spec: { template: { spec: { containers: images.map((image) => ({ name: 'c', image })) } } } });

  it.each([
    ['docker.dragonflydb.io/dragonflydb/operator:v1.6.1', 'v1.6.1'],
    ['dragonflydb/operator:1.5', '1.5'],
    ['ghcr.io/dragonflydb/operator:v1.3.1@sha256:abc', 'v1.3.1'],
    ['xdragonflydb/operator:v1.6.1', undefined],
    ['dragonflydb/operator:latest', undefined],
    ['nginx:1.25', undefined],
  ])('%s', (image, expected) => {
    expect(dragonflyOperatorVersion(deployment(image))).toBe(expected);
  });

  it('the first container naming it, whatever comes before (a container that is no map, an image that is no string)', () => {
    const value = { kind: 'Deployment', spec: { template: { spec: { containers: ['oops', { image: 7 }, { image: 'nginx' }, { image: 'dragonflydb/operator:v1.6.0' }, { image: 'dragonflydb/operator:v1.7.0' }] } } } };
    expect(dragonflyOperatorVersion(value)).toBe('v1.6.0');
  });

  it('a pod spec without a template, and containers that are no list', () => {
    expect(dragonflyOperatorVersion({ kind: 'Pod', spec: { containers: [{ image: 'dragonflydb/operator:v1.6.1' }] } })).toBe('v1.6.1');
    expect(dragonflyOperatorVersion({ kind: 'Pod', spec: { containers: { image: 'dragonflydb/operator:v1.6.1' } } })).toBeUndefined();
  });
});

describe('binary text', () => {
  const object = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';

  it.each([
    ['a NUL byte', `${object}\u0000`],
    ['a replacement character (bytes that were not UTF-8)', `${object}# \uFFFD\n`],
  ])('%s: the file is one warning, not read', (_name, text) => {
    const r = loadManifests([{ path: 'm.yaml', text }]);
    expect(r.cluster.namespaces).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['UNREADABLE_FILE']);
  });

  it('text without either is read', () => {
    expect(loadManifests([{ path: 'm.yaml', text: object }]).cluster.namespaces.map((n) => n.name)).toEqual(['a']);
  });

  it('a file with no kind line and binary content may hold an object; without either it holds none', () => {
    expect(holdsNoObject('just: text\n')).toBe(true);
    expect(holdsNoObject('just: text\u0000\n')).toBe(false);
    expect(holdsNoObject('just: text\uFFFD\n')).toBe(false);
  });
});
