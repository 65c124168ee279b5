/**
 * `labels-changed` reasons for labels a Flux Kustomization's `spec.commonMetadata.labels` sets: Flux writes them on
 * every object's own metadata after the build (a Namespace's, a bare Pod's), never on pod templates. The reason
 * cites the label's line in the Flux Kustomization's file, not the Namespace's or the Pod's own document, which
 * does not write it.
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
interface Reason { kind: string; namespace?: string; workload?: string; ref?: { file: string; line: number }; baseRef?: { file: string; line: number }; text: string }
interface Json { pairs: { why: { opened: Reason[]; closed: Reason[] } }[] }

const fluxKs = (name: string, path: string, labels: string) =>
  [
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    `metadata: {name: ${name}, namespace: flux-system}`,
    'spec:',
    '  interval: 10m',
    `  path: ${path}`,
    '  prune: true',
    '  sourceRef: {kind: GitRepository, name: flux-system}',
    '  commonMetadata:',
    '    labels:',
    '      app.kubernetes.io/part-of: shop',
    ...labels.split('\n').map((l) => `      ${l}`),
    '',
  ].join('\n');
const deployment = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const webIn = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: db}}\n';

async function reasons(base: Files, head: Files): Promise<Reason[]> {
  const [b, h] = await Promise.all([tempFolder(base), tempFolder(head)]);
  const out = await main(['diff', b, h, '--format', 'json', '--fail-on', 'never']);
  const json = JSON.parse(out.stdout) as Json;
  return json.pairs.flatMap((p) => [...p.why.closed, ...p.why.opened]).filter((r) => r.kind === 'labels-changed');
}

describe('labels a Flux Kustomization\'s commonMetadata sets', () => {
  // team is line 12 of clusters/prod/data.yaml.
  const cluster = (team: string): Files => ({
    'clusters/prod/data.yaml': fluxKs('data', './data', `team: ${team}`),
    'clusters/prod/shop.yaml': fluxKs('shop', './shop', 'tier: web'),
    'data/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: data\n',
    'data/db.yaml': deployment('db', 'data'),
    'shop/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
    'shop/web.yaml': deployment('web', 'shop'),
    'shop/pol.yaml': webIn,
  });

  it('a Namespace\'s label: the reason cites the commonMetadata line of its Flux Kustomization on both sides', async () => {
    const found = await reasons(cluster('db'), cluster('dba'));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ namespace: 'data', workload: 'data/db[Deployment]', ref: { file: 'clusters/prod/data.yaml', line: 12 }, baseRef: { file: 'clusters/prod/data.yaml', line: 12 } });
    expect(found[0].text).toBe('namespace data no longer carries team=db and now carries team=dba (clusters/prod/data.yaml:12), so NetworkPolicy shop/web-in ingress rule 1 no longer matches data/db[Deployment] as a peer');
  });

  it('a bare Pod\'s label: its Flux Kustomization\'s line, not the Pod\'s document', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  namespace: shop\n  labels: {app: db}\nspec: {containers: [{name: c, image: i}]}\n';
    const podIn = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {team: db}}\n';
    const tree = (team: string): Files => ({
      'clusters/prod/shop.yaml': fluxKs('shop', './shop', `team: ${team}`),
      'shop/pod.yaml': pod,
      'shop/web.yaml': deployment('web', 'shop'),
      'shop/pol.yaml': podIn,
    });
    const found = await reasons(tree('db'), tree('dba'));
    expect(found.map((r) => [r.workload, r.ref, r.baseRef])).toContainEqual(['shop/db[Pod]', { file: 'clusters/prod/shop.yaml', line: 12 }, { file: 'clusters/prod/shop.yaml', line: 12 }]);
  });
});
