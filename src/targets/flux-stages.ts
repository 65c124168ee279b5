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
 * it. A file that mixes them with other objects keeps base's text whole (its other objects are not applied), and so
 * does one whose base text declares a Namespace head's does not (that Namespace stays: nothing is pruned).
 */
import { isObject } from '../manifests/context.js';
import { documentValueAt, parseDocuments } from '../manifests/yaml-documents.js';

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
