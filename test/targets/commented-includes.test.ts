/**
 * A top-level kustomization that another kustomization names only in a comment (a scaffold's optional
 * part, `#- ../network-policy`) is a target built alone: a notice at the comment and the target's `why`
 * say so (real-eval 8, C3: kubebuilder fceebdb91 read as a deployed target with no word of it).
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { commentedIncludes } from '../../src/targets/commented-includes.js';
import { sideIndex } from '../../src/targets/target-files.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

const kustomization = (resources: string) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${resources}`;

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-metrics, namespace: system}
spec:
  podSelector: {matchLabels: {control-plane: controller-manager}}
  policyTypes: [Ingress]
  ingress: [{ports: [{port: 8443}]}]
`;

describe('kustomizations named only in a comment', () => {
  it('a notice at the comment line and the target says it is built alone', () => {
    const files = repo({
      'config/default/kustomization.yaml': kustomization('- ../manager\n# [METRICS] uncomment to protect the metrics endpoint\n#- ../network-policy\n'),
      'config/manager/kustomization.yaml': kustomization('- manager.yaml\n'),
      'config/manager/manager.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: system}\n',
      'config/network-policy/kustomization.yaml': kustomization('- allow-metrics.yaml\n'),
      'config/network-policy/allow-metrics.yaml': POLICY,
    });
    const found = discoverTargets(files);
    const target = found.targets.find((t) => t.name === 'config/network-policy');
    expect(target?.why).toBe('top-level kustomization config/network-policy/kustomization.yaml (built alone: config/default/kustomization.yaml:6 names it only in a comment)');
    expect(found.notices.filter((n) => n.code === 'COMMENTED_OUT_INCLUDE')).toEqual([
      {
        code: 'COMMENTED_OUT_INCLUDE',
        message: 'config/network-policy is analysed as a target of its own, built alone: no kustomization includes it, and config/default/kustomization.yaml:6 names it only in a comment (`#- ../network-policy`), so no build of this repository may deploy it',
        ref: { file: 'config/default/kustomization.yaml', line: 6 },
      },
    ]);
    // The default target keeps its plain why.
    expect(found.targets.find((t) => t.name === 'config/default')?.why).toBe('top-level kustomization config/default/kustomization.yaml');
  });

  it('only commented list entries that resolve to a top-level kustomization count; an included folder and prose do not', () => {
    const files = repo({
      'a/kustomization.yaml': kustomization('- ../b\n# - "../c"\n#- ../b\n# see ../d for the optional part\n#- ../missing\n'),
      'b/kustomization.yaml': kustomization('- p.yaml\n'),
      'b/p.yaml': POLICY,
      'c/kustomization.yaml': kustomization('- p.yaml\n'),
      'c/p.yaml': POLICY,
      'd/kustomization.yaml': kustomization('- p.yaml\n'),
      'd/p.yaml': POLICY,
    });
    const side = sideIndex(files);
    const tops = ['a', 'c', 'd'].map((f) => side.kustomizations.get(f)!);
    const found = commentedIncludes(tops, side.kustomizations, files);
    expect([...found.keys()]).toEqual(['c']);
    expect(found.get('c')?.ref).toEqual({ file: 'a/kustomization.yaml', line: 5 });
  });
});
