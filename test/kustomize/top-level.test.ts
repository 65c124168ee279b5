/**
 * Which kustomization folders are builds of their own (kustomize/repository.ts topLevelKustomizations): those
 * no other kustomization includes. A folder of plugin configurations that `transformers:`, `generators:` or
 * `validators:` names is part of the build naming it (Kustomize builds it for the plugin objects it yields),
 * not a deployment (real-eval 13: such a folder was a target of its own).
 */
import { topLevelKustomizations } from '../../src/kustomize/index.js';

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n';

describe('top-level kustomizations', () => {
  it('a folder only included as resources is not one; an unincluded folder is', () => {
    expect(topLevelKustomizations(files({ 'app/kustomization.yaml': 'resources: [../base]\n', 'base/kustomization.yaml': 'resources: [ns.yaml]\n', 'base/ns.yaml': ns, 'other/kustomization.yaml': 'resources: []\n' }))).toEqual(['app', 'other']);
  });

  it.each(['transformers', 'generators', 'validators'])('a folder of plugin configurations named by %s is part of the build naming it', (field) => {
    const repo = files({
      'app/kustomization.yaml': `resources: [ns.yaml]\n${field}: [../plugins]\n`,
      'app/ns.yaml': ns,
      'plugins/kustomization.yaml': 'resources: [config.yaml]\n',
      'plugins/config.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: l}\nlabels: {team: x}\nfieldSpecs: [{path: metadata/labels, create: true}]\n',
    });
    expect(topLevelKustomizations(repo)).toEqual(['app']);
  });
});
