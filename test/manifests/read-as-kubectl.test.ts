/**
 * Manifests are read as `kubectl apply -f` reads them: Kubernetes' YAML reader rejects content after a
 * document separator, a file that is not UTF-8 text is one clear warning, and an object defined twice
 * keeps its last copy.
 */
import { loadManifests } from '../../src/manifests/load.js';
import type { LoadResult, ManifestFile } from '../../src/manifests/load.js';

const load = (text: string, path = 'm.yaml'): LoadResult => loadManifests([{ path, text }]);
const loadAll = (files: ManifestFile[]): LoadResult => loadManifests(files);
const y = (...lines: string[]) => lines.join('\n') + '\n';
const diag = (r: LoadResult) => r.diagnostics.map((d) => ({ code: d.code, line: d.ref.line, severity: d.severity }));
const ns = (name: string) => y('apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${name}`);
const names = (r: LoadResult) => r.cluster.namespaces.map((n) => n.name);

describe('content after a document separator', () => {
  it.each([
    ['--- null', '--- null'],
    ['a tag', '--- !tag'],
    ['no space', '---foo'],
    ['a flow mapping', '--- {apiVersion: v1, kind: Namespace, metadata: {name: c}}'],
    ['four dashes', '----'],
  ])('%s: an error at the separator; documents before it apply, the rest of the file does not', (_name, separator) => {
    const r = load(ns('a') + separator + '\n' + ns('b') + '---\n' + ns('c'));
    expect(names(r)).toEqual(['a']);
    expect(diag(r)).toEqual([{ code: 'YAML_SYNTAX', line: 5, severity: 'error' }]);
    expect(r.diagnostics[0].message).toMatch(/document separator/);
    expect(r.diagnostics[0].message).toMatch(/lines 5-14 .*not applied/);
  });

  it('a comment or spaces after the separator are fine', () => {
    const r = load(ns('a') + '--- # next\n' + ns('b') + '---   \n' + ns('c'));
    expect(names(r)).toEqual(['a', 'b', 'c']);
    expect(r.diagnostics).toEqual([]);
  });

  it('other files are still read', () => {
    const r = loadAll([{ path: 'a.yaml', text: '--- !tag\n' + ns('a') }, { path: 'b.yaml', text: ns('b') }]);
    expect(names(r)).toEqual(['b']);
    expect(r.diagnostics.map((d) => [d.ref.file, d.ref.line])).toEqual([['a.yaml', 1]]);
  });
});

describe('files that are not UTF-8 text', () => {
  it.each([
    ['a NUL byte (git-crypt)', '\u0000GITCRYPT\u0000\u00ff\u00fe'],
    ['invalid UTF-8 (decoded to U+FFFD)', 'apiVersion: v1\nkind: Secret\nmetadata: {name: \uFFFD\uFFFD}\n'],
  ])('%s: one warning naming the file, nothing parsed', (_name, text) => {
    const r = loadAll([{ path: 'secrets/db.yaml', text }, { path: 'ns.yaml', text: ns('a') }]);
    expect(r.diagnostics.map((d) => [d.code, d.ref.file, d.ref.line, d.severity])).toEqual([['UNREADABLE_FILE', 'secrets/db.yaml', 1, 'warning']]);
    expect(r.diagnostics[0].message).toMatch(/not UTF-8 text/);
    expect(names(r)).toEqual(['a']);
    expect(r.documents.map((d) => d.file)).toEqual(['ns.yaml']);
  });
});

const policy = (app: string, port: number) =>
  y('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: allow-scrape', '  namespace: mon', 'spec:', '  podSelector:', `    matchLabels: {app: ${app}}`, '  ingress:', `  - ports: [{port: ${port}}]`);

describe('an object defined twice', () => {
  it('the last copy wins, as kubectl apply does, with a warning naming both lines and what the earlier copy allowed', () => {
    const r = loadAll([
      { path: 'a/scrape.yaml', text: policy('api', 9090) },
      { path: 'b/scrape.yaml', text: policy('web', 8080) },
    ]);
    expect(r.cluster.policies.map((p) => [p.id, p.ref.file])).toEqual([['mon/allow-scrape', 'b/scrape.yaml']]);
    expect(r.diagnostics.map((d) => [d.code, d.ref.file, d.ref.line])).toEqual([['DUPLICATE_OBJECT', 'b/scrape.yaml', 1]]);
    const m = r.diagnostics[0].message;
    expect(m).toContain('a/scrape.yaml:1');
    // The diagnostic's own position is b/scrape.yaml:1: the message says "here" rather than repeat it.
    expect(m).not.toContain('b/scrape.yaml:1');
    expect(m).toContain('and here');
    expect(m).toMatch(/last/);
    expect(m).toContain('app=api');
    expect(m).toContain('TCP 9090');
  });

  it('the last copy of a workload and of a namespace wins too', () => {
    const dep = (label: string) => y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: w}', 'spec:', '  template:', '    metadata:', `      labels: {app: ${label}}`);
    const r = load(dep('one') + '---\n' + dep('two') + '---\n' + ns('x') + '---\n' + y('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: x', '  labels: {team: t}'));
    expect(r.cluster.workloads.map((w) => w.podLabels.app)).toEqual(['two']);
    expect(r.cluster.namespaces.map((n) => n.labels.team)).toEqual(['t']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['DUPLICATE_OBJECT', 'DUPLICATE_OBJECT']);
  });

  it('byte-identical repeats (a namespace.yaml copied into every app folder) are not warned about', () => {
    const r = loadAll([
      { path: 'app1/namespace.yaml', text: ns('shop') },
      { path: 'app2/namespace.yaml', text: ns('shop') },
      { path: 'app3/namespace.yaml', text: '---\n' + ns('shop') },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(names(r)).toEqual(['shop']);
  });
});

describe('a built-in kind under an apiVersion the API server does not serve', () => {
  const deployment = (apiVersion: string) => y(`apiVersion: ${apiVersion}`, 'kind: Deployment', 'metadata: {name: web, namespace: shop}', 'spec:', '  template:', '    metadata: {labels: {app: web}}', '    spec: {containers: [{name: c, image: i}]}');
  it.each([
    ['core/v1', 'Namespace', 'v1'],
    ['v1beta1', 'Namespace', 'v1'],
    ['extensions/v1beta1', 'Deployment', 'apps/v1'],
    ['apps/v1beta2', 'Deployment', 'apps/v1'],
    ['batch/v1beta1', 'CronJob', 'batch/v1'],
    ['networking.k8s.io/v1', 'Service', 'v1'],
    // kubectl refuses these NetworkPolicies as it refuses the Deployments above (new-user trial 39: a typo read as a policy of "another apiVersion", a warning).
    ['extensions/v1beta1', 'NetworkPolicy', 'networking.k8s.io/v1'],
    ['networking.k8s.io/v1beta1', 'NetworkPolicy', 'networking.k8s.io/v1'],
    ['networking/v1', 'NetworkPolicy', 'networking.k8s.io/v1'],
  ])('%s %s: an error at its apiVersion line, and the object is not created', (apiVersion, kind, served) => {
    const text = kind === 'Deployment' ? deployment(apiVersion) : y(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata: {name: x, namespace: shop, labels: {team: a}}');
    const r = load(text);
    expect(diag(r)).toEqual([{ code: 'UNSUPPORTED_API_VERSION', line: 1, severity: 'error' }]);
    expect(r.diagnostics[0].message).toBe(`${kind} of apiVersion ${apiVersion}: the API server serves ${kind} only as ${served}, so kubectl refuses it; ignored`);
    expect(r.cluster.namespaces).toEqual([]);
    expect(r.cluster.workloads).toEqual([]);
  });

  it('a kind of the same name in another API group (Knative Service) is another resource: not read, nothing said', () => {
    const r = load(y('apiVersion: serving.knative.dev/v1', 'kind: Service', 'metadata: {name: hello, namespace: shop}', 'spec:', '  template:', '    spec: {containers: [{image: i}]}'));
    expect(r.diagnostics).toEqual([]);
    expect(r.cluster.services ?? []).toEqual([]);
  });

  it('the served versions are read', () => {
    expect(names(load(ns('a')))).toEqual(['a']);
    expect(load(deployment('apps/v1')).cluster.workloads.map((w) => w.id)).toEqual(['shop/web[Deployment]']);
  });
});
