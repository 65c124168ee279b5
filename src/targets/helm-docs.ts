/**
 * Where a note about a Helm chart or release reachdiff does not render sends the reader: the section of
 * docs/targets.md that says how to render one (`targets[].helm`, `--render`, the Action's workflow).
 * The README has no "Helm charts" section of its own (it links there), so the notes name the page.
 */
export const HELM_CHARTS_DOCS = 'see docs/targets.md, "Helm charts and other rendered manifests"';
