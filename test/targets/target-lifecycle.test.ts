/**
 * A target only one side has, that no fold pairs with another, is said to be new or removed in the
 * headline, the section title and the JSON (`targets[].lifecycle`): real-eval 10, G9 (a removed overlay
 * read as "168 paths closed" with only a footer saying it was gone) and C-b (a new overlay read as opened paths).
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-targets-');


const app = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: ${image}}]}
`;

const overlay = (dir: string, name: string, image: string) => ({
  [`env/${dir}/kustomization.yaml`]: 'namespace: kubeflow\nresources:\n- app.yaml\n',
  [`env/${dir}/app.yaml`]: app(name, image),
});

type Json = { targets: { name: string; lifecycle?: string }[] };

describe('targets the change adds or removes', () => {
  it('a removed overlay: "(removed by this change)" in the headline and title, lifecycle "removed" in JSON', async () => {
    const base = tree({ ...overlay('aws', 'pipeline', 'pipeline:aws'), ...overlay('azure', 'runner', 'runner:azure') });
    const head = tree(overlay('aws', 'pipeline', 'pipeline:aws'));
    const { stdout } = await main(['diff', base, head]);
    expect(stdout.split('\n')[0]).toBe('env/azure (removed by this change): 3 paths closed; env/aws: no change.');
    expect(stdout).toContain('== env/azure (removed by this change) ==');
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
    expect(json.targets.map((t) => [t.name, t.lifecycle])).toEqual([['env/aws', undefined], ['env/azure', 'removed']]);
  });

  it('a new overlay: "(new in this change)"; Markdown titles it so too', async () => {
    const base = tree(overlay('aws', 'pipeline', 'pipeline:aws'));
    const head = tree({ ...overlay('aws', 'pipeline', 'pipeline:aws'), ...overlay('gcp', 'runner', 'runner:gcp') });
    const { stdout } = await main(['diff', base, head]);
    expect(stdout.split('\n')[0]).toMatch(/^env\/gcp \(new in this change\): 3 paths opened/);
    const md = (await main(['diff', base, head, '--format', 'md'])).stdout;
    expect(md).toMatch(/^#### .* env\/gcp \(new in this change\): 3 paths opened/m);
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
    expect(json.targets.find((t) => t.name === 'env/gcp')?.lifecycle).toBe('added');
  });

  it('a removed or new overlay that deploys no workload: named with what it is, not a plain "no change" (real repositories 34)', async () => {
    // Two clusters of objects that are no workloads (Helm releases reachdiff does not render, here ConfigMaps): the change deletes one, adds another.
    const settings = (dir: string) => ({ [`env/${dir}/kustomization.yaml`]: 'namespace: kubeflow\nresources:\n- settings.yaml\n', [`env/${dir}/settings.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${dir}}\n` });
    const kept = overlay('aws', 'pipeline', 'pipeline:aws');
    const removed = await main(['diff', tree({ ...kept, ...settings('azure'), ...settings('eu') }), tree(kept)]);
    expect(removed.stdout.split('\n')[0]).toBe('env/azure (removed by this change): no change; env/eu (removed by this change): no change; env/aws: no change.');
    // Past two, named together.
    const many = await main(['diff', tree({ ...kept, ...settings('azure'), ...settings('eu'), ...settings('us'), ...settings('asia') }), tree(kept)]);
    expect(many.stdout.split('\n')[0]).toBe('4 targets removed by this change (env/asia, env/azure and 2 more): no change; env/aws: no change.');
    const added = await main(['diff', tree(kept), tree({ ...kept, ...settings('gcp') })]);
    expect(added.stdout.split('\n')[0]).toBe('env/gcp (new in this change): no change; env/aws: no change.');
  });
});

