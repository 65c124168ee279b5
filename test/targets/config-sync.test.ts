/**
 * Config Sync's namespace placement: a hierarchical repository's namespace directories and abstract
 * namespaces (inherited by every namespace below), and NamespaceSelectors (hierarchical and unstructured).
 * Before, such policies went to `default` (a real repository's added allow-all read as "No change").
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const REPO = 'apiVersion: configmanagement.gke.io/v1\nkind: Repo\nmetadata:\n  name: repo\nspec:\n  version: "1.0.0"\n';
const ns = (name: string, labels = '{}') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labels}\n`;
const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n';
const allowAll = (annotation = '') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-all\n${annotation ? `  annotations:\n    configmanagement.gke.io/namespace-selector: ${annotation}\n` : ''}spec:\n  podSelector: {}\n  ingress: [{}]\n`;
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const selector = (name: string, labels: string) => `apiVersion: configmanagement.gke.io/v1\nkind: NamespaceSelector\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: ${labels}\n`;

/** namespaces/eng/{analytics (web, env=prod), gamestore}, namespaces/rnd/lab; a deny-all in the abstract `namespaces/`. */
const hierarchy = (extra: Record<string, string> = {}) =>
  tempFolder({
    'system/repo.yaml': REPO,
    'namespaces/deny.yaml': deny,
    'namespaces/eng/analytics/namespace.yaml': ns('analytics', '{env: prod}'),
    'namespaces/eng/analytics/web.yaml': web,
    'namespaces/eng/gamestore/namespace.yaml': ns('gamestore'),
    'namespaces/rnd/lab/namespace.yaml': ns('lab'),
    ...extra,
  });

interface Json {
  pairs: { src: { id: string }; dst: { id: string }; opened: unknown; closed: unknown }[];
  notices: { code: string; message: string }[];
  rollback: { documents: { key: string }[] };
}

const diff = async (base: string, head: string) => {
  const out = await main(['diff', base, head, '--format', 'json']);
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
};
const openedTo = (j: Json) => [...new Set(j.pairs.filter((p) => p.opened).map((p) => p.dst.id))].sort();

describe('Config Sync hierarchical repository', () => {
  it('an object in an abstract namespace is inherited by every namespace directory below it, and reverting it is one document', async () => {
    const base = await hierarchy();
    const head = await hierarchy({ 'namespaces/eng/allow-all.yaml': allowAll() });
    const { exitCode, json } = await diff(base, head);
    expect(exitCode).toBe(1);
    // analytics and gamestore are below eng/; lab (rnd/) is not; nothing goes to default.
    expect(openedTo(json)).toEqual(['analytics/web[Deployment]', 'gamestore/[all pods]']);
    expect(json.notices.map((n) => n.code)).not.toContain('DEFAULT_NAMESPACE');
    expect(json.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/analytics/allow-all + NetworkPolicy/gamestore/allow-all']);
  });

  it('an object in a namespace directory goes to that namespace', async () => {
    const base = await hierarchy();
    const head = await hierarchy({ 'namespaces/rnd/lab/allow-all.yaml': allowAll() });
    expect(openedTo((await diff(base, head)).json)).toEqual(['lab/[all pods]']);
  });

  it('a NamespaceSelector narrows an inherited object to the namespaces below whose labels match', async () => {
    const base = await hierarchy({ 'namespaces/prod.yaml': selector('prod', '{env: prod}') });
    const head = await hierarchy({ 'namespaces/prod.yaml': selector('prod', '{env: prod}'), 'namespaces/allow-all.yaml': allowAll('prod') });
    expect(openedTo((await diff(base, head)).json)).toEqual(['analytics/web[Deployment]']);
  });

  it('an annotation naming no NamespaceSelector applies nowhere, with a notice', async () => {
    const base = await hierarchy();
    const head = await hierarchy({ 'namespaces/allow-all.yaml': allowAll('missing') });
    const { exitCode, json } = await diff(base, head);
    expect(exitCode).toBe(0);
    expect(json.notices.filter((n) => n.code === 'CONFIG_SYNC').map((n) => n.message)).toEqual([
      'plain manifests: NetworkPolicy allow-all names NamespaceSelector missing, which this repository does not define: Config Sync applies it nowhere',
    ]);
  });
});

describe('Config Sync unstructured repository', () => {
  it('a namespace-less object with a namespace-selector annotation goes to every declared namespace that matches, and nowhere else', async () => {
    const files = { 'ns.yaml': `${ns('orders', '{scope: backend}')}---\n${ns('shop', '{scope: frontend}')}`, 'api.yaml': web.replace('name: web', 'name: api\n  namespace: orders'), 'selector.yaml': selector('backend-scope', '{scope: backend}') };
    const base = await tempFolder(files);
    const head = await tempFolder({ ...files, 'deny.yaml': deny.replace('name: deny', 'name: deny\n  annotations:\n    configmanagement.gke.io/namespace-selector: backend-scope') });
    const { json } = await diff(base, head);
    const closedTo = [...new Set(json.pairs.filter((p) => p.closed).map((p) => p.dst.id))].sort();
    expect(closedTo).toEqual(['orders/api[Deployment]']);
    expect(json.pairs.some((p) => p.dst.id.startsWith('default/') || p.dst.id.startsWith('shop/'))).toBe(false);
  });

  // `mode: dynamic` (anthos-config-management-samples 63f69ce: the namespaces come from fleet scopes, not the repository).
  const dynamicSelector = (name: string, labels: string) => selector(name, labels).replace('spec:\n', 'spec:\n  mode: dynamic\n');
  const annotatedDeny = (name: string, namespace?: string) =>
    deny.replace('name: deny', `name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}\n  annotations:\n    configmanagement.gke.io/namespace-selector: backend-scope`);
  const dynamicFiles = { 'ns.yaml': `${ns('orders', '{scope: backend}')}---\n${ns('shop', '{scope: frontend}')}`, 'api.yaml': web.replace('name: web', 'name: api\n  namespace: orders'), 'selector.yaml': dynamicSelector('backend-scope', '{scope: backend}') };

  it('a dynamic NamespaceSelector: the policy applies in the declared namespaces it matches and is counted as unmodelled for the others, never a silent pass', async () => {
    const base = await tempFolder(dynamicFiles);
    const head = await tempFolder({ ...dynamicFiles, 'deny.yaml': annotatedDeny('deny') });
    const out = await main(['diff', base, head, '--format', 'json']);
    const json = JSON.parse(out.stdout) as Json & { unmodelled: { kind: string; count: number; changed: number }[] };
    expect([...new Set(json.pairs.filter((p) => p.closed).map((p) => p.dst.id))]).toEqual(['orders/api[Deployment]']);
    expect(json.pairs.some((p) => p.dst.id.startsWith('default/') || p.dst.id.startsWith('shop/'))).toBe(false);
    expect(json.unmodelled).toEqual([expect.objectContaining({ count: 1, changed: 1 })]);
    // Config Sync places the namespace-less policy: nothing is put in `default`.
    expect(json.notices.map((n) => n.code)).not.toContain('DEFAULT_NAMESPACE');
    const text = await main(['diff', base, head]);
    expect(text.stdout.split('\n')[0]).toContain('results ignore 1 NetworkPolicy a dynamic NamespaceSelector places in undeclared namespaces');
    // The check run is not `success` for it (check-run.ts reads `unmodelled`).
    const md = await main(['diff', base, head, '--format', 'md']);
    expect(md.stdout).toContain('NetworkPolicy a dynamic NamespaceSelector places in undeclared namespaces');
  });

  it('a dynamic NamespaceSelector with no declared namespace matching: the only change is counted, not "no change" alone', async () => {
    const files = { ...dynamicFiles, 'ns.yaml': ns('shop', '{scope: frontend}') };
    const head = await tempFolder({ ...files, 'deny.yaml': annotatedDeny('deny') });
    const out = await main(['diff', await tempFolder(files), head, '--format', 'json']);
    const json = JSON.parse(out.stdout) as Json & { unmodelled: { count: number; changed: number }[] };
    expect(json.pairs).toEqual([]);
    expect(json.unmodelled).toEqual([expect.objectContaining({ count: 1, changed: 1 })]);
    // A policy naming an undeclared namespace is the same: whether it applies depends on labels only the cluster has.
    const named = await main(['diff', await tempFolder(files), await tempFolder({ ...files, 'deny.yaml': annotatedDeny('deny', 'billing') }), '--format', 'json']);
    expect((JSON.parse(named.stdout) as { unmodelled: unknown[] }).unmodelled).toEqual([expect.objectContaining({ count: 1, changed: 1 })]);
  });

  it('the same files with the default static mode: no unmodelled objects (only declared namespaces are selected)', async () => {
    const files = { ...dynamicFiles, 'selector.yaml': selector('backend-scope', '{scope: backend}') };
    const out = await main(['diff', await tempFolder(files), await tempFolder({ ...files, 'deny.yaml': annotatedDeny('deny') }), '--format', 'json']);
    expect((JSON.parse(out.stdout) as { unmodelled: unknown[] }).unmodelled).toEqual([]);
  });
});

it('a folder without Config Sync objects is read as before', async () => {
  const dir = await tempFolder({ 'namespaces/eng/analytics/namespace.yaml': ns('analytics'), 'namespaces/eng/allow.yaml': allowAll() });
  const out = await main(['list', join(dir), '--format', 'json']);
  expect(out.stdout).toContain('default/');
});
