/**
 * Objects of one id under a kustomization that sets `namespace:`, as `kubectl kustomize` 5.5 builds them
 * (the reference; compared where kubectl is on the PATH). Two resources of one id fail the accumulation,
 * said at the `resources` entry that adds the second ("may not add resource with an already registered
 * id"), whatever `namespace:` says: one namespace written twice, none beside `default`, one base two
 * builds include, a cluster-scoped kind in two written namespaces (its namespace is no part of its id).
 * Objects of distinct ids that `namespace:` makes one fail at the `namespace:` line ("namespace
 * transformation produces ID conflict"). Distinct objects build. Our messages name both files and lines.
 */
import { spawnSync } from 'node:child_process';
import { renderKustomization } from '../../src/kustomize/index.js';
import type { RenderResult } from '../../src/kustomize/index.js';
import { hasKubectl } from '../../src/tools/kustomize-compare.js';
import { tempFolderSync } from '../helpers/git.js';

type Files = Record<string, string>;
const policy = (ns: string | undefined, name = 'allow-dns') =>
  ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', `  name: ${name}`, ...(ns ? [`  namespace: ${ns}`] : []), 'spec:', '  podSelector: {}', '  policyTypes: [Egress]', ''].join('\n');
const kustomization = (namespace: string | undefined, resources: string[]) => [...(namespace ? [`namespace: ${namespace}`] : []), 'resources:', ...resources.map((r) => `  - ${r}`), ''].join('\n');
const failures = (r: RenderResult) => r.diagnostics.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`);
const withKubectl = hasKubectl();

/** Ours, and kubectl's stderr ('' when it builds; undefined without kubectl). */
function build(files: Files): { ours: RenderResult; kubectl: string | undefined } {
  const ours = renderKustomization(new Map(Object.entries(files)), 'app');
  if (!withKubectl) return { ours, kubectl: undefined };
  const out = spawnSync('kubectl', ['kustomize', `${tempFolderSync(files)}/app`], { encoding: 'utf8' });
  return { ours, kubectl: out.status === 0 ? '' : out.stderr };
}

describe('kustomization with namespace: over objects of one id', () => {
  it('one namespace written twice: refused at the second entry, both files named', () => {
    const { ours, kubectl } = build({ 'app/kustomization.yaml': kustomization('staging', ['a.yaml', 'b.yaml']), 'app/a.yaml': policy('staging'), 'app/b.yaml': policy('staging') });
    expect(failures(ours)).toEqual(['app/kustomization.yaml:4 kustomize build app fails: may not add resource with an already registered id: networking.k8s.io/v1/NetworkPolicy staging allow-dns (from app/b.yaml:1, first from app/a.yaml:1)']);
    if (kubectl !== undefined) expect(kubectl).toMatch(/merging resources from 'b\.yaml': may not add resource with an already registered id: NetworkPolicy\.v1\.networking\.k8s\.io\/allow-dns\.staging/);
  });

  it('no namespace beside `default`: one id already', () => {
    const { ours, kubectl } = build({ 'app/kustomization.yaml': kustomization('staging', ['a.yaml', 'b.yaml']), 'app/a.yaml': policy(undefined), 'app/b.yaml': policy('default') });
    expect(failures(ours)).toEqual([expect.stringMatching(/^app\/kustomization\.yaml:4 .*already registered id: networking\.k8s\.io\/v1\/NetworkPolicy default allow-dns \(from app\/b\.yaml:1, first from app\/a\.yaml:1\)$/)]);
    if (kubectl !== undefined) expect(kubectl).toMatch(/merging resources from 'b\.yaml': may not add resource with an already registered id/);
  });

  it('one base two builds include: refused at the second build’s entry', () => {
    const { ours, kubectl } = build({
      'app/kustomization.yaml': kustomization('staging', ['a', 'b']),
      'app/a/kustomization.yaml': kustomization(undefined, ['../../base']),
      'app/b/kustomization.yaml': kustomization(undefined, ['../../base']),
      'base/kustomization.yaml': kustomization(undefined, ['p.yaml']),
      'base/p.yaml': policy(undefined),
    });
    expect(failures(ours)).toEqual(['app/kustomization.yaml:4 kustomize build app fails: may not add resource with an already registered id: networking.k8s.io/v1/NetworkPolicy default allow-dns (from base/p.yaml:1, first from base/p.yaml:1)']);
    if (kubectl !== undefined) expect(kubectl).toMatch(/accumulating resources from 'b'.*may not add resource with an already registered id/s);
  });

  it('a cluster-scoped kind in two written namespaces is one id; a Namespace twice reads without a leading slash', () => {
    const role = (ns: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader, namespace: ${ns}}\n`;
    const roles = build({ 'app/kustomization.yaml': kustomization('staging', ['a.yaml', 'b.yaml']), 'app/a.yaml': role('a'), 'app/b.yaml': role('b') });
    expect(failures(roles.ours)).toEqual([expect.stringContaining('already registered id: rbac.authorization.k8s.io/v1/ClusterRole reader (from app/b.yaml:1, first from app/a.yaml:1)')]);
    if (roles.kubectl !== undefined) expect(roles.kubectl).toMatch(/may not add resource with an already registered id: ClusterRole/);
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: staging}\n';
    const namespaces = build({ 'app/kustomization.yaml': kustomization('staging', ['a.yaml', 'b.yaml']), 'app/a.yaml': ns, 'app/b.yaml': ns });
    expect(failures(namespaces.ours)).toEqual([expect.stringContaining('already registered id: v1/Namespace staging (from app/b.yaml:1, first from app/a.yaml:1)')]);
    if (namespaces.kubectl !== undefined) expect(namespaces.kubectl).toMatch(/may not add resource with an already registered id: Namespace/);
  });

  it('two namespaces that namespace: makes one: refused at the namespace: line', () => {
    const { ours, kubectl } = build({ 'app/kustomization.yaml': kustomization('staging', ['a.yaml', 'b.yaml']), 'app/a.yaml': policy(undefined), 'app/b.yaml': policy('staging') });
    expect(failures(ours)).toEqual(['app/kustomization.yaml:1 kustomize build app fails: namespace transformation produces ID conflict: NetworkPolicy staging/allow-dns (from app/a.yaml:1 and app/b.yaml:1)']);
    if (kubectl !== undefined) expect(kubectl).toContain('namespace transformation produces ID conflict');
  });

  it('distinct objects build: two names in one namespace, one name in two namespaces without namespace:', () => {
    const names = build({ 'app/kustomization.yaml': kustomization('staging', ['a.yaml', 'b.yaml']), 'app/a.yaml': policy('staging'), 'app/b.yaml': policy('staging', 'allow-web') });
    expect(failures(names.ours)).toEqual([]);
    expect(names.ours.objects).toHaveLength(2);
    if (names.kubectl !== undefined) expect(names.kubectl).toBe('');
    const spaces = build({ 'app/kustomization.yaml': kustomization(undefined, ['a.yaml', 'b.yaml']), 'app/a.yaml': policy('a'), 'app/b.yaml': policy('b') });
    expect(failures(spaces.ours)).toEqual([]);
    expect(spaces.ours.objects).toHaveLength(2);
    if (spaces.kubectl !== undefined) expect(spaces.kubectl).toBe('');
  });
});
