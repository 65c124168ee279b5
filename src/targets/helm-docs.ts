/**
 * Where a note about a Helm chart or release reachdiff does not render sends the reader: the section of
 * docs/targets.md that says how to render one (`targets[].helm`, `--render`, the Action's workflow).
 * The README has no "Helm charts" section of its own (it links there), so the notes name the page.
 */
export const HELM_CHARTS_DOCS = 'see docs/targets.md, "Helm charts and other rendered manifests"';

/**
 * Why a chart nothing rendered is not analysed, and how to have it rendered, after "Helm chart X not
 * rendered: ". `chart`: the chart's folder ('' the repository's root), named in the commands offered;
 * undefined for several charts told in one note (report/grouped-notes.ts). reachdiff runs `helm
 * template` only when asked (a target's `helm:` entry, an Argo CD Application whose source is the chart,
 * `--render`); the values a chart is deployed with live where it is deployed (a HelmRelease, a pipeline),
 * which reachdiff cannot guess. Said for a chart, in the CLI, the Action and the App alike.
 */
export function chartNotRenderedWhy(chart?: string): string {
  const one = chart !== undefined;
  const it = one ? 'it' : 'them';
  const folder = chart === undefined ? 'CHART' : chart || '.';
  const release = chart === undefined ? 'NAME' : /[^/]+$/.exec(chart)?.[0] ?? 'NAME';
  return (
    `reachdiff runs helm only when asked (a target's helm: entry, an Argo CD Application, --render), and the values ${one ? 'it is' : 'they are'} deployed with may be set elsewhere, ` +
    `so nothing from ${one ? 'its' : 'their'} templates is analysed. To analyse ${it} (CLI or GitHub Action): --render 'helm template ${release} ${folder} --values FILE', ` +
    `or a target in .github/reachdiff.yml with helm: {chart: ${folder}, valuesFiles: [FILE]} (${HELM_CHARTS_DOCS})`
  );
}

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
