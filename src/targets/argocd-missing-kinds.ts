/**
 * Argo CD and objects of a kind the cluster does not serve. Before it applies anything, an Application's sync looks up
 * the API resource of every object (gitops-engine's sync context, `getSyncTasks`); one the API server does not serve
 * fails that object with "the server could not find the requested resource" and the whole operation with "one or
 * more synchronization tasks are not valid": nothing of that revision is applied, and the cluster keeps what the
 * last successful sync applied. Two exceptions skip that check (Argo CD's sync options, "Skip Dry Run for new custom
 * resources types"): the CRD of the kind is part of the same sync, or the sync option
 * `SkipDryRunOnMissingResource=true` is set on the Application (`spec.syncPolicy.syncOptions`) or on the object
 * (annotation `argocd.argoproj.io/sync-options`); the object alone then fails when it is applied.
 *
 * The kinds the loader knows are not served are built-in kinds in versions no API server serves
 * (UNSUPPORTED_API_VERSION as an error) and kind typos of a known group (UNKNOWN_KIND), which no CRD of the sync
 * defines: the first exception does not arise for them.
 */
import { isObject } from '../manifests/context.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { documentValueAt } from '../manifests/yaml-documents.js';
import type { TargetController } from './types.js';
import { appSyncOption, holdsOption } from './argocd-shared-resources.js';

/** The loader's errors for an object whose kind and version the API server does not serve. */
const NOT_SERVED: ReadonlySet<string> = new Set(['UNSUPPORTED_API_VERSION', 'UNKNOWN_KIND']);

/** The option that skips the lookup, as Argo CD spells it. */
const SKIP = 'SkipDryRunOnMissingResource=true';

/** Whether `d` says an object's kind and version are not served by the API server. */
export const notServed = (d: Diagnostic) => d.severity === 'error' && NOT_SERVED.has(d.code);

/**
 * Whether the Application `app` sets the option for all its objects: its `spec.syncPolicy.syncOptions`, or, for one an
 * ApplicationSet generates, the template's (argocd-shared-resources.ts `appSyncOption`). `text`: a file's text on head.
 */
export const appSkipsMissing = (app: TargetController, text: (path: string) => string | undefined): boolean => appSyncOption(app, text, SKIP);

/** Whether the object at `line` of `text` sets the option in its `argocd.argoproj.io/sync-options` annotation. */
export function objectSkipsMissing(text: string | undefined, line: number): boolean {
  const doc = documentValueAt(text, line);
  const annotations = isObject(doc) && isObject(doc.metadata) && isObject(doc.metadata.annotations) ? doc.metadata.annotations : undefined;
  return annotations !== undefined && holdsOption(annotations['argocd.argoproj.io/sync-options'], SKIP);
}
