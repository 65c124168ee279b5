/**
 * Patches in the build of a Flux Kustomization whose apply fails after its first stage (Namespaces, CRDs, ClusterRoles:
 * flux-stages.ts). The model reads no CRD or ClusterRole, so a patch of those changes no path; a patch of a Namespace
 * or of a policy kind must never be dropped without a word. Pinned here: a strategic-merge patch file of the Namespace
 * (alone, or beside a NetworkPolicy patch in one file) reaches the cluster at the first stage, so its relabel opens
 * client → web; a patch of a NetworkPolicy is not applied (its stage fails), and when it is what the API server
 * rejects, the error stands at the patch and its file is among the changed files.
 */
import { diffSides } from '../helpers/folder-diff.js';
import type { Files } from '../helpers/flux-stage-fixtures.js';
import { badPort, kustomization, namespace, twoTargetBase } from '../helpers/flux-stage-fixtures.js';

const base: Files = twoTargetBase;
/** A strategic-merge patch relabelling Namespace client team=b. */
const nsPatch = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: client\n  labels: {team: b}\n';
/** A strategic-merge patch of NetworkPolicy client/bad. */
const polPatch = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: client}\nspec:\n  ingress:\n    - ports: [{port: ${port}}]\n`;
/** A strategic-merge patch of NetworkPolicy client/bad that leaves its refused port. */
const typesPatch = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: client}\nspec:\n  policyTypes: [Ingress]\n';
const patched = (file: string, resources = ['client.yaml', 'bad.yaml']) => kustomization(resources, `patches:\n  - path: ${file}\n`);

interface Json {
  pairs: { src: { id: string }; dst: { id: string }; opened: unknown }[];
  notAnalysed?: { file: string; line: number; changedFiles: string[]; wholeTarget?: { firstStage?: string[]; firstStageObjects?: string[] } }[];
}
const run = async (head: Files) => {
  const j = JSON.parse((await diffSides({ base, head }).run('--format', 'json', '--fail-on', 'never')).stdout) as Json;
  return { j, opened: j.pairs.filter((p) => p.opened).map((p) => `${p.src.id} -> ${p.dst.id}`) };
};
const OPENS = ['client/client[Deployment] -> shop/web[Deployment]'];

describe("patches in a Flux build whose apply fails after its first stage", () => {
  it("a patch file of the Namespace is applied at the first stage: its relabel opens client → web", async () => {
    const { j, opened } = await run({ ...base, 'ns/kustomization.yaml': patched('relabel.yaml'), 'ns/relabel.yaml': nsPatch, 'ns/bad.yaml': badPort });
    expect(opened).toEqual(OPENS);
    expect(j.notAnalysed?.[0]).toMatchObject({ file: 'ns/bad.yaml', line: 7, changedFiles: ['ns/bad.yaml', 'ns/kustomization.yaml', 'ns/relabel.yaml'] });
  });

  it("one patch file of the Namespace and of a NetworkPolicy: the Namespace's part is applied, the policy's is not", async () => {
    const { j, opened } = await run({ ...base, 'ns/kustomization.yaml': patched('relabel.yaml'), 'ns/relabel.yaml': `${nsPatch}---\n${typesPatch}`, 'ns/bad.yaml': badPort });
    expect(opened).toEqual(OPENS);
    expect(j.notAnalysed?.[0].wholeTarget?.firstStageObjects).toEqual(['ns/relabel.yaml']);
  });

  it('a patch of a NetworkPolicy that the API server rejects: the error stands at the patch, named among the changed files', async () => {
    const { j, opened } = await run({ ...base, 'ns/kustomization.yaml': patched('polpatch.yaml'), 'ns/bad.yaml': badPort.replace('70000', '80'), 'ns/polpatch.yaml': polPatch(70001), 'ns/client.yaml': namespace('client', 'b') });
    expect(opened).toEqual(OPENS);
    expect(j.notAnalysed?.[0]).toMatchObject({ file: 'ns/polpatch.yaml', line: 6, changedFiles: ['ns/bad.yaml', 'ns/client.yaml', 'ns/kustomization.yaml', 'ns/polpatch.yaml'], wholeTarget: { firstStage: ['ns/client.yaml'] } });
  });
});
