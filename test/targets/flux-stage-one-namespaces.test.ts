/**
 * kustomize-controller applies a build in stages: CustomResourceDefinitions and Namespaces first (their own
 * server-side dry-run and apply), then the rest. An object of the second stage that the API server rejects fails
 * the Kustomization's apply after the first stage was applied, so head's Namespaces of that build reach the
 * cluster (their labels), while its other objects keep base's state (targets/failed-targets.ts, stage one). A
 * rejected Namespace fails the first stage: nothing of the build is applied.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const flux = (name: string, path: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const namespace = (name: string, team: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {team: ${team}}\n`;
/** web (shop) admits only namespaces labelled team=b. */
const webIn = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: b}}}]\n`;
/** A policy whose port the API server refuses (line 7: the port). */
const badPort = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: client}\nspec:\n  podSelector: {}\n  ingress:\n    - ports: [{port: 70000}]\n`;

interface Json {
  summary: { opened: number; closed: number; notAnalysed?: number };
  notAnalysed?: { file: string; line: number; code: string; wholeTarget?: { controller: string; step?: string; firstApply?: boolean; firstStage?: string[] } }[];
}
const json = async (base: Files, head: Files) => JSON.parse((await diffSides({ base, head }).run('--format', 'json')).stdout) as Json;

// Kustomization `ns` declares Namespace client (team=a) and its policies; `web` deploys web behind web-in and the client.
const base: Files = {
  'clusters/prod/ns.yaml': flux('ns', './ns'),
  'clusters/prod/web.yaml': flux('web', './web'),
  'ns/client.yaml': namespace('client', 'a'),
  'web/deploy.yaml': deploy('web', 'shop'),
  'web/client.yaml': deploy('client', 'client'),
  'web/pol.yaml': webIn,
};
const relabelled = { ...base, 'ns/client.yaml': namespace('client', 'b') };

describe('a Flux Kustomization whose apply fails at its second stage: its Namespaces (stage one) are applied', () => {
  it('the guard: the relabel alone opens client → web', async () => {
    const j = await json(base, relabelled);
    expect(j.summary.opened).toBeGreaterThan(0);
  });

  it("a rejected NetworkPolicy beside the relabel: the Namespace's new labels still reach the cluster, so client → web opens", async () => {
    const head = { ...relabelled, 'ns/bad.yaml': badPort };
    const j = await json(base, head);
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed).toEqual([expect.objectContaining({ file: 'ns/bad.yaml', line: 7, wholeTarget: { controller: 'Flux Kustomization ns', file: 'clusters/prod/ns.yaml', line: 1, step: 'apply', firstStage: ['ns/client.yaml'] } })]);
    const text = (await diffSides({ base, head }).run()).stdout;
    expect(text).toContain(
      "Flux Kustomization ns fails its whole apply on it (the API server rejects the object at its server-side dry-run, after its first stage, which applies Namespaces and CRDs on their own: ns/client.yaml is applied as head has it), so the cluster keeps base's state of the rest of that target)",
    );
  });

  it("a new Kustomization whose first apply fails at its second stage creates its Namespaces", async () => {
    const noNs = { 'clusters/prod/web.yaml': base['clusters/prod/web.yaml'], 'web/deploy.yaml': base['web/deploy.yaml'], 'web/client.yaml': base['web/client.yaml'], 'web/pol.yaml': webIn };
    const head = { ...noNs, 'clusters/prod/ns.yaml': flux('ns', './ns'), 'ns/client.yaml': namespace('client', 'b'), 'ns/bad.yaml': badPort };
    const j = await json(noNs, head);
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ controller: 'Flux Kustomization ns', firstApply: true, firstStage: ['ns/client.yaml'] });
  });

  it('a Namespace sharing its file with the rejected object: that Namespace is still applied (stage one), so client → web opens', async () => {
    const head = { ...base, 'ns/client.yaml': `${namespace('client', 'b')}---\n${badPort}` };
    const j = await json(base, head);
    expect(j.summary.opened).toBeGreaterThan(0);
    expect(j.notAnalysed).toEqual([expect.objectContaining({ file: 'ns/client.yaml', line: 13, wholeTarget: { controller: 'Flux Kustomization ns', file: 'clusters/prod/ns.yaml', line: 1, step: 'apply', firstStageObjects: ['ns/client.yaml'] } })]);
    const text = (await diffSides({ base, head }).run()).stdout;
    expect(text).toContain('after its first stage, which applies Namespaces and CRDs on their own: the Namespaces and CRDs of ns/client.yaml are applied as head has them), so the cluster keeps');
  });

  it("a Namespace sharing its file with other objects: only the Namespace is head's, the file's other objects keep base's state", async () => {
    // ns/client.yaml: Namespace client relabelled and an allow-all for web added in one file; the rejected policy elsewhere.
    const allowWeb = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-all, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;
    const other = deploy('other', 'other');
    const withOther = { ...base, 'ns/other.yaml': namespace('other', 'c'), 'web/other.yaml': other };
    const head = { ...withOther, 'ns/client.yaml': `${namespace('client', 'b')}---\n${allowWeb}`, 'ns/bad.yaml': badPort };
    const j = await json(withOther, head);
    expect(j.notAnalysed?.[0].wholeTarget).toMatchObject({ step: 'apply', firstStageObjects: ['ns/client.yaml'] });
    const out = JSON.parse((await diffSides({ base: withOther, head }).run('--format', 'json')).stdout) as { pairs: { src: { id: string }; dst: { id: string } }[] };
    const opened = out.pairs.map((p) => `${p.src.id} -> ${p.dst.id}`);
    // client's new label opens client → web; the allow-all (not applied) would open other → web too.
    expect(opened).toContain('client/client[Deployment] -> shop/web[Deployment]');
    expect(opened).not.toContain('other/other[Deployment] -> shop/web[Deployment]');
  });

  it('a rejected Namespace fails the first stage: nothing of the build is applied, base stays', async () => {
    const badNs = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n  labels: {team: "b!"}\n`;
    const j = await json(base, { ...relabelled, 'ns/other.yaml': badNs });
    expect(j.summary.opened).toBe(0);
    expect(j.notAnalysed?.[0]).toMatchObject({ file: 'ns/other.yaml', wholeTarget: expect.objectContaining({ step: 'apply' }) });
    expect(j.notAnalysed?.[0].wholeTarget?.firstStage).toBeUndefined();
  });
});
