/**
 * Where a note about a Helm chart or release reachdiff does not render sends the reader: the section of
 * docs/targets.md that says how to render one (`targets[].helm`, `--render`, the Action's workflow).
 * The README has no "Helm charts" section of its own (it links there), so the notes name the page.
 */
export const HELM_CHARTS_DOCS = 'see docs/targets.md, "Helm charts and other rendered manifests"';

/** What asked for a chart's render: a configured target (`targets[].helm`), or an Argo CD Application whose source is the chart. */
export interface HelmRequester {
  readonly target: string;
  readonly configured: boolean;
}

/** A requester as one key of a set: `config:web`, `argocd:api-gateway`. */
export const requesterKey = (r: HelmRequester): string => `${r.configured ? 'config' : 'argocd'}:${r.target}`;

/**
 * Why a chart was not rendered in a run that renders charts (the CLI, the Action): `targets[].helm (target
 * web) names it, but \`helm\` is not on the PATH` for configured targets; `Argo CD Application api-gateway
 * renders it with Helm, but …` for a target an Application made (its source is the chart), which no
 * `targets[].helm` of the user's names (real-eval 20: jomcgi/homelab's 25 Applications, no configuration).
 * `requesters`: `requesterKey`s.
 */
export function helmNotOnPath(requesters: ReadonlySet<string>): string {
  const keys = [...requesters].sort();
  const configured = keys.filter((k) => !k.startsWith('argocd:')).map((k) => k.replace(/^config:/, ''));
  const applications = keys.filter((k) => k.startsWith('argocd:')).map((k) => k.slice('argocd:'.length));
  const parts = [
    ...(configured.length ? [`targets[].helm (${configured.length === 1 ? 'target' : 'targets'} ${configured.join(', ')}) names it`] : []),
    ...(applications.length ? [`${applications.length === 1 ? 'Argo CD Application' : 'Argo CD Applications'} ${applications.join(', ')} ${applications.length === 1 ? 'renders' : 'render'} it with Helm`] : []),
  ];
  return `${parts.join(' and ')}, but \`helm\` is not on the PATH`;
}
