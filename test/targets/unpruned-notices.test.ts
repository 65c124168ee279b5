/**
 * The NOT_PRUNED note tells each kept object once, by the controller whose reason keeps it: a controller that does
 * not prune for objects kept as written, one that prunes only for objects kept by their own annotation. A parent
 * Kustomization that reads the same files and prunes is not why an object stays.
 */
import type { UnprunedReader } from '../../src/targets/unpruned-targets.js';
import { unprunedNotices } from '../../src/targets/unpruned-targets.js';

const controller = (name: string) => ({ kind: 'FluxKustomization' as const, namespace: 'flux-system', name, ref: { file: `clusters/${name}.yaml`, line: 1 } });
const files = new Set(['apps/db/deny.yaml', 'apps/db/keep.yaml']);
const parent: UnprunedReader = { controller: controller('cluster-apps'), files };
const child: UnprunedReader = { controller: controller('db'), unpruned: { setting: 'spec.prune: false', ref: { file: 'clusters/db.yaml', line: 7 } }, files };
const child2: UnprunedReader = { ...child, controller: controller('db-copy') };
const asWritten = { key: 'NetworkPolicy/db/deny', base: { file: 'apps/db/deny.yaml', line: 1 } };
const annotated = { key: 'NetworkPolicy/db/keep', base: { file: 'apps/db/keep.yaml', line: 1 }, annotation: 'kustomize.toolkit.fluxcd.io/prune: disabled' };
const counts = () => ({ opened: 1, closed: 0 });

describe('NOT_PRUNED notes: each object once, by the controller that keeps it', () => {
  it('an object kept as written is told by the controller that does not prune, not by a pruning parent reading its file', () => {
    const notes = unprunedNotices([asWritten], [parent, child], counts);
    expect(notes.map((n) => n.message)).toEqual([
      'NetworkPolicy db/deny (base:apps/db/deny.yaml:1) is removed from the repository but stays in the cluster, and head is analysed with it (once it is deleted by hand, 1 path open): Flux Kustomization db does not prune, spec.prune: false',
    ]);
  });

  it('an annotated object is told by the pruning controller, with its annotation; two controllers that do not prune tell an object once', () => {
    const notes = unprunedNotices([asWritten, annotated], [parent, child, child2], counts);
    expect(notes.map((n) => n.message)).toEqual([
      'NetworkPolicy db/keep (base:apps/db/keep.yaml:1) is removed from the repository but stays in the cluster, and head is analysed with it (once it is deleted by hand, 1 path open): Flux Kustomization cluster-apps prunes, but it is annotated kustomize.toolkit.fluxcd.io/prune: disabled',
      'NetworkPolicy db/deny (base:apps/db/deny.yaml:1) is removed from the repository but stays in the cluster, and head is analysed with it (once it is deleted by hand, 1 path open): Flux Kustomization db does not prune, spec.prune: false',
    ]);
  });

  it('a kept Namespace is named once (its key names it as its own namespace), a cluster-scoped object without a namespace', () => {
    const namespace = { key: 'Namespace/coturn/coturn', base: { file: 'components/common/namespace.yaml', line: 2 }, annotation: 'kustomize.toolkit.fluxcd.io/prune: disabled' };
    const role = { key: 'ClusterRole//reader', base: { file: 'apps/db/keep.yaml', line: 1 }, annotation: 'kustomize.toolkit.fluxcd.io/prune: disabled' };
    const reader: UnprunedReader = { controller: controller('cluster-apps'), files: new Set(['components/common/namespace.yaml', 'apps/db/keep.yaml']) };
    const [note] = unprunedNotices([namespace, role], [reader], counts).map((n) => n.message);
    expect(note).toMatch(/^Namespace coturn \(base:components\/common\/namespace.yaml:2\), ClusterRole reader \(base:apps\/db\/keep.yaml:1\) are removed from the repository/);
    expect(note).not.toContain('coturn/coturn');
  });
});
