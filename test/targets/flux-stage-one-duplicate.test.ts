/**
 * One Namespace that two Flux Kustomizations relabel differently, at least one of them failing its apply after its
 * first stage (which applies head's built Namespaces: first-stage-built.ts). Both copies reach the cluster, each at its
 * Kustomization's reconciliation, so the cluster holds whichever applied last: the report says DUPLICATE_OBJECT at both
 * copies' own documents and analyses the last in path order, as when both Kustomizations apply. Before, the first
 * failing apply's copy was kept silently (and the second's item said its Namespaces stayed as base has them), and an
 * applying Kustomization's copy was dropped silently.
 */
import { diffSides } from '../helpers/folder-diff.js';
import type { Files } from '../helpers/flux-stage-fixtures.js';
import { badPort, deploy, flux, kustomization, namespace } from '../helpers/flux-stage-fixtures.js';

/** web (web) admits only namespaces labelled team=b. */
const webIn = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: b}}}]\n`;
const base: Files = {
  'clusters/prod/a.yaml': flux('a', './a'),
  'clusters/prod/b.yaml': flux('b', './b'),
  'clusters/prod/web.yaml': flux('web', './web'),
  'a/kustomization.yaml': kustomization(['shop.yaml']),
  'a/shop.yaml': namespace('shop', 'x'),
  'b/kustomization.yaml': kustomization(['shop.yaml']),
  'b/shop.yaml': namespace('shop', 'x'),
  'web/deploy.yaml': deploy('web', 'web'),
  'web/shop.yaml': deploy('client', 'shop'),
  'web/pol.yaml': webIn,
};
/** A kustomization patch relabelling Namespace shop team=`team`. */
const relabel = (team: string) => `patches:\n  - target: {kind: Namespace, name: shop}\n    patch: |-\n      - op: replace\n        path: /metadata/labels/team\n        value: ${team}\n`;
/** Kustomization `k`'s build relabels shop team=`team`, and fails its apply after its first stage when `fails`. */
const edit = (k: string, team: string, fails: boolean): Files =>
  fails ? { [`${k}/kustomization.yaml`]: kustomization(['shop.yaml', 'bad.yaml'], relabel(team)), [`${k}/bad.yaml`]: badPort.replace('name: bad', `name: bad-${k}`).replace('namespace: client', 'namespace: shop') } : { [`${k}/kustomization.yaml`]: kustomization(['shop.yaml'], relabel(team)) };

const warning = "b/shop.yaml:1: warning: Namespace shop is applied by 2 Flux Kustomizations of this cluster, a (a/shop.yaml:1) and b (here): they apply with one field manager, so each reconciliation of one overwrites the copy another applied, Flux reports no conflict, and the cluster holds whichever applied last (give the object to one Kustomization); analysed: this copy, the last in path order, and the earlier copy, which had the labels {kubernetes.io/metadata.name=shop,team=a}, is ignored [DUPLICATE_OBJECT]";

const run = async (head: Files) => {
  const sides = diffSides({ base, head });
  const text = (await sides.run('--fail-on', 'never')).stdout;
  const j = JSON.parse((await sides.run('--format', 'json', '--fail-on', 'never')).stdout) as { pairs: { src: { id: string }; dst: { id: string } }[]; warnings?: { code: string; file: string; line: number }[] };
  return { text, opened: j.pairs.map((p) => `${p.src.id} -> ${p.dst.id}`), duplicates: (j.warnings ?? []).filter((w) => w.code === 'DUPLICATE_OBJECT').map((w) => `${w.file}:${w.line}`) };
};

describe("a Namespace two Flux Kustomizations label differently, one failing its apply after its first stage", () => {
  it('both fail after their first stage: both copies are applied, the last in path order (b: team=b) is analysed, and DUPLICATE_OBJECT cites both', async () => {
    const r = await run({ ...base, ...edit('a', 'a', true), ...edit('b', 'b', true) });
    expect(r.text).toContain(warning);
    expect(r.duplicates).toEqual(['b/shop.yaml:1']);
    expect(r.opened).toEqual(['shop/client[Deployment] -> web/web[Deployment]']);
    // b's item names its first stage's copy (it said "leaves the build's Namespaces as base has them").
    expect(r.text).toContain("Flux Kustomization b fails its whole apply on it (the API server rejects the object at its server-side dry-run, after its first stage, which applies Namespaces and CRDs on their own: Namespace shop (b/shop.yaml:1) is applied as head's build makes it)");
    expect(r.text).toContain("the failing applies of Flux Kustomization a and Flux Kustomization b apply at their first stages as head's build makes them; reverting those builds' changes (changed here: a/bad.yaml, a/kustomization.yaml, b/bad.yaml, b/kustomization.yaml)");
  });

  it("a's first stage applies its changed Namespace file as written (staged by file), b's its build's relabel: the same", async () => {
    const byFile = { ...edit('a', 'a', true), 'a/kustomization.yaml': kustomization(['shop.yaml', 'bad.yaml']), 'a/shop.yaml': namespace('shop', 'a') };
    const r = await run({ ...base, ...byFile, ...edit('b', 'b', true) });
    expect(r.text).toContain(warning);
    expect(r.duplicates).toEqual(['b/shop.yaml:1']);
    expect(r.opened).toEqual(['shop/client[Deployment] -> web/web[Deployment]']);
  });

  it("one fails after its first stage, the other applies: either way round, the last copy in path order (b's) is analysed and DUPLICATE_OBJECT cites both", async () => {
    for (const head of [{ ...base, ...edit('a', 'a', true), ...edit('b', 'b', false) }, { ...base, ...edit('a', 'a', false), ...edit('b', 'b', true) }]) {
      const r = await run(head);
      expect(r.text).toContain(warning);
      expect(r.duplicates).toEqual(['b/shop.yaml:1']);
      expect(r.opened).toEqual(['shop/client[Deployment] -> web/web[Deployment]']);
    }
  });

  it('guard: the same labels on both copies are one copy, no warning', async () => {
    const r = await run({ ...base, ...edit('a', 'b', true), ...edit('b', 'b', false) });
    expect(r.duplicates).toEqual([]);
    expect(r.opened).toEqual(['shop/client[Deployment] -> web/web[Deployment]']);
  });
});
