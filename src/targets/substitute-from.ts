/**
 * Flux `postBuild.substituteFrom`: the values of the ConfigMaps and Secrets it names, read from this
 * repository where it holds them (a cluster-settings ConfigMap committed beside the Flux objects is the
 * common layout). Entries are applied in order, a later one's keys over an earlier one's, and the
 * Kustomization's inline `substitute` values over them all (Flux's Kustomization API reference,
 * kustomize.toolkit.fluxcd.io/v1, PostBuild). A Secret's `data` is base64; a SOPS-encrypted Secret's
 * values are not readable here. An object the repository does not hold, holds more than once in places
 * equally near, or cannot read is named in a notice; its variables then take their defaults, as with
 * `substitute` alone.
 */
import type { SourceRef } from '../engine/model.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ControllerObject } from './controller-objects.js';
import { str, stringMap } from './controller-objects.js';
import { isEncrypted } from './non-manifest.js';
import type { RepoFiles } from './repo-files.js';
import { keyLineAfter } from './flux-edit.js';
import type { Notice } from './types.js';
import { dirOf } from '../util/repo-paths.js';
import { documentLine } from '../manifests/document-line.js';

interface Found {
  readonly value: Json;
  readonly file: string;
  readonly line: number;
  readonly encrypted: boolean;
}

/**
 * The variables `ks`'s `postBuild.substituteFrom` gives (`values`, name → value) from the objects this
 * repository holds, the files they were read from (`sources`), and the objects whose values it cannot read
 * (`unread`, `Kind name`); a notice in `notices` for each entry it cannot apply (an `optional` entry missing here too:
 * the cluster may hold it).
 */
export function substitutionsFrom(ks: ControllerObject, entries: unknown, files: RepoFiles, notices: Notice[]): { values: Record<string, string>; lines: Record<string, SourceRef>; sources: string[]; unread: string[] } {
  const out: Record<string, string> = {};
  // Where each value is written: its key's line in the object's `data` (or `stringData`).
  const lines: Record<string, SourceRef> = {};
  const sources: string[] = [];
  const missed: string[] = [];
  // The objects whose values are not read here (`Secret cluster-secrets`), for the note on variables without a value.
  const unread: string[] = [];
  for (const e of Array.isArray(entries) ? entries.filter(isObject) : []) {
    const kind = str(e.kind);
    const name = str(e.name);
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || !name) continue;
    const found = nearest(ks, candidates(files, kind, name), ks.namespace ?? 'flux-system');
    if (found === 'ambiguous') {
      missed.push(`${kind} ${name} (several in this repository, none nearest)`);
      unread.push(`${kind} ${name}`);
      continue;
    }
    if (!found) {
      missed.push(`${kind} ${name} (not in this repository${e.optional === true ? ', optional' : ''})`);
      unread.push(`${kind} ${name}`);
      continue;
    }
    if (found.encrypted) {
      missed.push(`${kind} ${name} (encrypted, ${found.file}:${found.line})`);
      unread.push(`${kind} ${name}`);
      continue;
    }
    const values = kind === 'ConfigMap' ? (stringMap(found.value.data) ?? {}) : secretValues(found.value);
    Object.assign(out, values);
    const line = keyLineAfter(files, { file: found.file, line: found.line });
    for (const k of Object.keys(values)) lines[k] = line(k);
    sources.push(found.file);
  }
  if (missed.length) {
    notices.push({ code: 'SUBSTITUTION', message: `Flux Kustomization ${ks.name}: postBuild.substituteFrom values not applied from ${missed.join(', ')}; their variables take their defaults`, ref: ks.ref });
  }
  return { values: out, lines, sources, unread };
}

/** Every `v1` object of this kind and name in the repository's files (a text test before parsing). */
function candidates(files: RepoFiles, kind: string, name: string): { found: Found; namespace: string | undefined }[] {
  const out: { found: Found; namespace: string | undefined }[] = [];
  for (const f of files.files) {
    if (!f.text.includes(name) || !f.text.includes(kind)) continue;
    const encrypted = isEncrypted(f.text);
    for (const doc of parseDocuments(f.text, 'kubectl')) {
      const v = doc.value;
      if (!isObject(v) || v.apiVersion !== 'v1' || v.kind !== kind || !isObject(v.metadata) || v.metadata.name !== name) continue;
      out.push({ found: { value: v, file: f.path, line: documentLine(doc), encrypted }, namespace: str(v.metadata.namespace) });
    }
  }
  return out;
}

/**
 * The candidate the Kustomization reads: in its namespace (or without one, placed by a kustomization),
 * then in the folder nearest its own file (most leading folders shared: `clusters/prod/` before
 * `clusters/staging/`); `ambiguous` when two are equally near.
 */
function nearest(ks: ControllerObject, list: { found: Found; namespace: string | undefined }[], namespace: string): Found | 'ambiguous' | undefined {
  const inNamespace = list.filter((c) => c.namespace === undefined || c.namespace === namespace);
  if (inNamespace.length <= 1) return inNamespace[0]?.found;
  const own = dirOf(ks.ref.file).split('/');
  const shared = (file: string) => {
    const parts = dirOf(file).split('/');
    let n = 0;
    while (n < own.length && n < parts.length && own[n] === parts[n]) n++;
    return n;
  };
  const scored = inNamespace.map((c) => ({ c, n: shared(c.found.file) })).sort((a, b) => b.n - a.n);
  return scored[0].n === scored[1].n ? 'ambiguous' : scored[0].c.found;
}

/** A Secret's values: `data` decoded from base64, `stringData` over it (the API server merges them so). */
function secretValues(secret: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(stringMap(secret.data) ?? {})) out[k] = Buffer.from(x, 'base64').toString('utf8');
  return Object.assign(out, stringMap(secret.stringData) ?? {});
}
