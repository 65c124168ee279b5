/**
 * A changed controller object whose source is another repository is in no verdict: a Flux
 * `Kustomization` of an `OCIRepository` or a foreign `GitRepository` (its `patches` may delete the
 * upstream install's NetworkPolicies, or stop deleting them), or an Argo CD `Application`/`ApplicationSet`
 * reading another repository. Discovery names each such object once (`EXTERNAL_SOURCE`, among many notes);
 * when the pull request adds, removes or edits one, that is said as an `OUTSIDE_TARGETS` notice ("Not
 * analysed: …") at the object's line, like a changed file no build reads, so the verdict is followed by
 * the note and the check run is `neutral`, never `success` (real-eval 14 B: bjw-s/home-ops 2cfd64513
 * added a patch deleting Flux's NetworkPolicies to such a Kustomization and read "99 targets: no change").
 * Argo CD Applications whose Helm chart source changed are said by unrendered-helm.ts instead.
 */
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { Text } from './kustomizations-naming.js';
import type { Notice } from './types.js';
import type { ComparedObject } from './moved-objects.js';
import { arrivalLabel, movedObjects, objectKey } from './moved-objects.js';
import { applicationSources } from '../manifests/kinds/chart-applications.js';
import { firstAndMore } from '../util/and-list.js';
import { documentLine } from '../manifests/document-line.js';

/**
 * `changed`: changed paths (fixture trees, templates and rendered copies left out); `texts`: base's and
 * head's reader; `external`: both sides' `EXTERNAL_SOURCE` notices (at the object's file and line).
 * One notice per changed file that holds an external object whose document differs between the sides.
 */
export function externalChangeNotices(changed: ReadonlySet<string>, texts: readonly [Text, Text], external: readonly Notice[]): Notice[] {
  const out: Notice[] = [];
  const changes: { readonly file: string; readonly line: number; readonly labels: readonly string[] }[] = [];
  const byFile = new Map<string, number[]>();
  for (const n of external) {
    if (n.code !== 'EXTERNAL_SOURCE' || !n.ref || !changed.has(n.ref.file)) continue;
    byFile.set(n.ref.file, [...(byFile.get(n.ref.file) ?? []), n.ref.line]);
  }
  // The objects the notices stand at, on either side (a line names the document holding it), per file.
  const sides = new Map<string, readonly [Map<string, Compared>, Map<string, Compared>]>();
  for (const [file, lines] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const [base, head] = texts.map((read) => controllerDocuments(read(file)));
    const ids = new Set([...base.values(), ...head.values()].filter((d) => lines.some((l) => l >= d.startLine && l <= d.endLine)).map((d) => d.id));
    const only = (m: Map<string, ControllerDocument>) => new Map([...m].filter(([id]) => ids.has(id)).map(([id, d]) => [id, { ...d, part: d.json }]));
    sides.set(file, [only(base), only(head)]);
  }
  // One moved to another file unchanged is no change; a move is one note (moved-objects.ts).
  const moves = movedObjects(sides);
  for (const [file, [base, head]] of sides) {
    const differ: [string, string][] = [];
    for (const id of [...new Set([...base.keys(), ...head.keys()])].sort()) {
      if (base.get(id)?.json === head.get(id)?.json || moves.gone.has(objectKey(file, id))) continue;
      const label = (head.get(id) ?? base.get(id))!.label;
      const arrival = moves.arrived.get(objectKey(file, id));
      const said = arrival ? arrivalLabel(label, arrival, file) : label + (!head.has(id) ? ' (removed)' : !base.has(id) ? ' (added)' : '');
      if (said !== undefined) differ.push([id, said]);
    }
    if (differ.length === 0) continue;
    const one = differ.length === 1;
    const line = head.get(differ[0][0])?.line ?? 1;
    changes.push({ file, line, labels: differ.map(([, l]) => l) });
    out.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed: ${one ? 'an object' : `${differ.length} objects`} deploying another repository's files changed in ${file}: ${differ.map(([, l]) => l).join(', ')}. What ${one ? 'it applies' : 'they apply'}, ${one ? 'its' : 'their'} patches included, is in no analysis`,
      ref: { file, line },
    });
  }
  // Many files (a tree of app Kustomizations of one source added at once): one note naming some, at the first one's line.
  if (changes.length <= NAMED) return out;
  const labels = changes.flatMap((c) => c.labels.map((l) => `${l} (${c.file})`));
  return [
    {
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed: ${labels.length} objects deploying another repository's files changed in ${changes.length} files: ${firstAndMore(labels, NAMED)}. What they apply, their patches included, is in no analysis`,
      ref: { file: changes[0].file, line: changes[0].line },
    },
  ];
}

/** Files named before the rest are counted. */
const NAMED = 3;

type Compared = ControllerDocument & ComparedObject;

interface ControllerDocument {
  readonly id: string;
  readonly label: string;
  readonly json: string;
  /** Where it is cited: its first line of content (document-line.ts), not a comment above it. */
  readonly line: number;
  readonly startLine: number;
  readonly endLine: number;
}

const KINDS: Readonly<Record<string, { readonly group: string; readonly label: string }>> = {
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io/', label: 'Flux Kustomization' },
  Application: { group: 'argoproj.io/', label: 'Argo CD Application' },
  ApplicationSet: { group: 'argoproj.io/', label: 'Argo CD ApplicationSet' },
};

/** The Flux Kustomizations and Argo CD Applications/ApplicationSets of a file, by kind/namespace/name. */
function controllerDocuments(text: string | undefined): Map<string, ControllerDocument> {
  const out = new Map<string, ControllerDocument>();
  if (text === undefined) return out;
  for (const doc of parseDocuments(text, 'kubectl', false)) {
    const v = doc.value;
    if (doc.error || !isObject(v) || typeof v.kind !== 'string' || typeof v.apiVersion !== 'string' || !isObject(v.metadata) || typeof v.metadata.name !== 'string') continue;
    const kind = KINDS[v.kind];
    if (!kind || !v.apiVersion.startsWith(kind.group) || helmOnly(v.spec)) continue;
    const ns = typeof v.metadata.namespace === 'string' ? `${v.metadata.namespace}/` : '';
    out.set(`${v.kind}/${ns}${v.metadata.name}`, { id: `${v.kind}/${ns}${v.metadata.name}`, label: `${kind.label} ${ns}${v.metadata.name}`, json: JSON.stringify(v), line: documentLine(doc), startLine: doc.startLine, endLine: doc.endLine });
  }
  return out;
}

/** An Argo CD Application whose every source is a Helm chart from a repository: unrendered-helm.ts says its changes. */
function helmOnly(spec: unknown): boolean {
  if (!isObject(spec)) return false;
  const sources = applicationSources(spec);
  return sources.length > 0 && sources.every((s) => typeof s.chart === 'string');
}
