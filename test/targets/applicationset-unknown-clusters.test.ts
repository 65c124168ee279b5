/**
 * An ApplicationSet `clusters` generator whose clusters are not in this repository (no Argo CD cluster Secret,
 * no list naming clusters beside it: clusters registered with `argocd cluster add`). Argo CD's Cluster Generator
 * documentation: one Application per registered cluster its selector picks, the local cluster included when the
 * selector is empty. When what each Application deploys does not depend on the cluster, the set's Applications
 * are one target each, for the clusters the selector picks, with a note saying which clusters those are is not
 * known here; when the path or namespace depends on the cluster, nothing can be read: a notice, no target.
 * Layouts modelled on cluster-addons repositories (bootstrap/ sets over addons/ folders).
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { main } from '../../src/cli/main.js';
import { argoApplication, netpolApplicationSet } from '../helpers/argo-application.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { sideTreesSync } from '../helpers/git.js';

const URL = 'https://github.com/acme/platform';
const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
const discover = (files: Record<string, string>) => {
  const sel = discoverTargets(repo(files));
  return { targets: sel.targets.map((t) => [t.name, t.roots.join(','), t.cluster, t.namespace]), notices: sel.notices, specs: sel.targets };
};

const POLICY = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: deny-ingress}', 'spec:', '  podSelector: {}', '  policyTypes: [Ingress]', ''].join('\n');

/** One set deploying `addons/netpol` to every cluster (fasttemplate). */
const EVERY_CLUSTER = netpolApplicationSet(URL);

/** Every folder of addons/ × the clusters labelled env=prod (Go templates, the label read into the namespace). */
const PROD_ADDONS = [
  'apiVersion: argoproj.io/v1alpha1',
  'kind: ApplicationSet',
  'metadata:',
  '  name: addons',
  '  namespace: argocd',
  'spec:',
  '  goTemplate: true',
  '  generators:',
  '    - matrix:',
  '        generators:',
  '          - git:',
  `              repoURL: ${URL}`,
  '              revision: HEAD',
  '              directories:',
  "                - path: 'addons/*'",
  "                - {path: 'addons/netpol', exclude: true}",
  '          - clusters:',
  '              selector:',
  '                matchLabels: {env: prod}',
  '                matchExpressions:',
  '                  - {key: tier, operator: In, values: [edge, core]}',
  '  template:',
  '    metadata:',
  "      name: '{{ .path.basename }}-{{ .nameNormalized }}'",
  '    spec:',
  '      project: default',
  '      source:',
  `        repoURL: ${URL}`,
  '        targetRevision: HEAD',
  "        path: '{{ .path.path }}'",
  '      destination:',
  "        name: '{{ .name }}'",
  "        namespace: '{{ .path.basename }}-{{ index .metadata.labels \"env\" }}'",
  '      syncPolicy:',
  '        automated: {prune: true}',
  '',
].join('\n');

const FILES = {
  'bootstrap/netpol.yaml': EVERY_CLUSTER,
  'bootstrap/addons.yaml': PROD_ADDONS,
  'addons/netpol/deny.yaml': POLICY,
  'addons/ingress/deploy.yaml': appDeployment('controller', 'ingress-prod'),
  'addons/logging/deploy.yaml': appDeployment('agent', 'logging-prod'),
};

describe('clusters generator, the clusters not in this repository', () => {
  it('one target per Application, for the clusters the selector picks, named by the cluster', () => {
    const { targets } = discover(FILES);
    expect(targets).toEqual([
      ['each-cluster-netpol', 'addons/netpol', 'every cluster', 'netpol'],
      ['ingress-each-cluster', 'addons/ingress', 'every cluster with env=prod and tier in [edge, core]', 'ingress-prod'],
      ['logging-each-cluster', 'addons/logging', 'every cluster with env=prod and tier in [edge, core]', 'logging-prod'],
    ]);
  });

  it('one note a set says the clusters are not known here, and why names the set', () => {
    const { notices, specs } = discover(FILES);
    expect(notices.map((n) => n.code)).toEqual(['CLUSTERS_UNKNOWN', 'CLUSTERS_UNKNOWN']);
    const netpol = notices.find((n) => n.message.startsWith('ApplicationSet netpol'));
    expect(netpol?.message).toBe(
      "ApplicationSet netpol: no Argo CD cluster Secret its clusters generator reads is in this repository, and no list naming clusters is beside it, so which clusters it deploys to only the live Argo CD knows (every cluster, Argo CD's local cluster in-cluster included); each gets the same Applications, analysed once (1 Application: each-cluster-netpol)",
    );
    expect(netpol?.ref).toEqual({ file: 'bootstrap/netpol.yaml', line: 1 });
    expect(notices.find((n) => n.message.startsWith('ApplicationSet addons'))?.message).toMatch(/only the live Argo CD knows \(every cluster with env=prod and tier in \[edge, core\]\); each gets the same Applications, analysed once \(2 Applications: ingress-each-cluster, logging-each-cluster\)$/);
    expect(specs.find((t) => t.name === 'each-cluster-netpol')?.why).toBe('Application each-cluster-netpol generated by ApplicationSet netpol (bootstrap/netpol.yaml:1) for each cluster it selects');
  });

  it('two sets with the same selector share one cluster; another selector is another cluster', () => {
    const other = EVERY_CLUSTER.replace('name: netpol\n', 'name: dns\n').replace('{{name}}-netpol', '{{name}}-dns').replace('addons/netpol', 'addons/dns').replace('namespace: netpol', 'namespace: dns');
    const { targets } = discover({ ...FILES, 'bootstrap/dns.yaml': other, 'addons/dns/deny.yaml': POLICY });
    expect(targets.filter((t) => t[2] === 'every cluster').map((t) => t[0]).sort()).toEqual(['each-cluster-dns', 'each-cluster-netpol']);
    expect(targets.filter((t) => t[2] === 'every cluster with env=prod and tier in [edge, core]').map((t) => t[0])).toEqual(['dns-each-cluster', 'ingress-each-cluster', 'logging-each-cluster']);
  });

  it('a path that depends on the cluster cannot be read: the notice, and no target', () => {
    const perCluster = EVERY_CLUSTER.replace('path: addons/netpol', "path: 'clusters/{{name}}/netpol'");
    const { targets, notices } = discover({ 'bootstrap/netpol.yaml': perCluster, 'clusters/prod/netpol/deny.yaml': POLICY });
    expect(targets.filter((t) => t[2] !== undefined)).toEqual([]);
    expect(notices.map((n) => n.message)).toContainEqual(
      'ApplicationSet netpol: the clusters generator needs a live cluster (no Argo CD cluster Secret for it in this repository, and no list naming clusters beside it), and what its Applications deploy depends on the cluster; its Applications are not analysed',
    );
  });

  it('a namespace from a label the selector does not fix depends on the cluster too', () => {
    const byRegion = PROD_ADDONS.replace('index .metadata.labels "env"', 'index .metadata.labels "region"');
    const { targets, notices } = discover({ ...FILES, 'bootstrap/addons.yaml': byRegion });
    expect(targets.map((t) => t[0])).toEqual(['each-cluster-netpol']);
    expect(notices.map((n) => n.message)).toContainEqual(expect.stringMatching(/^ApplicationSet addons: the clusters generator needs a live cluster .*depends on the cluster/));
  });
});

it('a policy change in a folder every cluster gets is analysed, not “no target deploys it”', async () => {
  const base = { ...FILES, 'addons/netpol/web.yaml': appDeployment('web', 'netpol') };
  const head = { ...base, 'addons/netpol/deny.yaml': POLICY.replace('policyTypes: [Ingress]', 'policyTypes: [Ingress]\n  ingress: [{}]') };
  const root = sideTreesSync({ base, head });
  const out = await main(['diff', `${root}/base`, `${root}/head`, '--format', 'json', '--fail-on', 'never']);
  const json = JSON.parse(out.stdout) as { targets: { name: string; cluster?: string; summary: { opened: number } }[]; notices: { code: string }[] };
  expect(json.targets.find((t) => t.cluster === 'every cluster')?.summary.opened).toBeGreaterThan(0);
  expect(json.notices.map((n) => n.code)).toContain('CLUSTERS_UNKNOWN');
  expect(json.notices.map((n) => n.code)).not.toContain('OUTSIDE_TARGETS');
  const text = await main(['diff', `${root}/base`, `${root}/head`, '--fail-on', 'never']);
  expect(text.stdout).toContain('Targets from 3 Applications generated by ApplicationSets in this repository (every cluster with env=prod and tier in [edge, core]; every cluster).');
});

it('`targets` names the stand-in cluster by its selector, not as “cluster every cluster”', async () => {
  const root = sideTreesSync({ base: FILES, head: FILES });
  const out = await main(['targets', '--repo', `${root}/head`]);
  expect(out.exitCode).toBe(0);
  expect(out.stdout).toContain('every cluster with env=prod and tier in [edge, core]');
  expect(out.stdout).not.toContain('cluster every cluster');
});

/** A plain Application sent to Argo CD's local cluster, deploying a Deployment into the namespace the set's policy goes to. */
const WEB_APP = argoApplication('web', URL, 'apps/web', 'server: https://kubernetes.default.svc');

describe('the stand-in cluster beside what the repository names', () => {
  const WITH_WEB = { 'bootstrap/netpol.yaml': EVERY_CLUSTER, 'bootstrap/web.yaml': WEB_APP, 'addons/netpol/deny.yaml': POLICY, 'apps/web/web.yaml': appDeployment('web', 'netpol') };

  it('an empty selector picks in-cluster: what the set makes for it joins the Applications sent there', () => {
    const { targets, notices, specs } = discover(WITH_WEB);
    expect(targets).toEqual([
      ['each-cluster-netpol', 'addons/netpol', 'every cluster', 'netpol'],
      ['web', 'apps/web', 'in-cluster', 'netpol'],
      // Named as Argo CD names it for in-cluster (`{{name}}-netpol`).
      ['in-cluster-netpol', 'addons/netpol', 'in-cluster', 'netpol'],
    ]);
    expect(specs.find((t) => t.name === 'in-cluster-netpol')?.standIn).toBeUndefined();
    expect(specs.find((t) => t.name === 'each-cluster-netpol')?.standIn).toBe(true);
    expect(notices.map((n) => n.message)).toContainEqual(
      "ApplicationSet netpol: Argo CD's local cluster in-cluster is one of the clusters it selects, and other Applications of this repository deploy to it, so what it makes for in-cluster is analysed there beside them (1 Application: in-cluster-netpol)",
    );
  });

  it('an Application sent to another cluster gets the set’s Application for it (applicationset-named-clusters.test.ts); with a selector, the stand-in alone', () => {
    expect(discover({ ...WITH_WEB, 'bootstrap/web.yaml': WEB_APP.replace('server: https://kubernetes.default.svc', 'name: prod') }).targets.map((t) => t[0])).toEqual(['each-cluster-netpol', 'web', 'prod-netpol']);
    const selective = EVERY_CLUSTER.replace('- clusters: {}', '- clusters: {selector: {matchLabels: {env: prod}}}');
    expect(discover({ ...WITH_WEB, 'bootstrap/netpol.yaml': selective }).targets.map((t) => t[0])).toEqual(['each-cluster-netpol', 'web']);
  });

  it('a policy change is analysed with the pods of in-cluster too', async () => {
    const head = { ...WITH_WEB, 'addons/netpol/deny.yaml': POLICY.replace('policyTypes: [Ingress]', 'policyTypes: [Ingress]\n  ingress: [{}]') };
    const root = sideTreesSync({ base: WITH_WEB, head });
    const out = await main(['diff', `${root}/base`, `${root}/head`, '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as { targets: { name: string; cluster?: string; summary: { opened: number } }[] };
    const local = json.targets.find((t) => t.cluster === 'in-cluster');
    expect(local?.summary.opened).toBeGreaterThan(0);
    const text = (await main(['diff', `${root}/base`, `${root}/head`, '--fail-on', 'never'])).stdout;
    // The policy now admits everything to the web Deployment an Application sends to in-cluster.
    expect(text).toMatch(/=> netpol\/web\[Deployment\] : All Connections/);
  });

  it('a post selector on the clusters generator narrows the stand-in; a label it fixes is read by the template', () => {
    const post = PROD_ADDONS.replace(
      "          - clusters:\n              selector:\n                matchLabels: {env: prod}\n                matchExpressions:\n                  - {key: tier, operator: In, values: [edge, core]}",
      "          - clusters: {}\n            selector:\n              matchLabels: {metadata.labels.env: prod}\n              matchExpressions:\n                - {key: name, operator: NotIn, values: [in-cluster]}",
    ).replace('  template:', "      selector:\n        matchExpressions:\n          - {key: path.basename, operator: In, values: [ingress]}\n  template:");
    expect(post).toContain('metadata.labels.env: prod');
    const { targets, notices } = discover({ ...FILES, 'bootstrap/netpol.yaml': '', 'bootstrap/addons.yaml': post });
    // Was: nothing (the post selector was evaluated on the markers). logging is left out by the known path.basename.
    expect(targets).toEqual([['ingress-each-cluster', 'addons/ingress', 'every cluster with env=prod and name not in [in-cluster]', 'ingress-prod']]);
    expect(notices.map((n) => n.message)).toContainEqual(expect.stringContaining('only the live Argo CD knows (every cluster with env=prod and name not in [in-cluster]);'));
  });

  it('a post selector that only a known parameter fails drops the stand-in', () => {
    const post = EVERY_CLUSTER.replace('    - clusters: {}', '    - clusters: {}\n      selector: {matchLabels: {values.tier: edge}}');
    // No values here: `values.tier` is known to be unset on every cluster. (The plain manifests stand in for no controller target.)
    expect(discover({ 'bootstrap/netpol.yaml': post, 'addons/netpol/deny.yaml': POLICY }).targets.filter((t) => t[2] !== undefined)).toEqual([]);
  });
});

describe('template functions keep the stand-in marker whole', () => {
  const GO_NETPOL = EVERY_CLUSTER.replace('  generators:', '  goTemplate: true\n  generators:').replace("'{{server}}'", "'{{ .server }}'");

  it('`trunc` of the cluster name in the Application name still reads each-cluster', () => {
    const truncated = GO_NETPOL.replace("'{{name}}-netpol'", "'{{ .name | trunc 5 }}-netpol'");
    expect(discover({ 'bootstrap/netpol.yaml': truncated, 'addons/netpol/deny.yaml': POLICY }).targets).toEqual([['each-cluster-netpol', 'addons/netpol', 'every cluster', 'netpol']]);
  });

  it('`trunc` or `replace` of the cluster name in the path is a path per cluster, not one path every cluster shares', () => {
    for (const f of ['trunc 4', 'replace "cluster" ""']) {
      const perCluster = GO_NETPOL.replace("'{{name}}-netpol'", "'{{ .name }}-netpol'").replace('path: addons/netpol', `path: 'clusters/{{ .name | ${f} }}'`);
      // A folder named as the cut marker would have been read as every cluster's.
      const { targets, notices } = discover({ 'bootstrap/netpol.yaml': perCluster, 'clusters/xqzc/deny.yaml': POLICY, 'clusters/xqzname/deny.yaml': POLICY });
      expect(targets.filter((t) => t[2] !== undefined)).toEqual([]);
      expect(notices.map((n) => n.message)).toContainEqual(expect.stringContaining('what its Applications deploy depends on the cluster'));
    }
  });

  it('`targets` says the stand-in name is no Application of Argo CD, in text and JSON', async () => {
    const root = sideTreesSync({ base: FILES, head: FILES });
    const text = (await main(['targets', '--repo', `${root}/head`])).stdout;
    expect(text).toContain("each-cluster-netpol  [every cluster, namespace netpol]\n  stand-in: Argo CD makes one Application per cluster (every cluster), named with that cluster's name where each-cluster stands; this name is none of them\n");
    const json = JSON.parse((await main(['targets', '--repo', `${root}/head`, '--format', 'json'])).stdout) as { targets: { name: string; standIn?: boolean }[] };
    expect(json.targets.map((t) => [t.name, t.standIn]).sort()).toEqual([
      ['each-cluster-netpol', true],
      ['ingress-each-cluster', true],
      ['logging-each-cluster', true],
    ]);
  });
});
