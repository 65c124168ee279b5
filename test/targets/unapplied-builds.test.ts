/**
 * A top-level kustomization holding an Argo CD ApplicationSet beside app folders, applied by a bootstrap
 * (no Argo CD or Flux object here deploys it), whose build fails because it lists a folder that is gone
 * (real-eval 16: theepicsaxguy/homelab 76900f1c). The ApplicationSet vanished with the failed build, every
 * Application it generates with it, and a new app with its policy read "No change". A cluster keeps what
 * was last applied: the ApplicationSet is read as written, with a notice naming the failing build.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const APPSET = [
  'apiVersion: argoproj.io/v1alpha1',
  'kind: ApplicationSet',
  'metadata: {name: apps, namespace: argocd}',
  'spec:',
  '  generators:',
  '    - git:',
  '        repoURL: https://example.invalid/lab.git',
  '        revision: main',
  '        directories:',
  '          - path: apps/ai',
  '          - path: apps/web',
  '  template:',
  "    metadata: {name: 'apps-{{ path.basename }}'}",
  '    spec:',
  '      project: default',
  "      source: {repoURL: 'https://example.invalid/lab.git', targetRevision: main, path: '{{ path }}'}",
  '      destination: {server: https://kubernetes.default.svc, namespace: apps}',
  '',
].join('\n');
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const policy = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${name}}\nspec:\n  podSelector: {matchLabels: {app: ${name}}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {}}]}]\n`;

const INFRA = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: infra, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://example.invalid/lab.git, targetRevision: main, path: infra}\n  destination: {server: https://kubernetes.default.svc, namespace: infra}\n';

/**
 * The lab on either side: `apps/` lists the ApplicationSet and `web`, whose kustomization lists a folder that is
 * gone; an Application in a file of its own deploys `infra/` (the homelab's infrastructure ApplicationSet).
 */
const lab = (aiFolders: string[]): Files => ({
  'bootstrap/infra.yaml': INFRA,
  'infra/dns.yaml': deploy('dns'),
  'apps/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - application-set.yaml\n  - ai\n  - web\n`,
  'apps/application-set.yaml': APPSET,
  'apps/web/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - blog\n  - forum\n`,
  'apps/web/blog/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - deploy.yaml\n`,
  'apps/web/blog/deploy.yaml': deploy('blog'),
  'apps/ai/kustomization.yaml': `${KUSTOMIZATION}resources:\n${['chat', ...aiFolders].map((f) => `  - ${f}\n`).join('')}`,
  'apps/ai/chat/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - deploy.yaml\n`,
  'apps/ai/chat/deploy.yaml': deploy('chat'),
  ...(aiFolders.includes('gateway')
    ? { 'apps/ai/gateway/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - deploy.yaml\n  - policy.yaml\n`, 'apps/ai/gateway/deploy.yaml': deploy('gateway'), 'apps/ai/gateway/policy.yaml': policy('gateway') }
    : {}),
});
const repoUrls = ['https://example.invalid/lab.git'];
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));

describe('a failing top-level build that no controller object deploys', () => {
  it('keeps its ApplicationSet, read as written, with a notice naming the failing build', () => {
    const sel = discoverTargets(new RepoFiles(list(lab([]))), { repoUrls });
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['apps-ai', 'apps-web', 'infra']);
    const notice = sel.notices.find((n) => n.code === 'UNAPPLIED_BUILD');
    expect(notice?.message).toMatch(/^The build of apps fails \(apps\/web\/kustomization\.yaml:5: kustomize build apps fails: .*apps\/web\/forum.*\), and no Argo CD or Flux object here deploys it: the controller objects it holds are read as written, as a cluster keeps what was last applied: ApplicationSet apps \(apps\/application-set\.yaml:1\)$/);
  });

  it('diff: a new app with its policy in a folder the ApplicationSet deploys is reported, not "no change"', async () => {
    const report = await analyzeTargets(list(lab([])), list(lab(['gateway'])), { discover: { repoUrls } });
    // One cluster model (apps-ai and apps-web deploy to the same cluster): the gateway's policy opens and closes paths.
    expect(report.targets.map((t) => [t.name, t.report.counts.opened > 0, t.report.counts.closed > 0])).toEqual([['in-cluster', true, true]]);
    expect(report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS')).toEqual([]);
  });

  it('the build deployed by an Application keeps the other reading: its failure deploys nothing from it', () => {
    const root = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: root, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://example.invalid/lab.git, targetRevision: main, path: apps}\n  destination: {server: https://kubernetes.default.svc, namespace: argocd}\n';
    const sel = discoverTargets(new RepoFiles(list({ ...lab([]), 'bootstrap/root.yaml': root })), { repoUrls });
    expect(sel.targets.map((t) => t.name)).toEqual(['infra', 'root']);
    expect(sel.notices.filter((n) => n.code === 'UNAPPLIED_BUILD')).toEqual([]);
  });

  it('with no other controller target, the layout reads the repository: the failing build is a target of its own', () => {
    const { 'bootstrap/infra.yaml': _infra, ...alone } = lab([]);
    const sel = discoverTargets(new RepoFiles(list(alone)), { repoUrls });
    expect(sel.origin).toBe('kustomization');
    expect(sel.targets.map((t) => t.name)).toContain('apps');
    expect(sel.notices.filter((n) => n.code === 'UNAPPLIED_BUILD')).toEqual([]);
  });

  it('a sub-build a Flux Kustomization\'s path reaches (its generated kustomization lists it) names that Kustomization, not "no object deploys it"', () => {
    const flux = (name: string, path: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
    // cluster-apps builds ./apps, which holds no kustomization: Flux generates one listing apps/media, whose own lists a gone file.
    const files: Files = {
      'clusters/prod/apps.yaml': flux('cluster-apps', './apps'),
      'apps/media/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - ./jellyfin/ks.yaml\n  - ./plex/ks.yaml\n`,
      'apps/media/jellyfin/ks.yaml': flux('jellyfin', './apps/media/jellyfin/app'),
      'apps/media/jellyfin/app/deploy.yaml': deploy('jellyfin'),
    };
    const sel = discoverTargets(new RepoFiles(list(files)), {});
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['cluster-apps', 'jellyfin']);
    expect(sel.notices.find((n) => n.code === 'UNAPPLIED_BUILD')?.message).toBe(
      "The build of apps/media fails (apps/media/kustomization.yaml:5: kustomize build apps/media fails: resource ./plex/ks.yaml: no such file or folder (apps/media/plex/ks.yaml)), which Flux Kustomization cluster-apps (clusters/prod/apps.yaml:1) builds through its path apps (Flux's generated kustomization there lists it), so that Kustomization's build fails and applies nothing of this revision: the controller objects it holds are read as written, as a cluster keeps what was last applied: Flux Kustomization jellyfin (apps/media/jellyfin/ks.yaml:1)",
    );
  });
});
