/**
 * Flux `HelmRelease` objects (helm.toolkit.fluxcd.io) among a target's files. Flux's helm-controller
 * installs the release's chart into the cluster; reachdiff renders no HelmRelease (the chart usually
 * lives in a Helm repository), so the workloads it installs are in no model: a policy selecting them is
 * analysed against pods the manifests do not hold. Said once per release, like a chart not rendered
 * (real-eval 10, D: three new HelmReleases, and neither the text nor the JSON said so). A release of the
 * app-template chart is read (its controllers, manifests/kinds/app-template.ts) and not said, unless its values
 * make objects that may be policies, which are not read.
 */
import type { SourceRef } from '../engine/model.js';
import { isObject } from '../manifests/context.js';
import type { ManifestFile } from '../manifests/load.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { Notice } from './types.js';
import { appTemplateUnread, isAppTemplateRelease } from '../manifests/kinds/app-template.js';
import { documentLine } from '../manifests/document-line.js';

const GROUP = 'helm.toolkit.fluxcd.io/';

/** One notice per HelmRelease in `files` (rendered streams point at their source lines), in file order. */
export function helmReleaseNotices(files: readonly ManifestFile[]): Notice[] {
  const out: Notice[] = [];
  for (const f of files) {
    if (!f.text.includes(GROUP)) continue;
    for (const doc of parseDocuments(f.text, 'kubectl')) {
      const v = doc.value;
      if (!isObject(v) || v.kind !== 'HelmRelease' || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith(GROUP)) continue;
      // Without `spec.chart` or `spec.chartRef` (one is required) it is no release but a Kustomize patch of one
      // (`helm-release.patch.yaml`, values only): the release it patches is said where it is written.
      if (!isObject(v.spec) || (v.spec.chart === undefined && v.spec.chartRef === undefined)) continue;
      const meta = isObject(v.metadata) ? v.metadata : {};
      const name = typeof meta.name === 'string' ? meta.name : '(unnamed)';
      const id = typeof meta.namespace === 'string' ? `${meta.namespace}/${name}` : name;
      const line = documentLine(doc);
      const ref: SourceRef = f.sourceLines?.[line - 1] ?? { file: f.path, line };
      // An app-template release's controllers are read from its values (manifests/kinds/app-template.ts): said only when its values make policies too.
      if (isAppTemplateRelease(v)) {
        const policies = Object.keys(appTemplateUnread(v.spec)).filter((k) => k.startsWith('values.')).map((k) => k.slice('values.'.length));
        if (policies.length > 0) out.push({ code: 'HELM_RELEASE_NOT_RENDERED', message: `app-template HelmRelease ${id}: its controllers are read from its values, but not what its values make under ${policies.join(' and ')} (objects that may be policies), which are not analysed`, ref });
        continue;
      }
      out.push({ code: 'HELM_RELEASE_NOT_RENDERED', message: `Flux HelmRelease ${id}${chartOf(v.spec)} not rendered: the workloads it installs are in no analysis, and policies that select them are analysed as for pods the manifests do not hold`, ref });
    }
  }
  return out;
}

/** ` (chart podinfo from HelmRepository podinfo)` from `spec.chart.spec` (or `spec.chartRef`), or nothing. */
function chartOf(spec: unknown): string {
  if (!isObject(spec)) return '';
  const chart = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
  const source = chart && isObject(chart.sourceRef) ? chart.sourceRef : isObject(spec.chartRef) ? spec.chartRef : undefined;
  const what = chart && typeof chart.chart === 'string' ? `chart ${chart.chart}` : '';
  const from = source && typeof source.kind === 'string' && typeof source.name === 'string' ? `${source.kind} ${source.name}` : '';
  return what || from ? ` (${[what, from && `${what ? 'from ' : ''}${from}`].filter(Boolean).join(' ')})` : '';
}

