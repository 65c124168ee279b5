/**
 * A Kyverno ClusterPolicy `generate` rule making a NetworkPolicy per object of another kind (a custom resource:
 * one per database or cache instance) is modelled (manifests/kinds/kyverno-object-generate.ts): once the
 * build is read, one NetworkPolicy per matching object, with the object's name and namespace put where
 * `{{request.object.metadata.name}}` and `{{request.object.metadata.namespace}}` are written. Real-eval 26,
 * talos-homelab a0a2f96d: hand-written copies of what such a rule generates were retired, and the diff read as
 * opening every port of the cache pods (695 paths) while the generated policies keep them as they were.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { peerId } from '../../src/engine/peers.js';
import { objectGenerate } from '../../src/manifests/kinds/kyverno-object-generate.js';
import { loadManifests } from '../../src/manifests/load.js';
import { CACHE_MATCH, cacheObject, cacheScrapeRule } from '../helpers/kyverno-cache.js';

const deployment = (name: string, namespace: string, labels = `{app: ${name}}`) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: main, image: x}]}\n`;

const cache = cacheObject;

const APPS = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n',
  deployment('sessions', 'shop'),
  deployment('web', 'shop'),
  deployment('exporter', 'monitoring'),
].join('---\n');

/** The generator; `match` lines go under the rule (six spaces in). */
const generator = (match: readonly string[] = CACHE_MATCH, port = '6379') =>
  cacheScrapeRule(['            ingress:', '              - from:', '                  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}', `                ports: [{protocol: TCP, port: ${port}}]`], { match });

/** What the generator makes for the cache `sessions`, written by hand. */
const HAND_WRITTEN = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: allow-monitoring, namespace: shop}',
  'spec:',
  '  podSelector: {matchLabels: {app: sessions}}',
  '  policyTypes: [Ingress]',
  '  ingress:',
  '    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]',
  '      ports: [{protocol: TCP, port: 6379}]',
  '',
].join('\n');

const pair = (r: ReturnType<typeof analyzeDiff>, src: string, dst: string) => r.pairs.find((p) => peerId(p.src) === src && peerId(p.dst) === dst);

describe('a Kyverno ClusterPolicy generating a NetworkPolicy per custom resource', () => {
  it('makes one per matching object of the build, with its name and namespace substituted, at the ClusterPolicy\'s lines', () => {
    const loaded = loadManifests([
      { path: 'apps.yaml', text: APPS },
      { path: 'cache.yaml', text: cache('sessions', 'shop') },
      { path: 'kyverno.yaml', text: generator() },
    ]);
    const made = loaded.cluster.policies.find((p) => p.id === 'shop/allow-scrape-to-sessions');
    expect(made?.podSelector).toEqual({ matchLabels: { app: 'sessions' }, expressions: [] });
    expect(made?.ref.file).toBe('kyverno.yaml');
    expect(loaded.unmodelled).toEqual([]);
    expect(loaded.diagnostics.filter((d) => d.code === 'UNMODELLED_POLICY')).toEqual([]);
    // No matching object, no policy: a Cache of another API group is another kind.
    const other = loadManifests([
      { path: 'apps.yaml', text: APPS },
      { path: 'cache.yaml', text: cache('sessions', 'shop', 'other.example.io/v1') },
      { path: 'kyverno.yaml', text: generator() },
    ]);
    expect(other.cluster.policies.map((p) => p.id)).toEqual([]);
    // Said at the rule's line: objects the cluster holds from elsewhere get a policy not analysed.
    const said = other.diagnostics.filter((d) => d.message.includes('generates a NetworkPolicy per'));
    expect(said.map((d) => [d.message, d.ref])).toEqual([
      ['Kyverno ClusterPolicy cache-scrape rules[0] generates a NetworkPolicy per Cache it matches, and the manifests hold none: a Cache the cluster holds from elsewhere gets a policy this analysis does not know', { file: 'kyverno.yaml', line: 7 }],
    ]);
    expect(loaded.diagnostics.filter((d) => d.message.includes('generates a NetworkPolicy per'))).toEqual([]);
  });

  it('retiring a hand-written copy of what it generates changes nothing (talos-homelab a0a2f96d)', () => {
    const kept = [
      { path: 'apps.yaml', text: APPS },
      { path: 'cache.yaml', text: cache('sessions', 'shop') },
      { path: 'kyverno.yaml', text: generator() },
    ];
    const r = analyzeDiff([...kept, { path: 'netpol.yaml', text: HAND_WRITTEN }], kept);
    expect(r.pairs).toEqual([]);
    expect(diffText(r)).toMatch(/^No change in allowed connectivity[.;]/);
  });

  it('a new object gets its policy: the diff closes its pods to all but what the policy admits, cited at the generator', () => {
    const base = [
      { path: 'apps.yaml', text: APPS },
      { path: 'kyverno.yaml', text: generator() },
    ];
    const r = analyzeDiff(base, [...base, { path: 'cache.yaml', text: cache('sessions', 'shop') }]);
    expect(pair(r, 'shop/web[Deployment]', 'shop/sessions[Deployment]')?.closed?.isAll()).toBe(true);
    expect(pair(r, 'monitoring/exporter[Deployment]', 'shop/sessions[Deployment]')).toBeDefined();
    expect(pair(r, 'monitoring/exporter[Deployment]', 'shop/sessions[Deployment]')?.head?.toJSON()).toEqual({ protocols: { TCP: [[6379, 6379]] } });
    expect(diffText(r)).toContain('NetworkPolicy shop/allow-scrape-to-sessions (kyverno.yaml:19) isolates ingress; its ingress rule 1 (kyverno.yaml:26)');
    // The cache's document is what a rollback reverts.
    expect(r.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual([]);
    expect(r.rollback.remainingOpened).toBe(0);
  });

  it('rolled back: a new object whose generated policy opens a path is reverted, as is a removed generator', () => {
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
    const base = [
      { path: 'apps.yaml', text: APPS },
      { path: 'deny.yaml', text: deny },
      { path: 'kyverno.yaml', text: generator() },
    ];
    const added = analyzeDiff(base, [...base, { path: 'cache.yaml', text: cache('sessions', 'shop') }]);
    expect(pair(added, 'monitoring/exporter[Deployment]', 'shop/sessions[Deployment]')?.opened?.toJSON()).toEqual({ protocols: { TCP: [[6379, 6379]] } });
    expect(added.rollback.documents.map((d) => `${d.change} ${d.head?.file}`)).toEqual(['added cache.yaml']);
    expect(added.rollback.remainingOpened).toBe(0);
    const withCache = [...base, { path: 'cache.yaml', text: cache('sessions', 'shop') }];
    const removed = analyzeDiff(withCache, withCache.filter((f) => f.path !== 'kyverno.yaml'));
    expect(pair(removed, 'monitoring/exporter[Deployment]', 'shop/sessions[Deployment]')?.closed?.toJSON()).toEqual({ protocols: { TCP: [[6379, 6379]] } });
  });

  it('names, namespaces (wildcards) and exclude pick the objects', () => {
    const onlyProd = ['      match:', '        any:', '          - resources:', '              kinds: [Cache]', '              namespaces: ["sh?p"]', '              names: ["sess*"]', '      exclude:', '        any:', '          - resources:', '              names: [sessions-old]'];
    const files = (extra: string) => [
      { path: 'apps.yaml', text: APPS },
      { path: 'cache.yaml', text: extra },
      { path: 'kyverno.yaml', text: generator(onlyProd) },
    ];
    const ids = (extra: string) => loadManifests(files(extra)).cluster.policies.map((p) => p.id).sort();
    expect(ids([cache('sessions', 'shop'), cache('sessions-old', 'shop'), cache('carts', 'shop'), cache('sessions', 'monitoring')].join('---\n'))).toEqual(['shop/allow-scrape-to-sessions']);
  });

  it('a rule it cannot read stays unmodelled, said at the ClusterPolicy\'s file and line', () => {
    const files = [
      { path: 'apps.yaml', text: APPS },
      { path: 'cache.yaml', text: cache('sessions', 'shop') },
      { path: 'kyverno.yaml', text: generator(undefined, '"{{ request.object.spec.port }}"') },
    ];
    const loaded = loadManifests(files);
    expect(loaded.cluster.policies).toEqual([]);
    expect(loaded.unmodelled.map((u) => u.kind.label)).toEqual(['Kyverno ClusterPolicy generating policies']);
    const said = loaded.diagnostics.find((d) => d.code === 'UNMODELLED_POLICY');
    expect(said?.ref).toEqual({ file: 'kyverno.yaml', line: 1 });
  });
});

describe('objectGenerate: which rules are read', () => {
  const rule = (match: unknown, extra: Record<string, unknown> = {}, generate: Record<string, unknown> = {}) => ({
    name: 'r',
    match,
    ...extra,
    generate: { kind: 'NetworkPolicy', name: 'p-{{request.object.metadata.name}}', namespace: '{{request.object.metadata.namespace}}', data: { spec: { podSelector: {} } }, ...generate },
  });
  const kinds = (...k: string[]) => ({ any: [{ resources: { kinds: k } }] });

  it('kinds as Kind, Version/Kind or Group/Version/Kind of kinds the model does not read', () => {
    expect(objectGenerate(rule(kinds('Cache')))).toBeDefined();
    expect(objectGenerate(rule(kinds('v1/ConfigMap')))).toBeDefined();
    expect(objectGenerate(rule(kinds('caches.example.io/*/Cache')))).toBeDefined();
    // Namespaces are kyverno-generate.ts's; kinds the model reads, wildcards and subresources are not read.
    for (const k of ['Namespace', 'Deployment', 'apps/v1/Deployment', '*', 'Cache*', 'Pod/status']) expect(objectGenerate(rule(kinds(k)))).toBeUndefined();
  });

  it('other variables, preconditions, context and requester filters leave the rule unread', () => {
    expect(objectGenerate(rule(kinds('Cache'), {}, { name: '{{ request.object.metadata.labels.app }}' }))).toBeUndefined();
    expect(objectGenerate(rule(kinds('Cache'), { preconditions: { all: [] } }))).toBeUndefined();
    expect(objectGenerate(rule(kinds('Cache'), { context: [] }))).toBeUndefined();
    expect(objectGenerate(rule({ any: [{ resources: { kinds: ['Cache'] }, subjects: [{ kind: 'User', name: 'a' }] }] }))).toBeUndefined();
    expect(objectGenerate(rule(kinds('Cache'), {}, { clone: { namespace: 'default', name: 'x' } }))).toBeUndefined();
  });
});
