/** Mermaid and DOT pictures: valid syntax (grammar check; Graphviz when installed; Mermaid's parser when provided), goldens, folding, the comment. */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { goldenIn } from '../helpers/golden-file.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { main } from '../../src/cli/main.js';
import { diffGraph, listGraph } from '../../src/report/graph.js';
import { toDot, toMermaid } from '../../src/report/graph-formats.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { mermaidProblems } from '../helpers/mermaid-grammar.js';

const golden = goldenIn(join(process.cwd(), 'test', 'report', 'golden'));
const EX = join(process.cwd(), 'examples');

const hasDot = spawnSync('dot', ['-V']).status === 0;
/** Graphviz's own parser: `dot` exits non-zero with the line on a syntax error. */
function dotAccepts(text: string): void {
  const r = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const parserDir = process.env.MERMAID_PARSER_DIR;
/** Mermaid's parser (with jsdom), run in a child process from a folder where both are installed. */
function mermaidParses(texts: string[]): string[] {
  const script = `import { JSDOM } from 'jsdom'; const d = new JSDOM(''); globalThis.window = d.window; globalThis.document = d.window.document;
    const { default: m } = await import('mermaid'); const out = [];
    for (const t of JSON.parse(process.env.TEXTS)) { try { await m.parse(t); out.push('ok'); } catch (e) { out.push(String(e.message).split('\\n')[0]); } }
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: parserDir, env: { ...process.env, TEXTS: JSON.stringify(texts) }, encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[];
}

/** A diff of `n` clients each opened to one of `m` services across namespaces: many edges. */
function bigDiff(n: number): ReturnType<typeof analyzeDiff> {
  const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec: {podSelector: {}}\n`;
  const dep = (ns: string, name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: c, image: x}]}}\n`;
  const docs = [deny('svc')];
  for (let i = 0; i < n; i++) docs.push(dep(`team${i % 3}`, `client${i}`), dep('svc', `api${i}`));
  const allow = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: svc}\nspec:\n  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 8080}]}]\n`;
  // Workloads only: the folding counts below are of concrete paths (abstract peers add `entire-cluster` edges).
  return analyzeDiff([{ path: 'k8s.yaml', text: docs.join('---\n') }], [{ path: 'k8s.yaml', text: [...docs, allow].join('---\n') }], { abstractPeers: false });
}

describe('pictures of the example', () => {
  it.each(['mermaid', 'dot'] as const)('diff --format %s: changed edges only, grouped by namespace, golden', async (format) => {
    const out = await main(['diff', join(EX, 'base'), join(EX, 'head'), '--format', format, '--fail-on', 'never']);
    expect(out.exitCode).toBe(0);
    golden(`example-diff.${format === 'dot' ? 'dot' : 'mmd'}`, out.stdout);
  });

  it.each(['mermaid', 'dot'] as const)('list --format %s: the whole cluster, golden', async (format) => {
    const out = await main(['list', join(EX, 'head'), '--format', format]);
    expect(out.exitCode).toBe(0);
    golden(`example-list.${format === 'dot' ? 'dot' : 'mmd'}`, out.stdout);
  });

  it('every picture is valid: the Mermaid grammar check, Graphviz when installed, Mermaid when provided', async () => {
    const outs = await Promise.all([
      main(['diff', join(EX, 'base'), join(EX, 'head'), '--format', 'mermaid']),
      main(['list', join(EX, 'head'), '--format', 'mermaid']),
      main(['list', join(EX, 'head'), '--format', 'mermaid', '--max-edges', '5']),
    ]);
    const texts = [...outs.map((o) => o.stdout), toMermaid(diffGraph(bigDiff(60), peerLabels([])))];
    for (const t of texts) expect(mermaidProblems(t)).toEqual([]);
    if (parserDir) {
      expect(mermaidParses(texts)).toEqual(texts.map(() => 'ok'));
      expect(mermaidParses(['flowchart LR\n  a["x"y"]\n'])[0]).toMatch(/Parse error/);
    }
    if (hasDot) {
      for (const args of [['diff', join(EX, 'base'), join(EX, 'head')], ['list', join(EX, 'head')], ['list', join(EX, 'head'), '--max-edges', '5']]) dotAccepts((await main([...args, '--format', 'dot'])).stdout);
    }
  });

  it('the grammar check fails on what Mermaid rejects', () => {
    expect(mermaidProblems('flowchart LR\n  a["x"y"]\n')).toEqual(['line 2: not in the grammar: a["x"y"]']);
    expect(mermaidProblems('flowchart LR\n  a["x"]\n  a ==>|"p"| b\n')).toEqual(['line 3: edge end b is not declared']);
    expect(mermaidProblems('flowchart LR\n  subgraph g["s"]\n  a["x"]\n')).toEqual(['subgraph not closed']);
  });

  it('labels with quotes, hashes and angle brackets are escaped in both languages', () => {
    const g = { nodes: [{ id: 'n0', label: 'a"b#c<d>', group: 'ns "x"', kind: 'workload' as const }, { id: 'n1', label: 'back\\slash', group: null, kind: 'external' as const }], edges: [{ from: 'n0', to: 'n1', label: 'TCP "80"', style: 'opened' as const }], groups: ['ns "x"'] };
    expect(mermaidProblems(toMermaid(g))).toEqual([]);
    expect(toMermaid(g)).toContain('n0["a#quot;b#35;c#lt;d#gt;"]');
    expect(toDot(g)).toContain('n0 [label="a\\"b#c<d>"];');
    expect(toDot(g)).toContain('n1 [label="back\\\\slash", shape=cylinder];');
    if (hasDot) dotAccepts(toDot(g));
    if (parserDir) expect(mermaidParses([toMermaid(g)])).toEqual(['ok']);
  });
});

describe('an empty picture', () => {
  it('a diff with no changed path and a list with no allowed connection say so in the picture, in both languages', async () => {
    const same = await main(['diff', join(EX, 'base'), join(EX, 'base'), '--format', 'mermaid']);
    expect(same.stdout).toBe('flowchart LR\n  empty["No path opened or closed"]\n');
    expect(mermaidProblems(same.stdout)).toEqual([]);
    const dot = await main(['diff', join(EX, 'base'), join(EX, 'base'), '--format', 'dot']);
    expect(dot.stdout).toContain('  empty [label="No path opened or closed", shape=plaintext];\n}');
    if (hasDot) dotAccepts(dot.stdout);
    if (parserDir) expect(mermaidParses([same.stdout])).toEqual(['ok']);
    expect(toMermaid(listGraph([], peerLabels([])))).toBe('flowchart LR\n  empty["No connection allowed"]\n');
    // A picture with edges has no such node.
    const changed = await main(['diff', join(EX, 'base'), join(EX, 'head'), '--format', 'mermaid']);
    expect(changed.stdout).not.toContain('empty[');
  });
});

describe('folding and the comment', () => {
  it('above 40 edges, edges fold per namespace pair with their count', () => {
    const report = bigDiff(60);
    const g = diffGraph(report, peerLabels(report.workloads ?? []));
    // 60 clients in three team namespaces and 60 apis (each also reaching the others and itself) → 7,200 paths.
    expect(g.collapsedFrom).toBe(7200);
    expect(g.edges.map((e) => e.label).sort()).toEqual(['1200 paths: TCP 8080', '1200 paths: TCP 8080', '1200 paths: TCP 8080', '3600 paths: TCP 8080']);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['namespace svc', 'namespace team0', 'namespace team1', 'namespace team2']);
  });

  it('a folded picture shows open; 13–40 edges sit under <details>; the comment stays within its budget by dropping the picture before rows', () => {
    // 7,200 paths fold into four namespace edges: small enough to show open, with a note.
    const body = renderDiffMarkdown(bigDiff(60), {});
    expect(body).toContain('```mermaid\nflowchart LR\n  n0["namespace svc"]');
    expect(body).toContain('7200 paths folded per namespace pair.');
    const small = bigDiff(4);
    const full = renderDiffMarkdown(small, {});
    expect(full).toContain('<details><summary>Picture of the change (32 edges)</summary>');
    // A budget that fits every row but neither the patch nor the picture: both go, no row does.
    const noPatch = renderDiffMarkdown(small, { picture: false, maxChars: renderDiffMarkdown(small, { picture: false }).length - 1 });
    expect(noPatch).not.toContain('```diff');
    const tight = renderDiffMarkdown(small, { maxChars: noPatch.length });
    expect(tight).toBe(noPatch);
    expect(tight).not.toContain('```mermaid');
    expect(tight).not.toContain('more not shown');
  });

  it('the headline says what matters first, in words, before any table', () => {
    const report = bigDiff(3);
    const body = renderDiffMarkdown(report, {});
    const lines = body.split('\n');
    // Workloads only: the pairs' sources are the 6 clients, so the headline names them, not "every namespace" (reach-holds.ts).
    expect(lines[2]).toMatch(/^Opens 3 workloads in svc to 6 workloads in 4 namespaces on TCP 8080 \(1 rule, k8s\.yaml:\d+\)\.$/);
    expect(body.indexOf('Opens')).toBeLessThan(body.indexOf('|'));
  });
});
