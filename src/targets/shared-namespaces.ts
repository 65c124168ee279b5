/**
 * Targets the layout guessed (top-level kustomizations and the plain manifests: no targets configured,
 * no Argo CD or Flux objects, no cluster named) are often applied to one cluster: one folder declares the
 * Namespaces and their labels, others hold the apps whose policies select namespaces by those labels.
 * Each target is its own cluster model, so its policies never saw another target's Namespace labels and
 * a relabel that opens or closes a path read as "no change". Each such model is given the Namespaces the
 * other layout targets of its side declare and it does not, as a rendered stream whose lines point at the
 * declaring objects (file:line). A namespace two targets declare with different labels (per-environment
 * overlays) is shared by neither.
 */
import type { Labels, SourceRef } from '../engine/model.js';
import { sameLabels } from '../engine/selectors.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import type { TargetSpec } from './types.js';

/** The stream's name, as reports show it where a shared Namespace has no source line of its own. */
export const SHARED_NAMESPACES = '(Namespaces other targets declare)';

interface Declared {
  readonly labels: Labels;
  readonly ref: SourceRef;
  readonly units: Set<string>;
  conflict: boolean;
}

/** Whether the models are the layout's guesses, several of them, none placed in a named cluster. */
export function layoutModels(models: readonly { readonly cluster?: string; readonly members: readonly TargetSpec[] }[]): boolean {
  return models.length > 1 && models.every((m) => m.cluster === undefined && m.members.every((t) => t.origin === 'kustomization' || t.origin === 'plain'));
}

/**
 * Per model name, the stream of Namespaces the other models of this side declare and it does not
 * (absent: none). `models`: each model's files on one side.
 */
export function sharedNamespaceFiles(models: readonly { readonly name: string; readonly files: readonly ManifestFile[] }[]): Map<string, ManifestFile> {
  const declared = new Map<string, Declared>();
  const own = new Map<string, Set<string>>();
  for (const m of models) {
    const names = new Set<string>();
    for (const n of loadManifests(m.files).cluster.namespaces) {
      if (!n.ref) continue;
      names.add(n.name);
      const d = declared.get(n.name);
      if (!d) declared.set(n.name, { labels: n.labels, ref: n.ref, units: new Set([m.name]), conflict: false });
      else {
        d.units.add(m.name);
        if (!sameLabels(d.labels, n.labels)) d.conflict = true;
      }
    }
    own.set(m.name, names);
  }
  const out = new Map<string, ManifestFile>();
  for (const m of models) {
    const mine = own.get(m.name)!;
    const wanted = [...declared].filter(([name, d]) => !d.conflict && !mine.has(name)).sort(([a], [b]) => (a < b ? -1 : 1));
    if (wanted.length) out.set(m.name, namespaceStream(wanted.map(([name, d]) => ({ name, labels: d.labels, ref: d.ref }))));
  }
  return out;
}

/** Namespace objects as YAML in a stream named `path`, every line of each pointing at the declaring object. */
export function namespaceStream(namespaces: readonly { name: string; labels: Labels; ref: SourceRef }[], path = SHARED_NAMESPACES): ManifestFile {
  const lines: string[] = [];
  const sourceLines: SourceRef[] = [];
  for (const n of namespaces) {
    const doc = ['apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${JSON.stringify(n.name)}`, '  labels:', ...Object.keys(n.labels).sort().map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(n.labels[k])}`), '---'];
    lines.push(...doc);
    sourceLines.push(...doc.map(() => n.ref));
  }
  return { path, text: `${lines.join('\n')}\n`, sourceLines };
}

/**
 * `files` (one model's, one side) with the Namespaces its own files declare left out of its shared stream:
 * the stream was made before a failed head build was put back as base has it (unanalysed-builds.ts
 * `withBaseBuilds`), whose Namespaces the model then declares itself; a copy in the stream beside them read
 * as a Namespace defined twice (`DUPLICATE_OBJECT` at the stream's made-up file). Unchanged without a stream.
 */
export function withoutOwnDeclared(files: readonly ManifestFile[]): ManifestFile[] {
  const stream = files.find((f) => f.path === SHARED_NAMESPACES);
  if (!stream) return [...files];
  const rest = files.filter((f) => f !== stream);
  const own = new Set(loadManifests(rest).cluster.namespaces.filter((n) => n.ref).map((n) => n.name));
  const kept = streamDocuments(stream).filter((d) => !own.has(d.name));
  if (kept.length === 0) return rest;
  return [...rest, { path: SHARED_NAMESPACES, text: `${kept.flatMap((d) => d.lines).join('\n')}\n`, sourceLines: kept.flatMap((d) => d.refs) }];
}

/** The documents of a stream `namespaceStream` wrote: each Namespace's lines (its `---` included) and their sources. */
function streamDocuments(stream: ManifestFile): { name: string; lines: string[]; refs: SourceRef[] }[] {
  const lines = stream.text.replace(/\n$/, '').split('\n');
  const out: { name: string; lines: string[]; refs: SourceRef[] }[] = [];
  let doc: { name: string; lines: string[]; refs: SourceRef[] } = { name: '', lines: [], refs: [] };
  lines.forEach((line, i) => {
    doc.lines.push(line);
    doc.refs.push(stream.sourceLines![i]);
    const name = /^ {2}name: (".*")$/.exec(line);
    if (name) doc.name = JSON.parse(name[1]) as string;
    if (line === '---') out.push(doc), (doc = { name: '', lines: [], refs: [] });
  });
  return out;
}
