/**
 * A repository whose Flux targets form one cluster on each side, named differently on each (the Flux roots moved:
 * a bootstrap tree `flux-system` under `cluster/` became `clusters/home/`), with every app moved to a new
 * namespace, so that no file and no object pairs the two: it read as a new cluster beside a removed one, every path
 * of the old closed in one section and every path of the new opened in another (real repositories 33–35:
 * edgard/home-ops 5394ea04, wahooli/gitops-repo 9d47dc4a). Now one cluster whose roots moved, with a note saying
 * what the other reading would be. Fixtures written here, by hand.
 */
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { tempFolderSync } from '../helpers/git.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-sole-cluster-');

const source = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {url: https://example.invalid/home-ops, ref: {branch: main}}
`;
const sync = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: ${name}, namespace: flux-system}
spec:
  path: ${path}
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
`;
const deny = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  podSelector: {matchLabels: {app: ${name}}}\n  policyTypes: [Ingress]\n`;
/** An app folder: a kustomization putting a Deployment and a policy isolating it in `namespace`. */
const appFolder = (dir: string, name: string, namespace: string) => ({
  [`${dir}/kustomization.yaml`]: `namespace: ${namespace}\nresources:\n- app.yaml\n- deny.yaml\n`,
  [`${dir}/app.yaml`]: appDeployment(name, undefined),
  [`${dir}/deny.yaml`]: deny(name),
});

/** Base: a Flux tree rooted in `cluster/flux-system` (its cluster named by the tree), two apps in namespace `media`. */
const base = {
  'cluster/flux-system/gotk-sync.yaml': `${source}---\n${sync('flux-system', './cluster')}`,
  'cluster/apps.yaml': sync('apps', './apps'),
  ...appFolder('apps/sonarr', 'sonarr', 'media'),
  ...appFolder('apps/radarr', 'radarr', 'media'),
};
/** Head: the roots moved to `clusters/home/` under other names, and every app to a namespace of its own. */
const head = {
  'clusters/home/flux-system/gotk-sync.yaml': `${source}---\n${sync('home', './clusters/home')}`,
  'clusters/home/apps.yaml': sync('cluster-apps', './kubernetes/apps'),
  ...appFolder('kubernetes/apps/sonarr', 'sonarr', 'downloads'),
  ...appFolder('kubernetes/apps/radarr', 'radarr', 'movies'),
};

type Json = { summary: { opened: number; closed: number }; targets: { name: string; lifecycle?: string }[]; notices: { code: string; message: string }[] };

describe("the repository's one Flux cluster, its roots moved", () => {
  it('is one cluster, not a new one beside a removed one; a note says what the other reading would be', async () => {
    const { stdout } = await main(['diff', tree(base), tree(head), '--fail-on', 'never']);
    const headline = stdout.split('\n')[0];
    expect(headline).not.toMatch(/new in this change|removed by this change/);
    expect(stdout).toMatch(/Base's Flux targets form one cluster, flux-system, and head's one cluster, home, each named by where the repository keeps its Flux roots: compared as one cluster whose roots the change moved\. If home is another cluster, flux-system is removed and every path of home is new/);
    const json = JSON.parse((await main(['diff', tree(base), tree(head), '--format', 'json', '--fail-on', 'never'])).stdout) as Json;
    expect(json.targets.map((t) => t.lifecycle)).toEqual(json.targets.map(() => undefined));
    expect(json.notices.map((n) => n.code)).toContain('CLUSTER_RENAMED');
  });

  it('targets of the same names on both sides: one model already, nothing said', async () => {
    // The roots moved under their own names: the targets pair by name, so no cluster reads as removed.
    const sameNames = {
      'clusters/home/flux-system/gotk-sync.yaml': `${source}---\n${sync('flux-system', './clusters/home')}`,
      'clusters/home/apps.yaml': sync('apps', './apps'),
      ...appFolder('apps/sonarr', 'sonarr', 'media'),
      ...appFolder('apps/radarr', 'radarr', 'media'),
    };
    const { stdout } = await main(['diff', tree(base), tree(sameNames), '--fail-on', 'never']);
    expect(stdout.split('\n')[0]).not.toMatch(/new in this change|removed by this change/);
    expect(stdout).not.toMatch(/compared as one cluster whose roots the change moved/);
  });

  it('a second cluster on a side: no rename (each cluster stays its own)', async () => {
    const twoClusters = {
      ...head,
      'clusters/lab/flux-system/gotk-sync.yaml': `${source}---\n${sync('lab', './clusters/lab')}`,
      'clusters/lab/apps.yaml': sync('lab-apps', './lab/apps'),
      ...appFolder('lab/apps/sonarr', 'sonarr', 'lab'),
    };
    const { stdout } = await main(['diff', tree(base), tree(twoClusters), '--fail-on', 'never']);
    expect(stdout).not.toMatch(/compared as one cluster whose roots the change moved/);
    expect(stdout.split('\n')[0]).toMatch(/removed by this change/);
    expect(stdout.split('\n')[0]).toMatch(/new in this change/);
  });
});
