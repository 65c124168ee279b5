/**
 * A strict grammar check of the Mermaid subset reachdiff writes (report/graph-formats.ts): a
 * `flowchart LR` header; `subgraph ID["label"]` … `end` blocks (not nested); node statements `ID["…"]`,
 * `ID[("…")]`, `ID{{"…"}}`; edges `ID ==>|"…"| ID`, `ID -.->|"…"| ID`, `ID -->|"…"| ID`; and
 * `linkStyle i,j stroke:#rrggbb[,stroke-width:Npx]`. Quoted texts may not hold a raw `"` (Mermaid ends
 * the string there); every edge end must be a declared node; linkStyle indexes must name edges.
 *
 * Why not Mermaid's own parser in the suite: `mermaid.parse` needs a DOM (DOMPurify.addHook fails in
 * Node without one) and mermaid 12 pulls chevrotain, which requires Node ≥ 22 while reachdiff supports
 * Node 20; with jsdom it works outside the suite, and `MERMAID_PARSER_DIR` (a folder where `mermaid` and
 * `jsdom` are installed) makes the graph tests also run it. Returns the problems found (empty: valid).
 */
const ID = '[A-Za-z][A-Za-z0-9_]*';
const TEXT = '"[^"\\n]*"';
const NODE = new RegExp(`^(${ID})(?:\\[${TEXT}\\]|\\[\\(${TEXT}\\)\\]|\\{\\{${TEXT}\\}\\})$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${TEXT}\\]$`);
const EDGE = new RegExp(`^(${ID}) (==>|-\\.->|-->)\\|${TEXT}\\| (${ID})$`);
const LINK_STYLE = /^linkStyle (\d+(?:,\d+)*) stroke:#[0-9a-f]{6}(?:,stroke-width:\d+px)?$/;

export function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines[0] !== 'flowchart LR') problems.push(`line 1: expected "flowchart LR", got "${lines[0]}"`);
  const declared = new Set<string>();
  const edges: [string, string, number][] = [];
  let inSubgraph = false;
  let edgeCount = 0;
  lines.slice(1).forEach((raw, i) => {
    const at = `line ${i + 2}`;
    const line = raw.trim();
    if (line === '') return;
    let m: RegExpExecArray | null;
    if ((m = SUBGRAPH.exec(line))) {
      if (inSubgraph) problems.push(`${at}: nested subgraph`);
      inSubgraph = true;
    } else if (line === 'end') {
      if (!inSubgraph) problems.push(`${at}: "end" without subgraph`);
      inSubgraph = false;
    } else if ((m = NODE.exec(line))) {
      if (declared.has(m[1])) problems.push(`${at}: node ${m[1]} declared twice`);
      declared.add(m[1]);
    } else if ((m = EDGE.exec(line))) {
      edges.push([m[1], m[3], i + 2]);
      edgeCount++;
    } else if ((m = LINK_STYLE.exec(line))) {
      for (const n of m[1].split(',').map(Number)) if (n >= edgeCount) problems.push(`${at}: linkStyle ${n} names no edge`);
    } else problems.push(`${at}: not in the grammar: ${line}`);
  });
  if (inSubgraph) problems.push('subgraph not closed');
  for (const [a, b, line] of edges) for (const end of [a, b]) if (!declared.has(end)) problems.push(`line ${line}: edge end ${end} is not declared`);
  return problems;
}
