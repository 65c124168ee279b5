/**
 * The Flux OCIRepositories a side defines, read as committed: what a Flux Kustomization of such a source needs of it
 * to know the artifact it builds from (its `spec.ignore` and `spec.layerSelector.operation`,
 * flux-source-ignore.ts). An OCIRepository is no controller object (it deploys nothing itself), so it is looked up
 * here, once per side's files, only in files that name the kind. Semantics: source.toolkit.fluxcd.io/v1
 * OCIRepository ("Ignore", "Layer selector").
 */
import { isObject } from '../manifests/context.js';
import { documentLine } from '../manifests/document-line.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ControllerObject } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import { hasFact, textFact } from './text-facts.js';

/** An OCIRepository as committed: its name, namespace (absent: none written), document and position. */
export type OciSource = Omit<ControllerObject, 'kind'> & { readonly kind: 'OCIRepository' };

const MENTIONS_OCI = textFact((text) => text.includes('OCIRepository') && text.includes('source.toolkit.fluxcd.io/'));

const bySide = new WeakMap<RepoFiles, readonly OciSource[]>();

/** Every OCIRepository of group source.toolkit.fluxcd.io among `files`' manifests (unparseable documents contribute nothing). */
export function ociSources(files: RepoFiles): readonly OciSource[] {
  let found = bySide.get(files);
  if (found) return found;
  const out: OciSource[] = [];
  for (const f of files.files) {
    if (!/\.(ya?ml|json)$/i.test(f.path) || !hasFact(f, MENTIONS_OCI)) continue;
    for (const doc of parseDocuments(f.text, 'kubectl')) {
      const v = doc.value;
      if (!isObject(v) || v.kind !== 'OCIRepository' || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('source.toolkit.fluxcd.io/')) continue;
      const meta = isObject(v.metadata) ? v.metadata : {};
      if (typeof meta.name !== 'string') continue;
      out.push({ kind: 'OCIRepository', name: meta.name, ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}), value: v, ref: { file: f.path, line: documentLine(doc) } });
    }
  }
  bySide.set(files, (found = out));
  return found;
}
