/**
 * The picture of a change for the PR comment: a Mermaid graph (GitHub renders ```mermaid blocks in
 * comments) of the changed edges and their ends, folded per namespace pair above ~40 edges, with a
 * one-line legend; under <details> when it is large. The check run keeps text only. `groupsOf`: the report's
 * lines of pods the manifests do not hold, when the caller made them (the picture draws the ends they name).
 */
import type { DiffReport } from '../analysis/types.js';
import { DEFAULT_MAX_EDGES, diffGraph } from './graph.js';
import { toMermaid } from './graph-formats.js';
import type { PeerLabel } from './peer-label.js';
import type { GroupsOf } from './told-edges.js';

/** Above this many edges the picture is folded away under <details>. */
export const OPEN_PICTURE_EDGES = 12;

export function changePicture(report: DiffReport, label: PeerLabel, maxEdges = DEFAULT_MAX_EDGES, groupsOf?: GroupsOf): string {
  const graph = diffGraph(report, label, maxEdges, groupsOf);
  if (graph.edges.length === 0) return '';
  const folded = graph.collapsedFrom === undefined ? '' : ` ${graph.collapsedFrom} paths folded per namespace pair.`;
  const legend = `_Bold red: opened; dashed grey: closed; labels are ports.${folded}_`;
  const block = '```mermaid\n' + toMermaid(graph) + '```\n\n' + legend + '\n';
  if (graph.edges.length <= OPEN_PICTURE_EDGES) return block;
  return `<details><summary>Picture of the change (${graph.edges.length} edges)</summary>\n\n${block}\n</details>\n`;
}
