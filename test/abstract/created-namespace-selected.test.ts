/**
 * A namespace the change creates with a label that a policy elsewhere admits by (`namespaceSelector: {team: b}`):
 * every pod that could run there (`shop/[all pods]`, pods the manifests do not hold) may reach web on TCP 80. That
 * path opens whether or not the namespace existed before, so it is counted (docs/abstract-peers.md, "A namespace the
 * change creates"), with its own policies (a default-deny and an egress allow to web) or without; only what those
 * policies would close is set apart. The texts that say the namespace's pods' paths are not counted say which are.
 * The same namespace existing on both sides reads as closings only.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const deployment = (name: string, ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
/** web admits, on TCP 80, namespaces labelled team=b (line 8: the rule). */
const webIn = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: b}}}]\n      ports: [{port: 80}]\n`;
const shop = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: b}\n';
const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
const toWeb = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: to-web, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}]\n      ports: [{port: 80}]\n`;
const base: Files = { 'apps/web.yaml': deployment('web', 'web'), 'apps/web-in.yaml': webIn, 'apps/prom.yaml': deployment('prom', 'monitoring') };
const policies: Files = { 'apps/deny.yaml': deny, 'apps/allow.yaml': toWeb };

interface Json {
  summary: { opened: number; closed: number };
  pairs: { src: { id: string }; dst: { id: string }; opened: unknown }[];
  createdNamespaces?: { namespaces: string[]; closed: number; opened: number; policies: { name: string }[] };
}
const run = async (b: Files, h: Files) => {
  const sides = diffSides({ base: b, head: h });
  const text = await sides.run();
  const md = (await sides.run('--format', 'md')).stdout;
  const j = JSON.parse((await sides.run('--format', 'json')).stdout) as Json;
  return { text: text.stdout, code: text.exitCode, md, j, opened: j.pairs.filter((p) => p.opened).map((p) => `${p.src.id} -> ${p.dst.id}`) };
};
const OPENS = 'Opens web/web to shop/[all pods] on TCP 80 (1 rule, apps/web-in.yaml:8).';
const COUNTED = 'not counted, but for the path the change opens with them, counted: it opens whether or not the namespace existed before';

describe('a namespace the change creates that a policy elsewhere admits by its label', () => {
  it('with a default-deny and an egress allow of its own: the opened path counts, and the clause and note say it is counted', async () => {
    const { text, code, md, j, opened } = await run(base, { ...base, 'apps/shop.yaml': shop, ...policies });
    expect(code).toBe(1);
    expect(opened).toEqual(['shop/[all pods] -> web/web[Deployment]']);
    expect(text.split('\n')[0]).toBe(
      `1 path opened; namespace shop is new (its 2 policies at apps/allow.yaml:1 and apps/deny.yaml:1 apply to pods the manifests do not hold yet, ${COUNTED}; if it already existed, outside the repository, the change closes 10 paths of its pods; not counted).`,
    );
    expect(text).toContain(OPENS);
    expect(text).toContain(`Note: Namespace shop is new: what NetworkPolicy shop/to-web (apps/allow.yaml:1) and NetworkPolicy shop/deny (apps/deny.yaml:1) allow and deny apply to pods the manifests do not hold there yet, whose paths are ${COUNTED}. If it already existed`);
    expect(md).toContain(`whose paths are ${COUNTED}.`);
    expect(j.summary).toMatchObject({ opened: 1, closed: 0 });
    expect(j.createdNamespaces).toMatchObject({ namespaces: ['shop'], closed: 10, opened: 1 });
  });

  it('without policies of its own: the same path, counted; the rollback deletes the Namespace', async () => {
    const { text, code, j, opened } = await run(base, { ...base, 'apps/shop.yaml': shop });
    expect(code).toBe(1);
    expect(opened).toEqual(['shop/[all pods] -> web/web[Deployment]']);
    expect(text.split('\n')[0]).toBe('1 path opened.');
    expect(text).toContain(OPENS);
    expect(text).toContain('delete Namespace/shop (apps/shop.yaml:1)');
    expect(j.createdNamespaces).toBeUndefined();
  });

  it('guard: the same namespace on both sides reads as closings only; nothing it opens, nothing said of being new', async () => {
    const { text, code, j } = await run({ ...base, 'apps/shop.yaml': shop }, { ...base, 'apps/shop.yaml': shop, ...policies });
    expect(code).toBe(0);
    expect(text.split('\n')[0]).toBe('10 paths closed.');
    expect(j.summary).toMatchObject({ opened: 0, closed: 10 });
    expect(j.createdNamespaces).toBeUndefined();
  });
});
