/**
 * `diff --format mermaid|dot` (and the comment's picture) where a rule peer holds a workload: the text tells
 * one change, `api/[all pods] (api/backend today) may now send to …`, but the picture drew it twice, an edge
 * from `backend` and the same edge from `[all pods]` beside it (new-user trial 33: a CiliumClusterwideNetworkPolicy
 * rule in three namespaces was six edges). The workload's edge folds into the rule peer's when the rule peer
 * holds every pod of it and the other end and ports are the same; the node names it, `[all pods] (backend today)`.
 * Fixture: test/fixtures/picture-held (every pod of `api` may reach DNS; head adds TCP 9153).
 */
import { main } from '../../src/cli/main.js';
import { mermaidProblems } from '../helpers/mermaid-grammar.js';

const FIXTURE = 'test/fixtures/picture-held';

it('Mermaid: one edge, from the rule peer naming the workload it holds', async () => {
  const out = await main(['diff', `${FIXTURE}/base`, `${FIXTURE}/head`, '--format', 'mermaid']);
  expect(out.exitCode).toBe(1);
  expect(mermaidProblems(out.stdout)).toEqual([]);
  expect(out.stdout).toContain('["[all pods] (backend today)"]');
  expect(out.stdout).not.toContain('["backend"]');
  expect(out.stdout.split('\n').filter((l) => l.includes('==>'))).toHaveLength(1);
});

it('DOT: the same', async () => {
  const out = await main(['diff', `${FIXTURE}/base`, `${FIXTURE}/head`, '--format', 'dot']);
  expect(out.stdout).toContain('[all pods] (backend today)');
  expect(out.stdout.split('\n').filter((l) => l.includes(' -> '))).toHaveLength(1);
});
