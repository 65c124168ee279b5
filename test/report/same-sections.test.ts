/**
 * Targets whose sections say the same thing are shown once (src/report/same-sections.ts): alternative
 * bundles rendered from one overlay, overlays that deploy the same base. Real-eval 9, #10: four sections
 * of 93 lines that differed only in the bundle's file name.
 */
import { sectionShape } from '../../src/report/same-sections.js';
import { diffSides } from '../helpers/folder-diff.js';
import { shopDbPolicy, shopDeployment } from '../helpers/shop-db.js';

const deployment = shopDeployment;

const dbPolicy = shopDbPolicy;

const bundle = (from: string) => [deployment('api'), deployment('web'), deployment('db'), dbPolicy(from)].join('---\n');

describe('targets whose sections say the same thing', () => {
  it('alternative bundles with the same change: one section, the others named with the file each holds instead', async () => {
    const root = diffSides({
      base: { 'a.yaml': bundle('api'), 'b.yaml': bundle('api'), 'c.yaml': bundle('api') },
      head: { 'a.yaml': bundle('web'), 'b.yaml': bundle('web'), 'c.yaml': bundle('web') },
    });
    const { stdout } = await root.run();
    const first = stdout.split('\n')[0];
    expect(first).toMatch(/^a\.yaml, b\.yaml, c\.yaml \(the same changes\): 1 path opened, 1 path closed/);
    expect(stdout.match(/^== /gm)).toHaveLength(1);
    expect(stdout).toContain('== a.yaml and 2 more with the same changes ==');
    expect(stdout).toContain('The same changes in b.yaml and c.yaml, each at the same lines of its own file in place of a.yaml.');
    // The one section is a whole one: its pairs, why and rollback.
    expect(stdout).toContain('shop/web[Deployment] => shop/db[Deployment] : TCP 8080');
    expect(stdout).toContain('diff --git a/a.yaml b/a.yaml');
    const md = (await root.run('--format', 'md')).stdout;
    expect(md.match(/^#### /gm)).toHaveLength(1);
    expect(md).toContain('> ℹ️ The same changes in b.yaml and c.yaml, each at the same lines of its own file in place of a.yaml.');
    // JSON keeps every target's pairs (the output contract): folding is the reading formats' only.
    const json = JSON.parse((await root.run('--format', 'json')).stdout) as { pairs: { target: string }[] };
    expect(new Set(json.pairs.map((p) => p.target))).toEqual(new Set(['a.yaml', 'b.yaml', 'c.yaml']));
  });

  it('overlays of one base: the same lines of the same files', async () => {
    const kustomization = (resources: string[]) => `resources:\n${resources.map((r) => `- ${r}`).join('\n')}\n`;
    const tree = (from: string) => ({
      'base/kustomization.yaml': kustomization(['app.yaml', 'np.yaml']),
      'base/app.yaml': [deployment('api'), deployment('web'), deployment('db')].join('---\n'),
      'base/np.yaml': dbPolicy(from),
      'overlays/dev/kustomization.yaml': kustomization(['../../base']),
      'overlays/prod/kustomization.yaml': kustomization(['../../base']),
    });
    const root = diffSides({ base: tree('api'), head: tree('web') });
    const { stdout } = await root.run();
    expect(stdout.split('\n')[0]).toMatch(/^overlays\/dev, overlays\/prod \(the same changes\): 1 path opened, 1 path closed/);
    expect(stdout).toContain('The same changes in overlays/prod, at the same lines of the same files.');
  });

  it('targets with the same counts but different changes keep a section each', async () => {
    const other = (from: string) => [deployment('api'), deployment('web'), deployment('cache'), dbPolicy(from).replace(/app: db/, 'app: cache')].join('---\n');
    const root = diffSides({
      base: { 'a.yaml': bundle('api'), 'b.yaml': other('api') },
      head: { 'a.yaml': bundle('web'), 'b.yaml': other('web') },
    });
    const { stdout } = await root.run();
    expect(stdout.match(/^== /gm)).toHaveLength(2);
    expect(stdout).not.toContain('the same changes');
  });
});

describe('sectionShape', () => {
  it('ranks paths by first appearance, patch headers as their path', () => {
    const a = sectionShape('x (a.yaml:3), y (base:b/c.yml:9), z (a.yaml:4)\ndiff --git a/a.yaml b/a.yaml\n--- a/a.yaml\n+++ b/a.yaml');
    const b = sectionShape('x (d.yaml:3), y (base:e.yml:9), z (d.yaml:4)\ndiff --git a/d.yaml b/d.yaml\n--- a/d.yaml\n+++ b/d.yaml');
    expect(a.shape).toBe(b.shape);
    expect(a.files).toEqual(['a.yaml', 'b/c.yml']);
    expect(b.files).toEqual(['d.yaml', 'e.yml']);
  });

  it('paths that do not correspond one to one, or other lines, are another shape', () => {
    const one = sectionShape('x (a.yaml:3), z (a.yaml:4)');
    expect(sectionShape('x (a.yaml:3), z (b.yaml:4)').shape).not.toBe(one.shape);
    expect(sectionShape('x (a.yaml:3), z (a.yaml:5)').shape).not.toBe(one.shape);
  });
});
