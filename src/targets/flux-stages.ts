/**
 * The stages in which kustomize-controller applies one Kustomization's build (fluxcd/kustomize-controller, the
 * reconciler's `apply`): first the cluster definitions — CustomResourceDefinitions and Namespaces (fluxcd/pkg ssa
 * `IsClusterDefinition`; recent versions add ClusterRoles) — with a server-side dry-run and apply of their own, then
 * waited for; then the Kubernetes class kinds (`…Class`); then every other object. Each stage is one `ApplyAll`
 * (dry-run of all its objects, then apply), so an object the API server rejects in a later stage fails the apply
 * after the first stage reached the cluster: head's Namespaces (their labels) are applied, its other objects are
 * not, and nothing is pruned (pruning follows a successful apply). A rejected object of the first stage fails that
 * stage: nothing of the build is applied.
 *
 * Read here file by file: a file of the build whose documents are all first-stage objects is applied as head has
 * it (`appliedAtFirstStage`). A file that mixes them with other objects, or whose base text declares a first-stage
 * object head's does not (it stays: nothing is pruned), is read document by document (`stagedText`): head's
 * first-stage documents, then base's other documents and the first-stage ones head drops.
 */
import { isObject } from '../manifests/context.js';
import { documentValueAt, parseDocuments } from '../manifests/yaml-documents.js';
import type { ParsedDocument } from '../manifests/yaml-documents.js';
import type { SourceRef } from '../engine/model.js';

/** Whether a parsed document is an object of the first stage. */
function firstStage(value: unknown): boolean {
  if (!isObject(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') return false;
  const { kind, apiVersion } = value;
  return (kind === 'Namespace' && apiVersion === 'v1') || (kind === 'CustomResourceDefinition' && apiVersion.startsWith('apiextensions.k8s.io/')) || (kind === 'ClusterRole' && apiVersion.startsWith('rbac.authorization.k8s.io/'));
}

/** The documents of a text that hold a value (comments and empty documents left out). */
const objects = (text: string) => parseDocuments(text, 'kubectl', false).filter((d) => d.value !== null && d.value !== undefined);

/** The names of the Namespaces a text declares. */
const namespaces = (text: string) => objects(text).flatMap((d) => (isObject(d.value) && d.value.kind === 'Namespace' && isObject(d.value.metadata) && typeof d.value.metadata.name === 'string' ? [d.value.metadata.name] : []));

/**
 * Whether the first stage applies a file as head has it (`head`: its text on head, undefined when head has none;
 * `base`: on base): head holds first-stage objects only, none of which fails to parse, and base's text, if any, holds
 * first-stage objects only and no Namespace that head's does not.
 */
export function appliedAtFirstStage(head: string | undefined, base: string | undefined): boolean {
  if (head === undefined) return false;
  const docs = objects(head);
  if (docs.length === 0 || docs.some((d) => d.error !== undefined || !firstStage(d.value))) return false;
  if (base === undefined) return true;
  if (!objects(base).every((d) => d.error === undefined && firstStage(d.value))) return false;
  const kept = new Set(namespaces(head));
  return namespaces(base).every((n) => kept.has(n));
}

/** Whether the object at `line` of `text` (the document holding that line) is of the first stage. */
export function firstStageAt(text: string | undefined, line: number): boolean {
  return firstStage(documentValueAt(text, line));
}

/** A first-stage document's kind and name (the stage's kinds are cluster-scoped). */
const identity = (d: ParsedDocument) => (isObject(d.value) && isObject(d.value.metadata) ? `${String(d.value.kind)}/${String(d.value.metadata.name)}` : '');

/**
 * The text of file `path` as an apply failing after its first stage leaves it, when that is neither head's whole text
 * (`appliedAtFirstStage`) nor base's: head's first-stage documents, then base's other documents and base's first-stage
 * documents head's text does not hold (not pruned), separated by `---`; `sourceLines` gives each line its place in
 * head's or base's text (index 0 = line 1). `head`/`base`: its texts (base undefined: nothing of the file was applied
 * before, a new file or a first apply). Undefined when head holds no first-stage document, a text does not parse,
 * or head's first-stage documents are base's.
 */
export function stagedText(path: string, head: string | undefined, base: string | undefined): { text: string; sourceLines: SourceRef[] } | undefined {
  if (head === undefined || appliedAtFirstStage(head, base)) return undefined;
  const docs = objects(head);
  const was = base === undefined ? [] : objects(base);
  if ([...docs, ...was].some((d) => d.error !== undefined)) return undefined;
  const staged = docs.filter((d) => firstStage(d.value));
  const wasStaged = was.filter((d) => firstStage(d.value));
  if (staged.length === 0 || (staged.length === wasStaged.length && staged.every((d, i) => d.text === wasStaged[i].text))) return undefined;
  const kept = new Set(staged.map(identity));
  const rest = was.filter((d) => !firstStage(d.value) || !kept.has(identity(d)));
  const lines: string[] = [];
  const sourceLines: SourceRef[] = [];
  const add = (text: string, d: ParsedDocument) => {
    const all = text.split('\n');
    if (lines.length) lines.push('---'), sourceLines.push({ file: path, line: d.startLine });
    for (let n = d.startLine; n <= d.endLine; n++) lines.push(all[n - 1] ?? ''), sourceLines.push({ file: path, line: n });
  };
  staged.forEach((d) => add(head, d));
  rest.forEach((d) => add(base!, d));
  return { text: `${lines.join('\n')}\n`, sourceLines };
}
