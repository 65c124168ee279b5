/**
 * Targets the layout guessed (top-level kustomizations, no controller objects, no cluster named) see the
 * Namespaces the other targets declare: a Namespace relabel in `namespaces/` that cuts or opens a path
 * of `app/`'s policy was "no change", exit 0 (a real repository applies such folders to one cluster).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const ns = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labels}\n`;
const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x}]}\n';
const fromDmz = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {zone: dmz}}\n';
const repo = (frontZone: string, extra: Record<string, string> = {}) => ({
  'namespaces/kustomization.yaml': 'resources:\n- ns.yaml\n',
  'namespaces/ns.yaml': `${ns('front', `{zone: ${frontZone}}`)}---\n${ns('back', '{}')}`,
  'app/kustomization.yaml': 'namespace: back\nresources:\n- deploy.yaml\n- policy.yaml\n',
  'app/deploy.yaml': api,
  'app/policy.yaml': fromDmz,
  ...extra,
});

interface Json {
  targets: { name: string; pairs: { src: { id: string }; dst: { id: string }; opened: unknown; closed: unknown }[] }[];
  rollback: { notes?: string[] };
}
const diff = async (base: Record<string, string>, head: Record<string, string>) => {
  const out = await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json']);
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json, text: (await main(['diff', await tempFolder(base), await tempFolder(head)])).stdout };
};
const lines = (j: Json, which: 'opened' | 'closed') => j.targets.flatMap((t) => t.pairs.filter((p) => p[which]).map((p) => `${t.name}: ${p.src.id} => ${p.dst.id}`));

it('a Namespace relabel in another target closes the path it no longer matches', async () => {
  const { exitCode, json } = await diff(repo('dmz'), repo('internal'));
  expect(exitCode).toBe(0);
  expect(lines(json, 'closed')).toEqual(['app: front/[all pods] => back/api[Deployment]']);
});

it('and the opposite relabel opens it (exit 1); the rollback points at the Namespace\'s own file', async () => {
  const { exitCode, json, text } = await diff(repo('internal'), repo('dmz'));
  expect(exitCode).toBe(1);
  expect(lines(json, 'opened')).toEqual(['app: front/[all pods] => back/api[Deployment]']);
  expect(text).toContain('changed here: namespaces/ns.yaml');
});

it('a Namespace two targets declare with different labels (per-environment overlays) is shared by neither', async () => {
  const env = (zone: string) => ({ 'dev/kustomization.yaml': 'resources:\n- ns.yaml\n', 'dev/ns.yaml': ns('front', `{zone: ${zone}}`), 'prod/kustomization.yaml': 'resources:\n- ns.yaml\n', 'prod/ns.yaml': ns('front', '{zone: internal}') });
  const base = repo('dmz', env('dmz'));
  delete (base as Record<string, string>)['namespaces/ns.yaml'];
  base['namespaces/ns.yaml'] = ns('back', '{}');
  const head = { ...base, ...env('dmz'), 'prod/ns.yaml': ns('front', '{zone: dmz}') };
  // base: dev and prod disagree on front's labels, so app does not know front; head: they agree (dmz), so app sees it.
  const { json } = await diff(base, head);
  expect(lines(json, 'opened')).toEqual(['app: front/[all pods] => back/api[Deployment]']);
});
