/**
 * A rollback's companions (rollback-relevance.ts) are asked once per candidate rollback, and each asks, per
 * file the reverted kustomizations newly name, whether another kustomization of head names it. Each of head's
 * kustomizations is read once per diff, not once per candidate and file: re20-monosense 9f15e0b (a bootstrap
 * adding 6 namespaces' kustomizations beside ~150 others) spent 2.5 of 6.2 s CPU re-parsing them (2.7 s
 * before rollbacks deleted added files with their entries).
 */
import { revertRelevance } from '../../src/analysis/rollback-relevance.js';
import type { DocumentChange } from '../../src/analysis/types.js';
import type { LoadResult } from '../../src/manifests/load.js';

const at = (file: string, text: string) => ({ file, startLine: 1, endLine: 1, text });
const BASE = 'resources:\n- app.yaml\n';
const ADDED = ['a', 'b', 'c', 'd', 'e'].map((n) => `prod/${n}.yaml`);
const HEAD = `${BASE}${ADDED.map((f) => `- ${f.slice('prod/'.length)}\n`).join('')}`;
const changes: DocumentChange[] = [
  { key: 'Kustomization prod', change: 'edited', objects: ['Kustomization prod/kustomization.yaml'], base: at('prod/kustomization.yaml', BASE), head: at('prod/kustomization.yaml', HEAD) },
  ...ADDED.map((file): DocumentChange => ({ key: `NetworkPolicy/prod/${file}`, change: 'added', objects: [`NetworkPolicy/prod/${file}`], head: at(file, 'kind: NetworkPolicy\n') })),
];
const empty = { documents: [], renders: [] } as unknown as LoadResult;

it("head's kustomizations are each read once however often companions are asked", () => {
  let reads = 0;
  const others = Array.from({ length: 20 }, (_, i) => {
    const text = `resources:\n- ../app${i}\n`;
    return { path: `apps/app${i}/kustomization.yaml`, get text() { reads++; return text; } };
  });
  const relevance = revertRelevance(changes, empty, empty, [{ path: 'prod/kustomization.yaml', text: HEAD }, ...others]);
  for (let i = 0; i < 3; i++) expect(relevance.companions([changes[0]]).map((c) => c.head!.file)).toEqual(ADDED);
  expect(reads).toBeLessThanOrEqual(others.length);
});

it('a file another kustomization of head names stays out, as before', () => {
  const relevance = revertRelevance(changes, empty, empty, [{ path: 'prod/kustomization.yaml', text: HEAD }, { path: 'staging/kustomization.yaml', text: 'resources:\n- ../prod/c.yaml\n' }]);
  expect(relevance.companions([changes[0]]).map((c) => c.head!.file)).toEqual(ADDED.filter((f) => f !== 'prod/c.yaml'));
});
