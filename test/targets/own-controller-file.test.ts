/**
 * A failing Flux target names the files of the change it carries ("changed here: …", JSON `notAnalysed[].changedFiles`).
 * Its Flux Kustomization object sits in its parent's file, which its own build does not read: when the change edits
 * that object (its `spec.patches`, its `commonMetadata`), the file is named too (targets/own-controller-file.ts). A
 * file whose edit leaves the object as it was (another Kustomization of the file, a comment) is not.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const flux = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n${extra}`;
const namespace = (name: string, team: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {team: ${team}}\n`;
/** A policy whose port the API server refuses (line 7: the port). */
const badPort = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: client}\nspec:\n  podSelector: {}\n  ingress:\n    - ports: [{port: 70000}]\n`;
const kustomization = (resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
const patches = '  patches:\n    - target: {kind: Namespace, name: client}\n      patch: |-\n        - op: replace\n          path: /metadata/labels/team\n          value: b\n';

interface Json {
  notAnalysed?: { file: string; line: number; changedFiles: string[] }[];
}
const changedFiles = async (base: Files, head: Files) => {
  const sides = diffSides({ base, head });
  const j = JSON.parse((await sides.run('--format', 'json')).stdout) as Json;
  return { changed: j.notAnalysed?.map((n) => n.changedFiles), text: (await sides.run()).stdout };
};

const base: Files = {
  'clusters/prod/ks.yaml': `${flux('ns', './ns')}---\n${flux('other', './other')}`,
  'ns/kustomization.yaml': kustomization(['client.yaml']),
  'ns/client.yaml': namespace('client', 'a'),
  'other/a.yaml': namespace('other', 'a'),
};
/** ns's build lists a policy the API server refuses: its whole apply fails. */
const failing: Files = { ...base, 'ns/kustomization.yaml': kustomization(['client.yaml', 'bad.yaml']), 'ns/bad.yaml': badPort };

describe("a failing Flux target's changed files name its own Kustomization's file when the change edits that object", () => {
  it("the Kustomization's own `patches` and `commonMetadata`: its file is named beside the build's files", async () => {
    for (const extra of [patches, '  commonMetadata:\n    labels: {team: b}\n']) {
      const { changed, text } = await changedFiles(base, { ...failing, 'clusters/prod/ks.yaml': `${flux('ns', './ns', extra)}---\n${flux('other', './other')}` });
      expect(changed).toEqual([['clusters/prod/ks.yaml', 'ns/bad.yaml', 'ns/kustomization.yaml']]);
      expect(text).toContain('changed here: clusters/prod/ks.yaml, ns/bad.yaml, ns/kustomization.yaml');
    }
  });

  it('another Kustomization of the same file edited, or a comment: the file is not named', async () => {
    const otherEdited = `${flux('ns', './ns')}---\n${flux('other', './other', '  commonMetadata:\n    labels: {team: b}\n')}`;
    const commented = `# the cluster's Kustomizations\n${flux('ns', './ns')}---\n${flux('other', './other')}`;
    for (const ks of [otherEdited, commented]) {
      const { changed } = await changedFiles(base, { ...failing, 'clusters/prod/ks.yaml': ks });
      expect(changed).toEqual([['ns/bad.yaml', 'ns/kustomization.yaml']]);
    }
  });
});
