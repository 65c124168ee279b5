/**
 * ApplicationSet matrix and merge generators and a generator's post selector (Argo CD's Generators-Matrix,
 * Generators-Merge and "Post Selector" documentation): the Applications they make become targets, a
 * generator reachdiff cannot expand (clusters whose Applications differ by cluster, with no cluster Secret and no list naming
 * clusters) or one Argo CD rejects gives a notice and no Applications.
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n';
const URL = 'https://github.com/acme/gitops';

/** An ApplicationSet with these generator lines (YAML, indented under `generators:`) and template. */
function appSet(generators: string[], template: { name: string; path: string; cluster: string; namespace: string }, go = false): string {
  return [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: ApplicationSet',
    'metadata: {name: apps, namespace: argocd}',
    'spec:',
    ...(go ? ['  goTemplate: true'] : []),
    '  generators:',
    ...generators.map((l) => `    ${l}`),
    '  template:',
    `    metadata: {name: '${template.name}'}`,
    '    spec:',
    `      source: {repoURL: ${URL}, path: '${template.path}'}`,
    `      destination: {name: '${template.cluster}', namespace: '${template.namespace}'}`,
  ].join('\n');
}

// Different objects: folders defining the same one would be alternative bundles of the layout, with a notice of their own.
const APPS = { 'apps/shop/d.yaml': DEPLOY, 'apps/blog/d.yaml': DEPLOY.replace('name: web', 'name: blog') };
const targetsOf = (files: Record<string, string>) => {
  const sel = discoverTargets(repo(files));
  return { targets: sel.targets.map((t) => [t.name, t.roots[0], t.cluster, t.namespace]), notices: sel.notices.map((n) => n.message) };
};

describe('ApplicationSet matrix generator', () => {
  it('every folder × every cluster of a list: one target per combination, each in its cluster', () => {
    const set = appSet(
      ['- matrix:', '    generators:', `      - git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "apps/*"}]}`, '      - list: {elements: [{cluster: prod}, {cluster: staging}]}'],
      { name: '{{path.basename}}-{{cluster}}', path: '{{path}}', cluster: '{{cluster}}', namespace: '{{path.basename}}' },
    );
    const { targets, notices } = targetsOf({ 'argocd/set.yaml': set, ...APPS });
    expect(targets).toEqual([
      ['blog-prod', 'apps/blog', 'prod', 'blog'],
      ['blog-staging', 'apps/blog', 'staging', 'blog'],
      ['shop-prod', 'apps/shop', 'prod', 'shop'],
      ['shop-staging', 'apps/shop', 'staging', 'shop'],
    ]);
    expect(notices).toEqual([]);
  });

  it('the second generator reads the first one’s parameters (goTemplate)', () => {
    const set = appSet(
      ['- matrix:', '    generators:', '      - list: {elements: [{env: prod}]}', `      - git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "envs/{{.env}}/*"}]}`],
      { name: '{{.path.basename}}-{{.env}}', path: '{{.path.path}}', cluster: '{{.env}}', namespace: '{{.path.basename}}' },
      true,
    );
    const { targets } = targetsOf({ 'argocd/set.yaml': set, 'envs/prod/shop/d.yaml': DEPLOY, 'envs/dev/shop/d.yaml': DEPLOY });
    expect(targets).toEqual([['shop-prod', 'envs/prod/shop', 'prod', 'shop']]);
  });

  it('a clusters child without cluster Secrets here: each folder once, for every cluster the selector picks, with a note', () => {
    const set = appSet(
      ['- matrix:', '    generators:', `      - git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "apps/*"}]}`, '      - clusters: {selector: {matchLabels: {env: prod}}}'],
      { name: '{{path.basename}}-{{name}}', path: '{{path}}', cluster: '{{name}}', namespace: '{{path.basename}}' },
    );
    const { targets, notices } = targetsOf({ 'argocd/set.yaml': set, ...APPS });
    expect(targets).toEqual([
      ['blog-each-cluster', 'apps/blog', 'every cluster with env=prod', 'blog'],
      ['shop-each-cluster', 'apps/shop', 'every cluster with env=prod', 'shop'],
    ]);
    expect(notices).toEqual([expect.stringMatching(/^ApplicationSet apps: no Argo CD cluster Secret its clusters generator reads is in this repository/)]);
  });

  it('a clusters child whose clusters decide the path needs a live cluster: a notice, and no Applications from the matrix', () => {
    const set = appSet(
      ['- matrix:', '    generators:', `      - git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "apps/*"}]}`, '      - clusters: {selector: {matchLabels: {env: prod}}}'],
      { name: '{{path.basename}}-{{name}}', path: '{{path}}/{{name}}', cluster: '{{name}}', namespace: '{{path.basename}}' },
    );
    const { targets, notices } = targetsOf({ 'argocd/set.yaml': set, ...APPS });
    expect(targets.map((t) => t[0])).not.toContain('shop-each-cluster');
    expect(notices).toEqual([expect.stringMatching(/the clusters generator needs a live cluster .*, and what its Applications deploy depends on the cluster/)]);
  });

  it('a matrix of three generators is rejected by Argo CD: a notice naming it, no Applications', () => {
    const list = '      - list: {elements: [{cluster: prod}]}';
    const set = appSet(['- matrix:', '    generators:', list, list, list], { name: 'x-{{cluster}}', path: 'apps/shop', cluster: '{{cluster}}', namespace: 'shop' });
    const { targets, notices } = targetsOf({ 'argocd/set.yaml': set, ...APPS });
    expect(targets.map((t) => t[0])).not.toContain('x-prod');
    expect(notices).toEqual([expect.stringMatching(/matrix generator of 3 generators \(it takes exactly 2\)/)]);
  });
});

describe('ApplicationSet merge generator', () => {
  it('later generators override the first one’s sets with the same mergeKeys values; unmatched sets are dropped', () => {
    const set = appSet(
      [
        '- merge:',
        '    mergeKeys: [app]',
        '    generators:',
        '      - list: {elements: [{app: shop, cluster: prod}, {app: blog, cluster: prod}]}',
        '      - list: {elements: [{app: blog, cluster: edge}, {app: wiki, cluster: edge}]}',
      ],
      { name: '{{app}}', path: 'apps/{{app}}', cluster: '{{cluster}}', namespace: '{{app}}' },
    );
    const { targets, notices } = targetsOf({ 'argocd/set.yaml': set, ...APPS });
    expect(targets).toEqual([
      ['shop', 'apps/shop', 'prod', 'shop'],
      ['blog', 'apps/blog', 'edge', 'blog'],
    ]);
    expect(notices).toEqual([]);
  });

  it('sets that are not unique by mergeKeys make Argo CD generate nothing: a notice', () => {
    const set = appSet(
      ['- merge:', '    mergeKeys: [cluster]', '    generators:', '      - list: {elements: [{app: shop, cluster: prod}, {app: blog, cluster: prod}]}', '      - list: {elements: [{cluster: prod}]}'],
      { name: '{{app}}', path: 'apps/{{app}}', cluster: '{{cluster}}', namespace: '{{app}}' },
    );
    const { targets, notices } = targetsOf({ 'argocd/set.yaml': set, ...APPS });
    expect(targets.map((t) => t[0])).not.toContain('shop');
    expect(notices).toEqual([expect.stringMatching(/not unique by mergeKeys \(cluster\)/)]);
  });
});

describe('a generator’s selector', () => {
  it('keeps the parameter sets it matches (matchLabels and matchExpressions)', () => {
    const set = appSet(
      [
        '- list:',
        '    elements: [{app: shop, tier: web}, {app: blog, tier: web, legacy: "true"}, {app: wiki, tier: db}]',
        '  selector:',
        '    matchLabels: {tier: web}',
        '    matchExpressions: [{key: legacy, operator: DoesNotExist}]',
      ],
      { name: '{{app}}', path: 'apps/{{app}}', cluster: 'prod', namespace: '{{app}}' },
    );
    const { targets } = targetsOf({ 'argocd/set.yaml': set, ...APPS, 'apps/wiki/d.yaml': DEPLOY });
    expect(targets).toEqual([['shop', 'apps/shop', 'prod', 'shop']]);
  });
});

describe('goTemplate pipelines (real-eval 11, G12: names printed as `tenant-{{ index .path.segments 1 | normalize }}`)', () => {
  it("Argo CD's normalize and Sprig's string functions fill names; the why names the ApplicationSet, not its Application", () => {
    const set = appSet(
      [`- git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "apps/*"}]}`],
      { name: 'tenant-{{ index .path.segments 1 | normalize }}-{{ .path.basename | upper | lower | trunc 2 }}', path: '{{ .path.path }}', cluster: '{{ "" | default "in-cluster" }}', namespace: '{{ .path.basename | replace "o" "0" }}' },
      true,
    );
    const files = { 'argocd/set.yaml': set, 'apps/Shop_Front/d.yaml': DEPLOY, 'apps/blog/d.yaml': DEPLOY.replace('name: web', 'name: blog') };
    expect(targetsOf(files).targets).toEqual([
      ['tenant-shop-front-sh', 'apps/Shop_Front', 'in-cluster', 'Sh0p_Fr0nt'],
      ['tenant-blog-bl', 'apps/blog', 'in-cluster', 'bl0g'],
    ]);
    expect(discoverTargets(repo(files)).targets.map((t) => t.why)).toEqual([
      'Application tenant-shop-front-sh generated by ApplicationSet apps (argocd/set.yaml:1)',
      'Application tenant-blog-bl generated by ApplicationSet apps (argocd/set.yaml:1)',
    ]);
  });

  it("Go's printf fills a name from several parameters (real repositories 45: names printed as `{{ printf \"%s-%s\" .namespace .path.basename }}`, `#2` …)", () => {
    const set = appSet(
      ['- matrix:', '    generators:', '      - list: {elements: [{ns: web}]}', `      - git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "apps/*"}]}`],
      { name: '{{ printf "%s-%s" .ns .path.basename | upper }}', path: '{{ .path.path }}', cluster: 'in-cluster', namespace: '{{ printf "%s%%" .ns }}' },
      true,
    );
    expect(targetsOf({ 'argocd/set.yaml': set, ...APPS }).targets.map((t) => [t[0], t[3]])).toEqual([
      ['WEB-BLOG', 'web%'],
      ['WEB-SHOP', 'web%'],
    ]);
    // A verb it does not know, or arguments the verbs do not take, leave the placeholder as written.
    const odd = appSet([`- git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "apps/*"}]}`], { name: '{{ printf "%q" .path.basename }}', path: '{{ .path.path }}', cluster: 'c', namespace: '{{ printf "%s" .path.basename .path.path }}' }, true);
    expect(targetsOf({ 'argocd/set.yaml': odd, ...APPS }).targets.map((t) => [t[0], t[3]])).toEqual([
      ['{{ printf "%q" .path.basename }}', '{{ printf "%s" .path.basename .path.path }}'],
      ['{{ printf "%q" .path.basename }}#2', '{{ printf "%s" .path.basename .path.path }}'],
    ]);
  });

  it('an unknown function leaves the placeholder as written', () => {
    const set = appSet([`- git: {repoURL: ${URL}, revision: HEAD, directories: [{path: "apps/*"}]}`], { name: '{{ .path.basename | sha256sum }}', path: '{{ .path.path }}', cluster: 'c', namespace: 'n' }, true);
    expect(targetsOf({ 'argocd/set.yaml': set, ...APPS }).targets.map((t) => t[0])).toEqual(['{{ .path.basename | sha256sum }}', '{{ .path.basename | sha256sum }}#2']);
  });
});
