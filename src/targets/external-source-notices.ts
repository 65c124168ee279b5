/**
 * Flux Kustomizations of one external source told once: a repository that syncs an OCI artifact (or another
 * repository) holds dozens of Kustomizations of that one source, each "not analysed" for the same reason, and
 * one note each buried the rest (xunholy/k8s-gitops: 58–67 alike notes a commit). Notices of the same source
 * and reason become one naming the Kustomizations (three, and a count of the rest), at the first one's line.
 */
import { firstAndMore } from '../util/and-list.js';
import { groupedInPlace } from './grouped-notices.js';
import type { Notice } from './types.js';

/**
 * An EXTERNAL_SOURCE notice of a Flux Kustomization, with what makes it alike others: `source`, its source
 * as told (`OCIRepository flux-system (oci://…) is not this repository`); `kind` and `why`, the source's kind
 * and the reason, which Kustomizations of many sources of one kind share (an ExternalArtifact each).
 */
export interface FluxSourceNotice extends Notice {
  readonly fluxSource: { readonly kustomization: string; readonly source: string; readonly kind: string; readonly why: string };
}

const NAMED = 3;

/**
 * `notices` with each group of ≥ 2 notices of one source kind and reason as one, in place of the first (one
 * source: named; several: counted); the `fluxSource` field dropped, and a group's `fluxKustomization`.
 */
export function groupedExternalSources(notices: readonly (Notice | FluxSourceNotice)[]): Notice[] {
  const key = (n: Notice | FluxSourceNotice) => ('fluxSource' in n ? `${n.fluxSource.kind}\0${n.fluxSource.why}` : undefined);
  return groupedInPlace(notices, key, (group) => {
    // Only FluxSourceNotices have a key.
    const flux = group as readonly FluxSourceNotice[];
    const n = flux[0];
    const { fluxSource: _alike, ...plain } = n;
    if (flux.length === 1) return plain;
    // A notice of several Kustomizations names no one of them.
    const { fluxKustomization: _one, ...several } = plain;
    const names = flux.map((g) => g.fluxSource.kustomization);
    const sources = new Set(flux.map((g) => g.fluxSource.source));
    const told = sources.size === 1 ? `source ${n.fluxSource.source}` : `${sources.size} sources of kind ${n.fluxSource.kind}, each of which${n.fluxSource.why}`;
    return { ...several, message: `${names.length} Flux Kustomizations (${firstAndMore(names, NAMED)}): ${told}; not analysed` };
  });
}
