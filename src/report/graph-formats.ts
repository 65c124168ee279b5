/**
 * The picture in two languages: Mermaid flowcharts (GitHub renders them in Markdown code blocks) and
 * Graphviz DOT. Same graph, same ids; opened edges bold and red, closed edges dashed and grey.
 * Labels are quoted in both; the characters either language gives meaning to inside a quoted label are
 * escaped (Mermaid: `"` as `#quot;`, `#` as `#35;`, `<`/`>` as entities; DOT: `\` and `"`).
 */
import type { EdgeStyle, Graph, GraphNode } from './graph.js';

const COLORS: Record<EdgeStyle, string> = { opened: '#d73a49', closed: '#6a737d', allowed: '#0366d6' };

function mermaidText(s: string): string {
  return s.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, ' ');
}

export function toMermaid(g: Graph): string {
  const out = ['flowchart LR'];
  const mermaidNode = (n: GraphNode) => `${n.id}${n.kind === 'external' ? '[("' : n.kind === 'ingress-controller' ? '{{"' : '["'}${mermaidText(n.label)}${n.kind === 'external' ? '")]' : n.kind === 'ingress-controller' ? '"}}' : '"]'}`;
  g.groups.forEach((group, i) => {
    out.push(`  subgraph g${i}["${mermaidText(group)}"]`);
    for (const n of g.nodes.filter((x) => x.group === group)) out.push(`    ${mermaidNode(n)}`);
    out.push('  end');
  });
  for (const n of g.nodes.filter((x) => x.group === null)) out.push(`  ${mermaidNode(n)}`);
  if (g.empty) out.push(`  empty["${mermaidText(g.empty)}"]`);
  const arrow: Record<EdgeStyle, string> = { opened: '==>', closed: '-.->', allowed: '-->' };
  for (const e of g.edges) out.push(`  ${e.from} ${arrow[e.style]}|"${mermaidText(e.label)}"| ${e.to}`);
  // linkStyle counts edges in the order written; colour by style so opened and closed read apart in any theme.
  for (const style of ['opened', 'closed'] as const) {
    const indexes = g.edges.flatMap((e, i) => (e.style === style ? [i] : []));
    if (indexes.length) out.push(`  linkStyle ${indexes.join(',')} stroke:${COLORS[style]}${style === 'opened' ? ',stroke-width:3px' : ''}`);
  }
  return out.join('\n') + '\n';
}

function dotText(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}

export function toDot(g: Graph): string {
  // Spacing chosen after rendering the example: the default packs labels of parallel edges on top of each other.
  const out = ['digraph reachdiff {', '  rankdir=LR;', '  nodesep=0.35;', '  ranksep=1.1;', '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];'];
  const dotNode = (n: GraphNode) => {
    const shape = n.kind === 'external' ? ', shape=cylinder' : n.kind === 'ingress-controller' ? ', shape=hexagon' : n.kind === 'namespace' ? ', shape=folder' : '';
    return `${n.id} [label=${dotText(n.label)}${shape}];`;
  };
  g.groups.forEach((group, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${dotText(group)};`, '    style="rounded,dashed"; color="#959da5";');
    for (const n of g.nodes.filter((x) => x.group === group)) out.push(`    ${dotNode(n)}`);
    out.push('  }');
  });
  for (const n of g.nodes.filter((x) => x.group === null)) out.push(`  ${dotNode(n)}`);
  if (g.empty) out.push(`  empty [label=${dotText(g.empty)}, shape=plaintext];`);
  for (const e of g.edges) {
    const style = e.style === 'opened' ? ', penwidth=3' : e.style === 'closed' ? ', style=dashed' : '';
    out.push(`  ${e.from} -> ${e.to} [label=${dotText(e.label)}, color="${COLORS[e.style]}", fontcolor="${COLORS[e.style]}"${style}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
