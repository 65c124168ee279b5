/**
 * Policies moved out of a cluster model into files no target builds (real-eval 9, F: microservices-demo
 * 99934c7d2 moved 13 policies from `docs/`, read as deployed, into a Kustomize Component that
 * `kustomize/kustomization.yaml` names only in a comment). Compared as they are, the model loses the
 * policies and the report read "183 paths opened" (exit 1), as if they were deleted; yet whether anything
 * opens depends on whether the destination is applied, which the repository does not say.
 *
 * The rule: a policy a model applies in base (`Kind/namespace/name`, as rendered) that no model of its
 * cluster applies in head moved into unbuilt files when a changed head file no model reads (`unbuilt`:
 * changed, read by no build on either side) holds a policy of that kind and name, in that namespace or
 * naming none (its build would place it). The report then takes the move as the fold of renamed-targets.ts
 * does: the moved policies, placed as base had them, are added to the model's head (`movedCopies`), and
 * where that finds no change while the comparison without them does, the model's "no change" rests on the
 * destination being applied (analysis/types.ts `AssumedFold.unbuilt`: both readings in the verdict).
 */
import { isObject } from '../manifests/context.js';
import type { ManifestFile } from '../manifests/load.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { API_CLUSTER_POLICY_KIND_SET } from '../manifests/policy-kinds.js';
import type { ParsedDocument } from '../manifests/yaml-documents.js';
import type { PolicyIdentities } from './policy-identities.js';
import { textLines } from '../util/line-ends.js';

const NAMESPACED = new Set(['NetworkPolicy']);

/**
 * Copies of the unbuilt files holding only the policies of `gone` (identities a model applied in base and
 * no model of its cluster applies in head), each placed in the namespace base had it in; empty when none
 * moved there. A copy keeps its path, and blanks every other document line for line.
 */
export function movedCopies(gone: PolicyIdentities, unbuilt: readonly ManifestFile[]): ManifestFile[] {
  if (gone.size === 0) return [];
  const out: ManifestFile[] = [];
  for (const f of unbuilt) {
    const docs = parseDocuments(f.text, 'kubectl');
    /** Namespace (`''`: cluster-scoped or named by the document) → documents moved there. */
    const byNamespace = new Map<string, ParsedDocument[]>();
    for (const d of docs) {
      const v = d.value;
      if (!isObject(v) || !isObject(v.metadata) || typeof v.kind !== 'string' || typeof v.metadata.name !== 'string') continue;
      const { kind } = v;
      const name = v.metadata.name;
      const ns = typeof v.metadata.namespace === 'string' ? v.metadata.namespace : undefined;
      let place: string | undefined;
      if (API_CLUSTER_POLICY_KIND_SET.has(kind)) place = gone.has(`${kind}/${name}`) ? '' : undefined;
      else if (NAMESPACED.has(kind)) place = ns !== undefined ? (gone.has(`${kind}/${ns}/${name}`) ? '' : undefined) : namespaceOf(gone, kind, name);
      if (place !== undefined) (byNamespace.get(place) ?? byNamespace.set(place, []).get(place)!).push(d);
    }
    for (const [ns, moved] of byNamespace) {
      const text = blankedBut(f.text, docs, moved);
      out.push({ ...f, text, ...(ns ? { defaultNamespace: ns } : {}), ...(byNamespace.size > 1 ? { build: `${f.build ?? ''}moved:${ns}` } : {}) });
    }
  }
  return out;
}

/** The one namespace base applied a namespace-less moved policy of this kind and name in (the first, if several). */
function namespaceOf(gone: PolicyIdentities, kind: string, name: string): string | undefined {
  for (const id of gone.keys()) {
    const [k, ns, n] = id.split('/');
    if (k === kind && n === name && ns !== undefined) return ns;
  }
  return undefined;
}

/** `text` with every document but `keep` made comments, so positions still point at the source. */
function blankedBut(text: string, docs: readonly ParsedDocument[], keep: readonly ParsedDocument[]): string {
  const lines = textLines(text);
  for (const d of docs) if (!keep.includes(d)) for (let i = d.startLine - 1; i < d.endLine && i < lines.length; i++) lines[i] = '#';
  return lines.join('\n');
}

/** Identities of `base` no map of `heads` holds: the policies gone from the model's cluster in head. */
export function goneFromCluster(base: PolicyIdentities, heads: readonly PolicyIdentities[]): Map<string, string> {
  return new Map([...base].filter(([id]) => !heads.some((h) => h.has(id))));
}
