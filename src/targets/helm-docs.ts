/**
 * Where a note about a Helm chart or release reachdiff does not render sends the reader: the section of
 * docs/targets.md that says how to render one (`targets[].helm`, `--render`, the Action's workflow).
 * The README has no "Helm charts" section of its own (it links there), so the notes name the page.
 */
export const HELM_CHARTS_DOCS = 'see docs/targets.md, "Helm charts and other rendered manifests"';

/**
 * Why a chart a `targets[].helm` entry names was not rendered in a run that renders charts (the CLI, the
 * Action): `targets[].helm (target web) names it, but \`helm\` is not on the PATH`. `targets`: those entries' targets.
 */
export function helmNotOnPath(targets: ReadonlySet<string>): string {
  const names = [...targets].sort();
  return `targets[].helm (${names.length === 1 ? 'target' : 'targets'} ${names.join(', ')}) names it, but \`helm\` is not on the PATH`;
}
