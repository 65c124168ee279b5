/**
 * A folder whose kustomization builds a few of its manifests while users apply the others one by one
 * (`kubectl create -f`): the files it leaves out are plain manifests, with one notice (real-eval 10, C-d:
 * rook `deploy/examples` lists 3 of ~147 files, and its three policy commits read "no change"). Ordinary
 * kustomization folders keep their targets and the "does not list it" note.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const repo = (f: Files) => new RepoFiles(list(f));
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: storage}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}:1}]}\n`;
const deny = (name: string, app = name) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: storage}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  policyTypes: [Ingress]\n`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: storage}\ndata: {}\n`;
const notices = (r: Pick<TargetsReport, 'notices'>, code: string) => r.notices.filter((n) => n.code === code).map((n) => n.message);

// rook's shape (/work/realeval10/repro/03): the kustomization builds an OpenShift settings file; the operator is applied with kubectl.
const examples: Files = {
  'examples/kustomization.yaml': '# used only to build the OpenShift bundle\nresources:\n- operator-openshift.yaml\n',
  'examples/operator-openshift.yaml': configMap('operator-openshift-settings'),
  'examples/operator.yaml': deploy('operator'),
};

describe('a kustomization that lists few of its folder’s manifests', () => {
  it('the files it leaves out are read as plain manifests: a policy added there closes paths, one notice with head’s counts, no "does not list it" note', async () => {
    const report = await analyzeTargets(list(examples), list({ ...examples, 'examples/networkpolicy.yaml': deny('operator') }));
    expect(report.targets.map((t) => [t.name, t.report.counts.opened, t.report.counts.closed])).toEqual([
      ['examples', 0, 0],
      ['plain manifests', 0, 4],
    ]);
    expect(notices(report, 'PARTIAL_KUSTOMIZATION')).toEqual([
      'examples/kustomization.yaml lists 1 of the 3 manifest files of its folder and leaves out 2 (2 with workloads or policies its build lacks): the files left out are what `kubectl apply -f` of single files deploys, so they are analysed as plain manifests, the build as a target of its own (to analyse only the build, configure targets:)',
    ]);
    expect(notices(report, 'OUTSIDE_TARGETS')).toEqual([]);
  });

  it('they join the plain target the layout makes (beside the plain folders), files of subfolders it owns too; the build stays a target', () => {
    const files = repo({ ...examples, 'examples/csi/pod.yaml': deploy('csi-demo'), 'examples/notes.yaml': 'owner: storage\n', 'deploy/app.yaml': deploy('app') });
    const found = discoverTargets(files);
    expect(found.targets.map((t) => [t.name, t.roots, t.why])).toEqual([
      ['examples', ['examples'], 'top-level kustomization examples/kustomization.yaml'],
      ['plain manifests', ['examples/operator.yaml', 'examples/csi/pod.yaml', 'deploy/app.yaml'], 'manifests outside every kustomization and those examples/kustomization.yaml leaves out'],
    ]);
    expect(found.how).toBe('Targets: 1 top-level kustomization and the plain manifests outside them and the files examples/kustomization.yaml leaves out (no targets configured, no Argo CD or Flux objects).');
    expect(found.partial?.map((p) => [p.file, p.listed, p.unlisted])).toEqual([['examples/kustomization.yaml', 1, ['examples/operator.yaml', 'examples/csi/pod.yaml']]]);
  });
});

describe('ordinary kustomization folders are unchanged', () => {
  it('a kustomization listing its workloads and policies, one policy file not listed yet: its target only, and the "does not list it" note', async () => {
    const app: Files = {
      'app/kustomization.yaml': 'resources:\n- operator.yaml\n- deny.yaml\n',
      'app/operator.yaml': deploy('operator'),
      'app/deny.yaml': deny('deny', 'operator'),
    };
    const head = { ...app, 'app/extra.yaml': deny('extra', 'operator') };
    const found = discoverTargets(repo(head));
    expect(found.targets.map((t) => [t.name, t.roots])).toEqual([['app', ['app']]]);
    expect(found.partial).toBeUndefined();
    const report = await analyzeTargets(list(app), list(head));
    expect(notices(report, 'OUTSIDE_TARGETS')).toEqual(['Not analysed: a changed manifest file that no build reads: app/extra.yaml is in the folder of app/kustomization.yaml, which does not list it. If a cluster should apply it, list it there']);
    expect(notices(report, 'PARTIAL_KUSTOMIZATION')).toEqual([]);
  });

  it('a kustomization of a custom resource and its Namespace, one namespace-less policy file beside it not listed: no plain target, the "does not list it" note', async () => {
    const instance: Files = {
      'instance/base/kustomization.yaml': 'namespace: ide\nresources:\n- cluster.yaml\n- namespace.yaml\n',
      'instance/base/cluster.yaml': 'apiVersion: example.dev/v1\nkind: IdeCluster\nmetadata: {name: ide}\nspec: {}\n',
      'instance/base/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ide}\n',
      'apps/kustomization.yaml': 'resources:\n- web.yaml\n',
      'apps/web.yaml': deploy('web'),
    };
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: from-ide}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ide}}\n';
    const head = { ...instance, 'instance/base/policy.yaml': policy };
    expect(discoverTargets(repo(head)).partial).toBeUndefined();
    const report = await analyzeTargets(list(instance), list(head));
    expect(report.targets.map((t) => [t.name, t.report.counts.opened, t.report.counts.closed])).toEqual([
      ['apps', 0, 0],
      ['instance/base', 0, 0],
    ]);
    expect(notices(report, 'OUTSIDE_TARGETS')).toEqual(['Not analysed: a changed manifest file that no build reads: instance/base/policy.yaml is in the folder of instance/base/kustomization.yaml, which does not list it. If a cluster should apply it, list it there']);
    expect(notices(report, 'PARTIAL_KUSTOMIZATION')).toEqual([]);
  });

  it('leaving out patch files, options named in a comment, copies of what the build deploys, files another build reads, objects that are no workloads: no plain target', () => {
    const files = repo({
      // kubebuilder's config/default: patches not switched on, a base from elsewhere.
      'config/default/kustomization.yaml': 'resources:\n- ../manager\n#patches:\n#- path: manager_auth_proxy_patch.yaml\n',
      'config/default/manager_auth_proxy_patch.yaml': deploy('controller-manager'),
      'config/manager/kustomization.yaml': 'resources:\n- manager.yaml\n',
      'config/manager/manager.yaml': deploy('controller-manager'),
      // knative-eventing's base in kubeflow/manifests: optional layers named in comments.
      'eventing/kustomization.yaml': 'resources:\n- upstream/core.yaml\n# Uncomment to install In-Memory Channels:\n# - upstream/in-memory-channel.yaml\n',
      'eventing/upstream/core.yaml': deploy('eventing-controller'),
      'eventing/upstream/in-memory-channel.yaml': `${deploy('imc-controller')}---\n${deploy('imc-dispatcher')}`,
      // kserve in kubeflow/manifests: upstream's bundle kept beside the variant the build deploys.
      'kserve/kustomization.yaml': 'resources:\n- kserve_kubeflow.yaml\n',
      'kserve/kserve_kubeflow.yaml': deploy('kserve-controller-manager'),
      'kserve/kserve.yaml': deploy('kserve-controller-manager'),
      // Files of a folder another kustomization reads, and RBAC the build leaves out.
      'common/kustomization.yaml': 'resources:\n- a.yaml\n',
      'common/a.yaml': configMap('a'),
      'common/b.yaml': deploy('b'),
      'common/role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: storage}\nrules: []\n',
      'other/kustomization.yaml': 'resources:\n- ../common/b.yaml\n',
    });
    const found = discoverTargets(files);
    expect(found.targets.map((t) => t.name)).toEqual(['common', 'config/default', 'eventing', 'kserve', 'other']);
    expect(found.partial).toBeUndefined();
    expect(found.notices.filter((n) => n.code === 'PARTIAL_KUSTOMIZATION')).toEqual([]);
  });
});
