/**
 * A pull request's pushes one after another on one warm process (the App: base side, last head, last diff,
 * workloads by id, the namespaces base's documents hold, all kept from event to event) report exactly what a
 * cold process reports for each: the whole JSON, byte for byte. The pushes relabel a workload, edit a policy,
 * edit that policy again, renumber a named container port, revert, and rename a namespace two ways and back,
 * so that each push's answers differ from what the previous push kept.
 */
import type { ManifestFile } from '../../src/manifests/load.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';

const yamlMap = (m: Readonly<Record<string, string>>, indent: string) => Object.entries(m).map(([k, v]) => `${indent}${k}: ${v}`).join('\n');

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    team: ${name}\n`;

function deployment(ns: string, name: string, labels: Readonly<Record<string, string>>, ports: readonly (readonly [string, number])[] = []): string {
  const declared = ports.length ? `\n          ports:\n${ports.map(([n, p]) => `            - name: ${n}\n              containerPort: ${p}`).join('\n')}` : '';
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n${yamlMap({ app: name, ...labels }, '        ')}\n    spec:\n      containers:\n        - name: main\n          image: example/${name}:1${declared}\n`;
}

interface Rule {
  readonly from: Readonly<Record<string, string>>;
  readonly ports: readonly (string | number)[];
  /** Pods of `from` in any namespace (else the policy's own). */
  readonly anyNamespace?: boolean;
}

/** A NetworkPolicy admitting, rule by rule, pods with the labels `from` on `ports`. */
function ingressPolicy(ns: string, name: string, selected: Readonly<Record<string, string>>, rules: readonly Rule[]): string {
  const rule = (r: Rule) => {
    const peer = `${r.anyNamespace ? '        - namespaceSelector: {}\n          podSelector:' : '        - podSelector:'}\n            matchLabels:\n${yamlMap(r.from, '              ')}`;
    return `    - from:\n${peer}\n      ports:\n${r.ports.map((p) => `        - port: ${p}`).join('\n')}`;
  };
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n${yamlMap(selected, '      ')}\n  policyTypes: [Ingress]\n  ingress:\n${rules.map(rule).join('\n')}\n`;
}

/** db-in: web's tier on pg, and with `cachePort`, the cache (of namespace data) on that port. */
const dbIn = (cachePort?: number) => ingressPolicy('shop', 'db-in', { app: 'db' }, [{ from: { tier: 'front' }, ports: ['pg'] }, ...(cachePort ? [{ from: { app: 'cache' }, ports: [cachePort], anyNamespace: true }] : [])]);

/** Team namespace `team` with its API and the policy keeping it to itself. */
const team = (ns: string): Record<string, string> => ({
  [`${ns}/namespace.yaml`]: namespace(ns),
  [`${ns}/api.yaml`]: deployment(ns, 'api', { role: 'api' }),
  [`${ns}/policy.yaml`]: ingressPolicy(ns, 'api-in', { app: 'api' }, [{ from: { app: 'api' }, ports: [8080] }]),
});

const BASE: Record<string, string> = {
  'shop/namespace.yaml': namespace('shop'),
  'shop/web.yaml': deployment('shop', 'web', { tier: 'front' }),
  'shop/db.yaml': deployment('shop', 'db', { tier: 'back' }, [['pg', 5432]]),
  'shop/policy.yaml': dbIn(),
  'data/namespace.yaml': namespace('data'),
  'data/cache.yaml': deployment('data', 'cache', {}),
  'data/policy.yaml': ingressPolicy('data', 'cache-in', { app: 'cache' }, [{ from: { app: 'cache' }, ports: [6379] }]),
  ...team('team-a'),
};

const files = (m: Readonly<Record<string, string>>): ManifestFile[] => Object.entries(m).map(([path, text]) => ({ path, text }));

/** Base with `edits` (null: the file removed). */
function push(edits: Readonly<Record<string, string | null>>): ManifestFile[] {
  const out: Record<string, string> = { ...BASE };
  for (const [path, text] of Object.entries(edits)) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return files(out);
}

/** cache-in admitting the API pods of every namespace. */
const CACHE_OPENED = ingressPolicy('data', 'cache-in', { app: 'cache' }, [{ from: { role: 'api' }, ports: [6379], anyNamespace: true }]);

/** team-a renamed `to`: its files moved to a folder of that name, the cache opened to every namespace's pods (so the rollback runs). */
const renamed = (to: string) => push({ 'team-a/namespace.yaml': null, 'team-a/api.yaml': null, 'team-a/policy.yaml': null, ...team(to), 'data/policy.yaml': CACHE_OPENED });

const PUSHES: readonly (readonly [string, ManifestFile[]])[] = [
  // web relabelled (db-in's first rule no longer admits it), db-in given a second rule.
  ['relabel and edit', push({ 'shop/web.yaml': deployment('shop', 'web', { tier: 'edge' }), 'shop/policy.yaml': dbIn(6379) })],
  // db-in, which the last push changed, changed again; db's pg renumbered (db-in's first rule names the port pg); web as on base.
  ['the same policy again', push({ 'shop/db.yaml': deployment('shop', 'db', { tier: 'back' }, [['pg', 5433]]), 'shop/policy.yaml': dbIn(6380) })],
  // db-in reverted to base; db's port stays renumbered.
  ['policy reverted', push({ 'shop/db.yaml': deployment('shop', 'db', { tier: 'back' }, [['pg', 5433]]) })],
  ['everything reverted', push({})],
  ['namespace renamed', renamed('team-b')],
  ['renamed otherwise', renamed('team-c')],
  ['the first rename again', renamed('team-b')],
  // Only the API moved: team-a still holds objects on head, so no rename (head's answer for team-a differs from the pushes before).
  ['a workload moved, its namespace kept', push({ 'team-a/api.yaml': null, 'team-b/namespace.yaml': namespace('team-b'), 'team-b/api.yaml': deployment('team-b', 'api', { role: 'api' }), 'data/policy.yaml': CACHE_OPENED })],
  ['relabel and edit again', push({ 'shop/web.yaml': deployment('shop', 'web', { tier: 'edge' }), 'shop/policy.yaml': dbIn(6379) })],
];

async function cold(head: readonly ManifestFile[]): Promise<string> {
  clearWarmState();
  const json = targetsJson(await analyzeTargets(files(BASE), head, { baseKey: 'base-tree' }));
  clearWarmState();
  return json;
}

describe('a pull request\'s pushes on one warm process', () => {
  afterAll(clearWarmState);

  it('each report equals a cold process\'s, byte for byte', async () => {
    const expected: string[] = [];
    for (const [, head] of PUSHES) expected.push(await cold(head));
    // The sequence reaches what it means to: label and port reasons, a rollback renaming a namespace back, a push with no change.
    expect(expected[0]).toContain('"labels-changed"');
    expect(expected[1]).toContain('"ports-changed"');
    expect(expected[2]).toContain('"ports-changed"');
    expect(JSON.parse(expected[3]).targets[0].pairs).toEqual([]);
    expect(expected[4]).toContain('"renames"');
    expect(expected[5]).toContain('"renames"');
    expect(expected[5]).not.toBe(expected[4]);
    expect(expected[7]).not.toContain('"renames"');
    expect(JSON.parse(expected[7]).targets[0].rollback.documents.length).toBeGreaterThan(0);
    clearWarmState();
    // Files read afresh at every event, as the App reads them: new objects and new strings.
    const warm: [string, string][] = [];
    for (const [name, head] of PUSHES) warm.push([name, targetsJson(await analyzeTargets(files(BASE).map((f) => ({ ...f, text: `${f.text}` })), head.map((f) => ({ ...f })), { baseKey: 'base-tree' }))]);
    warm.forEach(([name, json], i) => expect([name, json]).toEqual([name, expected[i]]));
  });
});
