/**
 * A change to Kustomize inputs reachdiff does not render (transformer plugins other than the builtin
 * configurations it renders, generator plugins, custom configurations, CRD field specs) is not analysed and
 * says so, as unrendered Helm inputs do. A builtin LabelTransformer (real-eval 13 B: fluxcd/flux2 2f850743
 * extended one to pod templates) is rendered and analysed. A build a render command made instead, or a
 * change elsewhere, gets no such note.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => [n.ref?.file, n.message]);
const checkRun = (r: TargetsReport) => targetsCheckRun(r, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });

const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: a}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n';
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {matchLabels: {team: x}}\n  policyTypes: [Ingress]\n';
const labels = 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: l}\nlabels: {team: x}\nfieldSpecs:\n- {path: metadata/labels, create: true}\n';
const base: Files = {
  'app/kustomization.yaml': 'resources: [app.yaml, pol.yaml]\ntransformers: [labels.yaml]\n',
  'app/app.yaml': app,
  'app/pol.yaml': policy,
  'app/labels.yaml': labels,
};
const analyse = (b: Files, h: Files) => analyzeTargets(list(b), list(h));

describe('changed inputs of Kustomize plugins reachdiff does not render', () => {
  it("a builtin LabelTransformer's file extended to pod templates is rendered: analysed, no note", async () => {
    const r = await analyse(base, { ...base, 'app/labels.yaml': `${labels}- {path: spec/template/metadata/labels, create: true, kind: Deployment}\n` });
    expect(outside(r)).toEqual([]);
    // The policy now selects web's pods (team=x on the pod template), isolating them.
    expect(r.counts.closed).toBeGreaterThan(0);
  });

  it("an exec plugin's configuration changed: not analysed, named with its kustomization; the check is not success", async () => {
    const plugin = 'apiVersion: someteam.example.com/v1\nkind: ValueAnnotator\nmetadata: {name: v}\nvalue: a\n';
    const withPlugin = { ...base, 'app/kustomization.yaml': 'resources: [app.yaml, pol.yaml]\ntransformers: [labels.yaml, plugin.yaml]\n', 'app/plugin.yaml': plugin };
    const r = await analyse(withPlugin, { ...withPlugin, 'app/plugin.yaml': plugin.replace('value: a', 'value: b') });
    expect(outside(r)).toEqual([['app/kustomization.yaml', expect.stringMatching(/^Not analysed: app\/kustomization\.yaml uses Kustomize inputs reachdiff does not render, and this change touches them \(transformer plugins: a file of its transformers changed \(app\/plugin\.yaml\)\)/)]]);
    expect(checkRun(r).conclusion).toBe('neutral');
  });

  it('the field itself added, and a generator plugin changed inline: each said by field', async () => {
    const withGenerator = { ...base, 'app/kustomization.yaml': 'resources: [app.yaml, pol.yaml]\ngenerators:\n- |\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n  metadata: {name: g}\n' };
    const head = { ...withGenerator, 'app/kustomization.yaml': withGenerator['app/kustomization.yaml'].replace('name: g', 'name: h') + 'configurations: [conf.yaml]\n', 'app/conf.yaml': 'namePrefix: []\n' };
    const notes = outside(await analyse(withGenerator, head));
    expect(notes).toHaveLength(1);
    expect(notes[0][1]).toContain('(generator plugins: generators changed; transformer configurations: configurations added; a file of its configurations changed (app/conf.yaml));');
  });

  it('a folder of configurations a transformers entry names is built: its builtin configuration is rendered and analysed, a plugin in it is not', async () => {
    const withFolder: Files = {
      'app/kustomization.yaml': 'resources: [app.yaml, pol.yaml]\ntransformers: [../plugins]\n',
      'app/app.yaml': app,
      'app/pol.yaml': policy,
      'plugins/kustomization.yaml': 'resources: [labels.yaml]\n',
      'plugins/labels.yaml': labels,
    };
    const r = await analyse(withFolder, { ...withFolder, 'plugins/labels.yaml': `${labels}- {path: spec/template/metadata/labels, create: true, kind: Deployment}\n` });
    expect(r.targets.map((t) => t.name)).toEqual(['app']);
    expect(outside(r)).toEqual([]);
    expect(r.counts.closed).toBeGreaterThan(0);
    const plugin = 'apiVersion: someteam.example.com/v1\nkind: ValueAnnotator\nmetadata: {name: v}\nvalue: a\n';
    const withPlugin: Files = { ...withFolder, 'plugins/kustomization.yaml': 'resources: [labels.yaml, plugin.yaml]\n', 'plugins/plugin.yaml': plugin };
    const p = await analyse(withPlugin, { ...withPlugin, 'plugins/plugin.yaml': plugin.replace('value: a', 'value: b') });
    expect(outside(p)).toEqual([['app/kustomization.yaml', expect.stringContaining('(transformer plugins: a file of its transformers changed (plugins/plugin.yaml))')]]);
  });

  it('a change elsewhere in the build, or no change to the plugins, gets no such note', async () => {
    const r = await analyse(base, { ...base, 'app/app.yaml': app.replace('image: i', 'image: j') });
    expect(outside(r)).toEqual([]);
    expect(checkRun(r).conclusion).toBe('success');
  });
});
