/**
 * A rollback patch that several targets' sections share (a change to a base two overlays build) is shown once,
 * in the first section: the later ones say where it is. Applied twice, the second `git apply` fails (new-user
 * trial 60). JSON keeps each target's own patch (the output contract).
 */
import { diffSides } from '../helpers/folder-diff.js';
import { shopDbPolicy, shopDeployment } from '../helpers/shop-db.js';

const deployment = shopDeployment;

const dbPolicy = shopDbPolicy;

const kustomization = (resources: string[], extra = '') => `${extra}resources:\n${resources.map((r) => `- ${r}`).join('\n')}\n`;
// The overlays name the workloads differently, so their sections differ; the patch reverts the base's file in both.
const tree = (from: string) => ({
  'base/kustomization.yaml': kustomization(['app.yaml', 'np.yaml']),
  'base/app.yaml': [deployment('api'), deployment('web'), deployment('db')].join('---\n'),
  'base/np.yaml': dbPolicy(from),
  'overlays/dev/kustomization.yaml': kustomization(['../../base'], 'namePrefix: dev-\n'),
  'overlays/prod/kustomization.yaml': kustomization(['../../base']),
});

describe('a rollback patch several sections share', () => {
  it('is printed once in text and Markdown; JSON keeps every target its own', async () => {
    const root = diffSides({ base: tree('api'), head: tree('web') });
    const { stdout } = await root.run();
    expect(stdout.match(/^== /gm)).toHaveLength(2);
    expect(stdout.match(/^diff --git a\/base\/np\.yaml b\/base\/np\.yaml$/gm)).toHaveLength(1);
    expect(stdout.match(/^Patch \(git apply /gm)).toHaveLength(1);
    expect(stdout).toContain('Patch: the same as in the section of overlays/dev above; apply it once.');
    const md = (await root.run('--format', 'md')).stdout;
    expect(md.match(/^#### /gm)).toHaveLength(2);
    expect(md.match(/diff --git a\/base\/np\.yaml b\/base\/np\.yaml/g)).toHaveLength(1);
    expect(md).toContain('_Patch: the same as in the section of overlays/dev above; apply it once._');
    const json = JSON.parse((await root.run('--format', 'json')).stdout) as { targets: { rollback: { patch: string } }[] };
    expect(json.targets.filter((t) => t.rollback.patch.includes('diff --git a/base/np.yaml'))).toHaveLength(2);
  });
});
