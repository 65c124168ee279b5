/**
 * An ApplicationSet `clusters` generator with `flatList: true` makes one Application whose template ranges over
 * every cluster the selector picks (`{{ range .clusters }}`), not one Application per cluster (Argo CD's Cluster
 * Generator documentation, "Gather cluster information as a flat list"). It was a notice and no target.
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { generatedApplications } from '../../src/targets/applicationset.js';
import { findControllerObjects } from '../../src/targets/controller-objects.js';
import { clustersFor } from '../../src/targets/cluster-secrets.js';
import type { Notice } from '../../src/targets/types.js';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';

const URL = 'https://github.com/acme/platform';
const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

const FLAT = (values: string) =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: ApplicationSet',
    'metadata:',
    '  name: flat',
    '  namespace: argocd',
    'spec:',
    '  goTemplate: true',
    '  generators:',
    '    - clusters:',
    '        selector:',
    '          matchLabels: {type: staging}',
    '        flatList: true',
    '  template:',
    '    metadata:',
    '      name: flat-list-netpol',
    '    spec:',
    '      project: default',
    '      source:',
    `        repoURL: ${URL}`,
    '        targetRevision: HEAD',
    '        path: addons/netpol',
    '        helm:',
    '          values: |',
    ...values.split('\n').map((l) => `            ${l}`),
    '      destination:',
    '        server: https://kubernetes.default.svc',
    '        namespace: netpol',
    '',
  ].join('\n');

const RANGE = 'clusters:\n{{- range .clusters }}\n  - name: {{ .name }}\n    env: {{ index .metadata.labels "type" }}\n{{- end }}';

const secret = (name: string, type: string) =>
  ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${name}`, '  namespace: argocd', `  labels: {argocd.argoproj.io/secret-type: cluster, type: ${type}}`, `stringData: {name: ${name}, server: 'https://${name}.example'}`, ''].join('\n');

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n';

const FILES = { 'bootstrap/flat.yaml': FLAT(RANGE), 'addons/netpol/deny.yaml': POLICY, 'clusters/c1.yaml': secret('c1', 'staging'), 'clusters/c2.yaml': secret('c2', 'staging'), 'clusters/p1.yaml': secret('p1', 'prod') };

const generated = (files: Record<string, string>) => {
  const rf = repo(files);
  const objects = findControllerObjects(rf, () => true, new Set());
  const set = objects.find((o) => o.kind === 'ApplicationSet')!;
  const notices: Notice[] = [];
  const apps = generatedApplications(set, rf, [URL], notices, clustersFor(set, objects.filter((o) => o.kind === 'ClusterSecret')));
  return { apps, notices };
};

describe('clusters generator with flatList', () => {
  it('one Application, its template ranging over the clusters the selector picks', () => {
    const { apps, notices } = generated(FILES);
    expect(notices).toEqual([]);
    expect(apps.map((a) => a.name)).toEqual(['flat-list-netpol']);
    const source = apps[0].spec.source as { helm: { values: string } };
    // `{{-` trims the line end before it, as Go does.
    expect(source.helm.values).toBe('clusters:\n  - name: c1\n    env: staging\n  - name: c2\n    env: staging\n');
  });

  it('is a target on its destination, with no notice', async () => {
    const sel = discoverTargets(repo(FILES));
    expect(sel.targets.map((t) => [t.name, t.roots.join(','), t.cluster, t.namespace])).toEqual([['flat-list-netpol', 'addons/netpol', 'in-cluster', 'netpol']]);
    expect(sel.notices.filter((n) => n.code === 'UNSUPPORTED_GENERATOR')).toEqual([]);
    const root = sideTreesSync({ base: FILES, head: FILES });
    const text = (await main(['targets', '--repo', `${root}/head`])).stdout;
    expect(text).toContain('flat-list-netpol  [cluster in-cluster, namespace netpol]');
  });

  it('clusters only the live Argo CD knows: analysed when the Application does not read the list', () => {
    const unknown = { 'bootstrap/flat.yaml': FLAT('replicas: 1'), 'addons/netpol/deny.yaml': POLICY };
    expect(discoverTargets(repo(unknown)).targets.map((t) => t.name)).toEqual(['flat-list-netpol']);
  });

  it('clusters only the live Argo CD knows, read into the Application: a notice, no target', () => {
    const { apps, notices } = generated({ 'bootstrap/flat.yaml': FLAT(RANGE), 'addons/netpol/deny.yaml': POLICY });
    expect(apps).toEqual([]);
    expect(notices.map((n) => n.message)).toEqual([
      'ApplicationSet flat: the clusters generator needs a live cluster (no Argo CD cluster Secret for it in this repository, and no list naming clusters beside it), and its flatList Application reads the list of clusters; it is not analysed',
    ]);
  });
});
