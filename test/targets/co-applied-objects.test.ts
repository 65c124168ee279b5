/**
 * One NetworkPolicy that two Flux Kustomizations of one cluster both render, written differently: kustomize-controller
 * applies both with one field manager, so each reconciliation overwrites the other's copy without any conflict
 * reported, and the live object is whichever applied last (targets/co-applied-objects.ts). The copy analysed is
 * defined — the one in the last file by path, whatever the Kustomizations are called or where they are written —
 * and the warning says so in Flux's words, naming each Kustomization at its copy's file:line.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;

const flux = (name: string, path: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const web = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const webIn = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - ports: [{port: ${port}}]\n`;

/** Kustomization `first` builds apps/a, `second` apps/b (each in a file named after it); both render shop/web-in. */
const cluster = (first: string, second: string, a: number, b: number): Files => ({
  [`clusters/prod/${first}.yaml`]: flux(first, './apps/a'),
  [`clusters/prod/${second}.yaml`]: flux(second, './apps/b'),
  'apps/a/deploy.yaml': web,
  'apps/a/np.yaml': webIn(a),
  'apps/b/np.yaml': webIn(b),
});

interface Json {
  summary: { opened: number; closed: number };
  warnings: { file: string; line: number; code: string; message: string; new: boolean }[];
}

async function diff(base: Files, head: Files) {
  const sides = diffSides({ base, head });
  const json = JSON.parse((await sides.run('--format', 'json', '--fail-on', 'never')).stdout) as Json;
  return { json, text: (await sides.run('--fail-on', 'never')).stdout };
}

describe('one object two Flux Kustomizations of a cluster apply', () => {
  it('the warning names each Kustomization at its copy and the copy analysed, the last by path', async () => {
    const { json, text } = await diff(cluster('alpha', 'beta', 80, 80), cluster('alpha', 'beta', 80, 443));
    expect(text).toContain(
      "apps/b/np.yaml:1: warning: NetworkPolicy shop/web-in is applied by 2 Flux Kustomizations of this cluster, alpha (apps/a/np.yaml:1) and beta (here): they apply with one field manager, so each reconciliation of one overwrites the copy another applied, Flux reports no conflict, and the cluster holds whichever applied last (give the object to one Kustomization); analysed: this copy, the last in path order, and the earlier copy, which selected pods {app=web} and allowed ingress from anyone on TCP 80, is ignored [DUPLICATE_OBJECT]",
    );
    // apps/b's copy (TCP 443) is analysed: 443 opened, 80 closed.
    expect(json.summary).toMatchObject({ opened: 3, closed: 3 });
    expect(text).toContain('Opens shop/web to everything on TCP 443 (1 rule, apps/b/np.yaml:7)');
  });

  it('the same copy is analysed whatever the Kustomizations are called and wherever they are written', async () => {
    const swapped = await diff(cluster('zeta', 'alpha', 80, 80), cluster('zeta', 'alpha', 80, 443));
    expect(swapped.json.summary).toMatchObject({ opened: 3, closed: 3 });
    expect(swapped.text).toContain('Opens shop/web to everything on TCP 443 (1 rule, apps/b/np.yaml:7)');
    expect(swapped.json.warnings).toEqual([
      expect.objectContaining({ file: 'apps/b/np.yaml', line: 1, code: 'DUPLICATE_OBJECT', new: true, message: expect.stringContaining('applied by 2 Flux Kustomizations of this cluster, zeta (apps/a/np.yaml:1) and alpha (here)') }),
    ]);
  });

  it('copies no Flux Kustomization applies (a configured target of plain folders, kubectl apply -f) keep kubectl\'s words', async () => {
    const config = 'targets:\n  - name: prod\n    roots: [apps/a, apps/b]\n';
    const plain = (a: number, b: number): Files => ({ '.github/reachdiff.yml': config, 'apps/a/deploy.yaml': web, 'apps/a/np.yaml': webIn(a), 'apps/b/np.yaml': webIn(b) });
    const { text } = await diff(plain(80, 80), plain(80, 443));
    expect(text).toContain('NetworkPolicy shop/web-in is defined more than once (apps/a/np.yaml:1 and here): kubectl apply keeps the last copy');
  });

  it('three Kustomizations, three copies: each named at its copy, the earlier ones that differ counted', async () => {
    const three = (c: number): Files => ({ ...cluster('alpha', 'beta', 80, 8080), 'clusters/prod/gamma.yaml': flux('gamma', './apps/c'), 'apps/c/np.yaml': webIn(c) });
    const { json } = await diff(three(80), three(443));
    expect(json.warnings.filter((w) => w.new).map((w) => [w.file, w.message])).toEqual([
      [
        'apps/c/np.yaml',
        "NetworkPolicy shop/web-in is applied by 3 Flux Kustomizations of this cluster, alpha (apps/a/np.yaml:1), beta (apps/b/np.yaml:1) and gamma (here): they apply with one field manager, so each reconciliation of one overwrites the copy another applied, Flux reports no conflict, and the cluster holds whichever applied last (give the object to one Kustomization); analysed: this copy, the last in path order, and the 2 earlier ones that differ from it are ignored",
      ],
    ]);
  });
});
