/**
 * An object defined more than once is one DUPLICATE_OBJECT warning, at the copy that wins, naming every place a
 * copy is written: a CiliumClusterwideNetworkPolicy that several kustomizations include (each changing its labels
 * and namespace) was one warning per earlier copy, each reading "common/ccnp.yaml:1 and common/ccnp.yaml:1", and
 * a cluster-scoped object was named "/allow-dns".
 */
import { main } from '../../src/cli/main.js';
import { loadManifests } from '../../src/manifests/load.js';
import { tempFolder } from '../helpers/git.js';

const CCNP = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: allow-dns
spec:
  endpointSelector: {}
  egress:
    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: ANY}]}]
`;

interface Json {
  warnings: { file: string; line: number; code: string; message: string }[];
}

const kustomization = (team: string) => `resources:\n- ../common\nnamespace: ${team}\nlabels:\n- pairs: {team: ${team}}\n`;

describe('an object defined more than once', () => {
  it('one file included by several kustomizations, each changing it: one warning naming the file once and its copies', async () => {
    const root = await tempFolder({
      'kustomization.yaml': 'resources:\n- a\n- b\n- c\n',
      'common/kustomization.yaml': 'resources:\n- ccnp.yaml\n',
      'common/ccnp.yaml': CCNP,
      'a/kustomization.yaml': kustomization('a'),
      'b/kustomization.yaml': kustomization('b'),
      'c/kustomization.yaml': kustomization('c'),
    });
    const out = await main(['lint', root, '--format', 'json']);
    const dup = (JSON.parse(out.stdout) as Json).warnings.filter((w) => w.code === 'DUPLICATE_OBJECT');
    expect(dup.map((w) => [w.file, w.line])).toEqual([['common/ccnp.yaml', 1]]);
    expect(dup[0].message).toBe(
      'CiliumClusterwideNetworkPolicy allow-dns is defined 3 times by this document, which several kustomizations include and change (labels, a namespace …): kubectl apply keeps the last copy, which is analysed; the 2 earlier ones that differ from it are ignored',
    );
  });

  it('copies in several files: one warning listing each place once (an identical copy counted, not warned about)', () => {
    const np = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: ${port}}]}]\n`;
    const r = loadManifests([
      { path: 'a.yaml', text: np(80) },
      { path: 'b.yaml', text: np(81) },
      { path: 'c.yaml', text: np(82) + '---\n' + np(82) },
      { path: 'd.yaml', text: np(83) },
    ]);
    const dup = r.diagnostics.filter((d) => d.code === 'DUPLICATE_OBJECT');
    expect(dup.map((d) => [d.ref.file, d.ref.line])).toEqual([['d.yaml', 1]]);
    expect(dup[0].message).toBe(
      'NetworkPolicy shop/p is defined 5 times (a.yaml:1, b.yaml:1, c.yaml:1, c.yaml:8 and here): kubectl apply keeps the last copy, this one, so it is analysed and the 4 earlier ones that differ from it are ignored',
    );
  });

  it('two copies: the earlier one named, the kept one `here`, never the warning\'s own file:line again', () => {
    const np = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: ${port}}]}]\n`;
    const r = loadManifests([
      { path: 'a.yaml', text: np(80) },
      { path: 'b.yaml', text: np(81) },
    ]);
    const dup = r.diagnostics.filter((d) => d.code === 'DUPLICATE_OBJECT');
    expect(dup.map((d) => [d.ref.file, d.ref.line])).toEqual([['b.yaml', 1]]);
    expect(dup[0].message).toMatch(/^NetworkPolicy shop\/p is defined more than once \(a\.yaml:1 and here\): kubectl apply keeps the last copy, this one, so it is analysed and the earlier copy, which .* is ignored$/);
    expect(dup[0].message).not.toContain('b.yaml:1');
  });
});
