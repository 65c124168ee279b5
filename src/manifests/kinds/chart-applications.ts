/**
 * An Argo CD Application (argoproj.io) whose source is a Helm chart from a chart repository (`source.chart`,
 * or a `sources[]` item with `chart`): Argo CD renders the chart into `spec.destination.namespace`, and
 * reachdiff does not (no Helm here), so that namespace holds pods the manifests do not hold, as a Flux
 * HelmRelease not read does (`Cluster.unreadReleaseNamespaces`; new-user trial 41, finding 7: the Argo CD,
 * SeaweedFS and Miniflux charts' namespaces read as policies and peers "selecting nothing").
 */
import type { Json } from '../context.js';
import { isObject } from '../context.js';

/** An Application's sources (`spec.sources`, else the one `spec.source`), the objects among them. */
export function applicationSources(spec: Json): Json[] {
  return Array.isArray(spec.sources) ? spec.sources.filter(isObject) : isObject(spec.source) ? [spec.source] : [];
}

/** The namespace a chart Application installs pods in, or undefined (not such an Application, or no destination namespace). */
export function chartApplicationNamespace(value: Json): string | undefined {
  if (value.kind !== 'Application' || typeof value.apiVersion !== 'string' || !value.apiVersion.startsWith('argoproj.io/')) return undefined;
  const spec = isObject(value.spec) ? value.spec : {};
  if (!applicationSources(spec).some((s) => typeof s.chart === 'string' && s.chart !== '')) return undefined;
  const destination = isObject(spec.destination) ? spec.destination : {};
  return typeof destination.namespace === 'string' && destination.namespace !== '' ? destination.namespace : undefined;
}
