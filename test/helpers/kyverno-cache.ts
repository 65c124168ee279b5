/**
 * A Kyverno ClusterPolicy generating one NetworkPolicy per `Cache` custom resource (`cache-scrape`, its
 * policies selecting `app: <the Cache's name>` and isolating ingress), and the Cache objects it matches: the
 * fixture of the tests of per-object generate rules (kinds/kyverno-object-generate.ts), across builds and in
 * rollbacks. `ingress`: the generated spec's lines after `policyTypes: [Ingress]` (twelve spaces in);
 * `match`: the rule's `match` lines (six spaces in); `existing`: `generateExisting` and `synchronize` set.
 */
export const CACHE_MATCH: readonly string[] = ['      match:', '        any:', '          - resources:', '              kinds: [caches.example.io/v1/Cache]'];

export function cacheScrapeRule(ingress: readonly string[] = [], options: { readonly match?: readonly string[]; readonly existing?: boolean } = {}): string {
  return [
    'apiVersion: kyverno.io/v1',
    'kind: ClusterPolicy',
    'metadata:',
    '  name: cache-scrape',
    'spec:',
    '  rules:',
    '    - name: allow-scrape',
    ...(options.match ?? CACHE_MATCH),
    '      generate:',
    ...(options.existing === false ? [] : ['        generateExisting: true', '        synchronize: true']),
    '        apiVersion: networking.k8s.io/v1',
    '        kind: NetworkPolicy',
    '        name: allow-scrape-to-{{ request.object.metadata.name }}',
    '        namespace: "{{request.object.metadata.namespace}}"',
    '        data:',
    '          spec:',
    '            podSelector:',
    '              matchLabels:',
    '                app: "{{ request.object.metadata.name }}"',
    '            policyTypes: [Ingress]',
    ...ingress,
    '',
  ].join('\n');
}

/** A `Cache` named `name` in `namespace` (`apiVersion` caches.example.io/v1 unless given). */
export function cacheObject(name: string, namespace = 'shop', apiVersion = 'caches.example.io/v1'): string {
  return `apiVersion: ${apiVersion}\nkind: Cache\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {replicas: 1}\n`;
}
