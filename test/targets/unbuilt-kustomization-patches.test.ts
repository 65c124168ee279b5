/**
 * A changed kustomization that no deployed build reads, whose patches or resources name policies, is not
 * analysed and said so: TheBranchDriftCatalyst/talos-homelab a35bfaa8 added `$patch: delete` patches of
 * Flux's NetworkPolicies to `flux-system/flux-system/kustomization.yaml`, which Flux never builds (the
 * cluster's kustomization lists that folder's files one by one), read "No change" without a word, and the
 * author found out on the cluster (4ae00eb8 moved the patches "where they actually apply"; real-eval 26).
 * Before, only a file with a policy document at its top level counted as "holding policies".
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);

const sync =
  'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: https://git.example/acme/fleet\n  ref: {branch: main}\n---\n' +
  'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  path: ./clusters/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n';
const components =
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: flux-system}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: source-controller, namespace: flux-system}\nspec:\n  selector: {matchLabels: {app: source-controller}}\n  template:\n    metadata: {labels: {app: source-controller}}\n    spec: {containers: [{name: c, image: i}]}\n---\n' +
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-egress, namespace: flux-system}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{}]\n  ingress: [{from: [{podSelector: {}}]}]\n';
const base: Files = {
  // The cluster's kustomization names the bootstrap folder's files one by one: the inner kustomization is never built.
  'clusters/prod/kustomization.yaml': 'resources:\n  - flux-system/gotk-components.yaml\n  - flux-system/gotk-sync.yaml\n',
  'clusters/prod/flux-system/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-components.yaml\n  - gotk-sync.yaml\n',
  'clusters/prod/flux-system/gotk-components.yaml': components,
  'clusters/prod/flux-system/gotk-sync.yaml': sync,
};
const deletePatch = 'patches:\n  - patch: |\n      $patch: delete\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata:\n        name: allow-egress\n        namespace: flux-system\n';

describe('a changed kustomization no deployed build reads, naming policies', () => {
  it('inline patches of a policy kind: not analysed, said with the file', async () => {
    const head = { ...base, 'clusters/prod/flux-system/kustomization.yaml': base['clusters/prod/flux-system/kustomization.yaml'] + deletePatch };
    const report = await analyzeTargets(list(base), list(head));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(outside(report)).toEqual([
      'Not analysed: a changed kustomization that no deployed build reads, whose patches or resources name policies: clusters/prod/flux-system/kustomization.yaml; it changes no cluster. If a cluster should apply it, include it in a kustomization a target builds, or name its folder under targets: in the configuration',
    ]);
  });

  it('a resource holding policies listed there, or a patch file of one: said the same way', async () => {
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: flux-system}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
    const withFile = { ...base, 'clusters/prod/flux-system/deny.yaml': policy };
    const listed = { ...withFile, 'clusters/prod/flux-system/kustomization.yaml': `${base['clusters/prod/flux-system/kustomization.yaml']}  - deny.yaml\n` };
    expect(outside(await analyzeTargets(list(withFile), list(listed)))).toEqual([expect.stringMatching(/^Not analysed: a changed kustomization that no deployed build reads, .*: clusters\/prod\/flux-system\/kustomization.yaml;/)]);
    const patched = { ...withFile, 'clusters/prod/flux-system/kustomization.yaml': `${base['clusters/prod/flux-system/kustomization.yaml']}patches:\n  - path: deny.yaml\n` };
    expect(outside(await analyzeTargets(list(withFile), list(patched)))).toHaveLength(1);
  });

  it('the same patches in the kustomization the cluster builds are analysed; an unbuilt one whose change names no policy is not said', async () => {
    const built = { ...base, 'clusters/prod/kustomization.yaml': base['clusters/prod/kustomization.yaml'] + deletePatch };
    const report = await analyzeTargets(list(base), list(built));
    expect(outside(report)).toEqual([]);
    expect(report.counts.opened).toBeGreaterThan(0);
    const configMap = 'patches:\n  - patch: |\n      apiVersion: v1\n      kind: ConfigMap\n      metadata: {name: settings, namespace: flux-system}\n      data: {a: b}\n';
    const other = { ...base, 'clusters/prod/flux-system/kustomization.yaml': base['clusters/prod/flux-system/kustomization.yaml'] + configMap };
    expect(outside(await analyzeTargets(list(base), list(other)))).toEqual([]);
  });

  it('deleted, or left naming no policy (replaced by a shell command): a note that it is gone, not "Not analysed" with advice to build it (real repositories 34)', async () => {
    const patched = { ...base, 'clusters/prod/flux-system/kustomization.yaml': base['clusters/prod/flux-system/kustomization.yaml'] + deletePatch };
    const { 'clusters/prod/flux-system/kustomization.yaml': _, ...deleted } = patched;
    const notes = (r: TargetsReport) => r.notices.filter((n) => n.code === 'NOT_DEPLOYED').map((n) => n.message);
    const gone = await analyzeTargets(list(patched), list(deleted));
    expect(outside(gone)).toEqual([]);
    expect(notes(gone)).toEqual([
      'Removed where no build read it: a changed kustomization whose patches or resources named policies, which no deployed build read on base, deleted on head: clusters/prod/flux-system/kustomization.yaml. No cluster analysed here changes with it; whatever built it, if anything did, is outside the targets',
    ]);
    const command = await analyzeTargets(list(patched), list({ ...patched, 'clusters/prod/flux-system/kustomization.yaml': 'kubectl apply --server-side --kustomize ./clusters/prod/flux-system\n' }));
    expect(outside(command)).toEqual([]);
    expect(notes(command)).toEqual([expect.stringContaining('which no deployed build read on base, naming none on head: clusters/prod/flux-system/kustomization.yaml.')]);
  });

  it('a remote install whose policies its patches delete, bumped: its policies may differ, said the same way (real repositories 33)', async () => {
    const remote = (v: string) => `resources:\n  - github.com/acme/platform/manifests/install?ref=${v}\n${deletePatch}`;
    const withRemote = (v: string) => ({ ...base, 'bootstrap/platform/kustomization.yaml': remote(v) });
    expect(outside(await analyzeTargets(list(withRemote('v2.4.0')), list(withRemote('v2.5.0'))))).toEqual([expect.stringMatching(/^Not analysed: a changed kustomization that no deployed build reads, .*: bootstrap\/platform\/kustomization\.yaml;/)]);
    // Guard: a remote resource bumped where no patch names a policy is not said (nothing ties it to policies).
    const plain = (v: string) => ({ ...base, 'bootstrap/crds/kustomization.yaml': `resources:\n  - github.com/acme/platform/crds?ref=${v}\n` });
    expect(outside(await analyzeTargets(list(plain('v1')), list(plain('v2'))))).toEqual([]);
  });
});

