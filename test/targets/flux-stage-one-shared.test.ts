/**
 * A Namespace that two Flux Kustomizations render, one failing its apply after its first stage (which applies head's
 * built Namespaces: first-stage-built.ts) and one failing without applying anything (its build fails, its first stage
 * is rejected, or it waits on the first through `dependsOn`). The second applies nothing, so nothing puts its copy
 * back: the cluster holds the Namespace as the first one's head build makes it, and the report reads it so (the
 * first-stage copy replaces the held copies of both). Pinned here as the decided output: the relabel opens client → web.
 */
import { diffSides } from '../helpers/folder-diff.js';
import type { Files } from '../helpers/flux-stage-fixtures.js';
import { badPort, deploy, flux, kustomization, namespace, relabel, webIn } from '../helpers/flux-stage-fixtures.js';

const base: Files = {
  'clusters/prod/ns.yaml': flux('ns', './ns'),
  'clusters/prod/web.yaml': flux('web', './web'),
  'clusters/prod/other.yaml': flux('other', './other'),
  'ns/kustomization.yaml': kustomization(['client.yaml']),
  'ns/client.yaml': namespace('client', 'a'),
  'other/kustomization.yaml': kustomization(['client.yaml', 'x.yaml']),
  'other/client.yaml': namespace('client', 'a'),
  'other/x.yaml': namespace('x', 'a'),
  'web/deploy.yaml': deploy('web', 'shop'),
  'web/client.yaml': deploy('client', 'client'),
  'web/pol.yaml': webIn,
};
/** ns relabels client (team=b) and lists a policy the API server refuses: its apply fails after its first stage. */
const staging: Files = { ...base, 'ns/kustomization.yaml': kustomization(['client.yaml', 'bad.yaml'], relabel), 'ns/bad.yaml': badPort };

const opened = async (head: Files) => {
  const sides = diffSides({ base, head });
  const j = JSON.parse((await sides.run('--format', 'json')).stdout) as { pairs: { src: { id: string }; dst: { id: string } }[]; notAnalysed?: { wholeTarget?: { controller: string } }[] };
  return { opened: j.pairs.map((p) => `${p.src.id} -> ${p.dst.id}`), failing: (j.notAnalysed ?? []).map((n) => n.wholeTarget?.controller).sort() };
};

describe("a Namespace a failed Flux apply's first stage applies, which a second failing Kustomization renders too", () => {
  it("the second applies nothing (its build fails, its first stage is rejected, it depends on the first): the first stage's labels hold", async () => {
    const heads: Files[] = [
      { ...staging, 'other/x.yaml': 'kind: [\n' },
      { ...staging, 'other/x.yaml': namespace('x', '"b!"') },
      { ...staging, 'clusters/prod/other.yaml': flux('other', './other', '  dependsOn:\n    - name: ns\n') },
    ];
    for (const head of heads) {
      const r = await opened(head);
      expect(r.opened).toEqual(['client/client[Deployment] -> shop/web[Deployment]']);
      expect(r.failing[0]).toBe('Flux Kustomization ns');
    }
  });
});
