/**
 * kustomize-controller applies a Flux Kustomization's build in stages, Namespaces (and CRDs) first, each stage its
 * own server-side dry-run and apply: an object of a later stage the API server rejects fails the apply after head's
 * Namespaces, *as head's build makes them*, reached the cluster. A Namespace relabelled by a patch, a `labels:`
 * transformer or the Flux Kustomization's `commonMetadata` (none of them in the Namespace's own file) is applied
 * so (targets/first-stage-built.ts): its new labels change which `namespaceSelector` peers match it.
 */
import { diffSides } from '../helpers/folder-diff.js';
import type { Files } from '../helpers/flux-stage-fixtures.js';
import { badPort, flux, kustomization, namespace, relabel, twoTargetBase } from '../helpers/flux-stage-fixtures.js';

interface Json {
  summary: { opened: number; closed: number; notAnalysed?: number };
  pairs: { src: { id: string }; dst: { id: string } }[];
  notAnalysed?: { file: string; line: number; code: string; wholeTarget?: Record<string, unknown> }[];
}
const run = async (base: Files, head: Files) => {
  const sides = diffSides({ base, head });
  const j = JSON.parse((await sides.run('--format', 'json')).stdout) as Json;
  const text = await sides.run();
  return { j, text: text.stdout, code: text.exitCode, opened: j.pairs.map((p) => `${p.src.id} -> ${p.dst.id}`) };
};

const base: Files = twoTargetBase;

/** The base with a rejected policy listed by `ns`'s kustomization: the apply fails at its second stage. */
const rejected = (rest = '') => ({ ...base, 'ns/kustomization.yaml': kustomization(['client.yaml', 'bad.yaml'], rest), 'ns/bad.yaml': badPort });
const NOTE = "after its first stage, which applies Namespaces and CRDs on their own: Namespace client (ns/client.yaml:1) is applied as head's build makes it), so the cluster keeps base's state of the rest of that target";

describe("a Flux apply failing after its first stage applies head's built Namespaces, whatever file relabels them", () => {
  it('a patch in the kustomization that also lists the rejected policy: client → web opens, the Namespace named at its document', async () => {
    const { j, text, code, opened } = await run(base, rejected(relabel));
    expect(opened).toEqual(['client/client[Deployment] -> shop/web[Deployment]']);
    expect(code).toBe(1);
    expect(j.notAnalysed).toEqual([expect.objectContaining({ file: 'ns/bad.yaml', line: 7, wholeTarget: { controller: 'Flux Kustomization ns', file: 'clusters/prod/ns.yaml', line: 1, step: 'apply', firstStageNamespaces: [{ namespace: 'client', file: 'ns/client.yaml', line: 1 }] } })]);
    expect(text).toContain(NOTE);
    expect(text).toContain('why: namespace client no longer carries team=a and now carries team=b (ns/client.yaml:1)');
    // The rollback reads the failing build at base: its note names the Namespace and the build's changed files.
    expect(text).toContain("note: No patch is offered: the opened paths may come from Namespace client (ns/client.yaml:1), which the failing apply of Flux Kustomization ns applies at its first stage as head's build makes it; reverting that build's change (changed here: ns/bad.yaml, ns/kustomization.yaml) restores base's labels.");
    expect(text).not.toContain('DUPLICATE_OBJECT');
  });

  it("a `labels:` transformer of the kustomization", async () => {
    const { text, opened } = await run(base, rejected('labels:\n  - pairs: {team: b}\n'));
    expect(opened).toEqual(['client/client[Deployment] -> shop/web[Deployment]']);
    expect(text).toContain(NOTE);
  });

  it("the Flux Kustomization's own `patches`", async () => {
    const patches = '  patches:\n    - target: {kind: Namespace, name: client}\n      patch: |-\n        - op: replace\n          path: /metadata/labels/team\n          value: b\n';
    const { text, opened } = await run(base, { ...rejected(), 'clusters/prod/ns.yaml': flux('ns', './ns', patches) });
    expect(opened).toEqual(['client/client[Deployment] -> shop/web[Deployment]']);
    expect(text).toContain(NOTE);
  });

  it("the Flux Kustomization's `commonMetadata` labels, over a folder Flux lists itself (no kustomization file)", async () => {
    const { 'ns/kustomization.yaml': _, ...plainBase } = base;
    const head = { ...plainBase, 'clusters/prod/ns.yaml': flux('ns', './ns', '  commonMetadata:\n    labels: {team: b}\n'), 'ns/bad.yaml': badPort };
    const { text, opened } = await run(plainBase, head);
    expect(opened).toEqual(['client/client[Deployment] -> shop/web[Deployment]']);
    expect(text).toContain(NOTE);
  });

  it('a new Kustomization whose first apply fails at its second stage creates its Namespaces as its build makes them', async () => {
    const { 'clusters/prod/ns.yaml': _a, 'ns/kustomization.yaml': _b, 'ns/client.yaml': _c, ...noNs } = base;
    const head = { ...noNs, 'clusters/prod/ns.yaml': flux('ns', './ns'), 'ns/kustomization.yaml': kustomization(['client.yaml', 'bad.yaml'], relabel), 'ns/client.yaml': namespace('client', 'a'), 'ns/bad.yaml': badPort };
    const { j, opened } = await run(noNs, head);
    expect(opened).toContain('client/client[Deployment] -> shop/web[Deployment]');
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ firstApply: true, firstStageNamespaces: [{ namespace: 'client', file: 'ns/client.yaml', line: 1 }] });
  });

  it('the guards: a relabel its own file holds is staged by file, as before; a rejected Namespace applies nothing', async () => {
    const byFile = await run(base, { ...rejected(), 'ns/client.yaml': namespace('client', 'b') });
    expect(byFile.opened).toEqual(['client/client[Deployment] -> shop/web[Deployment]']);
    expect(byFile.j.notAnalysed?.[0].wholeTarget).toMatchObject({ firstStage: ['ns/client.yaml'] });
    expect(byFile.j.notAnalysed?.[0].wholeTarget?.firstStageNamespaces).toBeUndefined();
    const badNs = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n  labels: {team: "b!"}\n`;
    const first = await run(base, { ...base, 'ns/kustomization.yaml': kustomization(['client.yaml', 'other.yaml'], relabel), 'ns/other.yaml': badNs });
    expect(first.opened).toEqual([]);
    expect(first.j.notAnalysed?.[0].wholeTarget?.firstStageNamespaces).toBeUndefined();
  });

  it('a plain kustomize build (kubectl apply -k, no Flux) applies the rest of its objects: the relabel is read as head has it', async () => {
    const strip = (files: Files) => Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith('clusters/')));
    const top = kustomization(['ns', 'web']);
    const web = kustomization(['deploy.yaml', 'client.yaml', 'pol.yaml']);
    const plain = (files: Files) => ({ ...strip(files), 'kustomization.yaml': top, 'web/kustomization.yaml': web });
    const { j, opened } = await run(plain(base), plain(rejected(relabel)));
    expect(opened).toEqual(['client/client[Deployment] -> shop/web[Deployment]']);
    expect(j.notAnalysed).toBeUndefined();
  });
});
