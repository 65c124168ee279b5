/**
 * `diff --format mermaid|dot` over several targets (fresh-user trial 32): the pictures drew every target's
 * changed edges in one graph, so a pair changed in two clusters was two identical edges between the same two
 * nodes, and nothing named the clusters. Each target that changed now has boxes of its own (`eu: shop`).
 * Fixture: test/fixtures/picture-targets (two configured targets sharing `common/`, whose policy head widens).
 */
import { main } from '../../src/cli/main.js';
import { mermaidProblems } from '../helpers/mermaid-grammar.js';

const FIXTURE = 'test/fixtures/picture-targets';

describe('diff pictures over several targets', () => {
  it('Mermaid: one box per target and namespace, one edge per target between its own nodes', async () => {
    const out = await main(['diff', `${FIXTURE}/base`, `${FIXTURE}/head`, '--format', 'mermaid']);
    expect(out.exitCode).toBe(1);
    expect(mermaidProblems(out.stdout)).toEqual([]);
    expect(out.stdout).toContain('subgraph g0["eu: shop"]');
    expect(out.stdout).toContain('subgraph g1["us: shop"]');
    const edges = out.stdout.split('\n').filter((l) => l.includes('==>'));
    expect(edges).toEqual(['  n0 ==>|"TCP 8443"| n1', '  n2 ==>|"TCP 8443"| n3']);
  });

  it('DOT: the same boxes', async () => {
    const out = await main(['diff', `${FIXTURE}/base`, `${FIXTURE}/head`, '--format', 'dot']);
    expect(out.stdout).toContain('label="eu: shop";');
    expect(out.stdout).toContain('label="us: shop";');
    expect(out.stdout.split('\n').filter((l) => l.includes(' -> '))).toHaveLength(2);
  });
});
