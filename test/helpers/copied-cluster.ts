import type { Cluster } from '../../src/engine/index.js';

/**
 * `c` with copies of its namespaces, workloads and policies: nothing computed before knows these objects (the
 * engine's memos are keyed by them), so a computation over the copy starts from scratch. The property tests
 * compare what the engine reuses with such a from-scratch computation.
 */
export function copiedCluster(c: Cluster): Cluster {
  return {
    ...c,
    namespaces: c.namespaces.map((x) => ({ ...x })),
    workloads: c.workloads.map((x) => ({ ...x })),
    policies: c.policies.map((x) => ({ ...x })),
    clusterPolicies: c.clusterPolicies?.map((x) => ({ ...x })),
  };
}
