/**
 * The objects a change removes and adds across the whole repository, read from the changed files alone:
 * what analysis/gone-pods.ts weighs beside a cluster model's own sides. A policy and the Service serving
 * its pods may sit in different targets (real-eval 10 E, longhorn 6663b975: the example policy is in the
 * plain-manifests target, the Service in `deploy/longhorn.yaml`, a bundle analysed apart), and the change
 * removed both. Objects are compared by kind, namespace (as written; absent when none is) and name over all
 * changed files, so an object moved between files is neither removed nor added. A document that does not
 * parse (a Helm template) is skipped. Read only when some changed file loses a NetworkPolicy.
 */
import type { ChangedObject, ChangedObjects } from '../analysis/gone-pods.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { stringLabels } from './config-sync-scopes.js';

const MANIFEST = /\.(ya?ml|json)$/i;

export function changedObjects(changed: ReadonlySet<string>, text: readonly [(path: string) => string | undefined, (path: string) => string | undefined]): ChangedObjects {
  // Only a change that removes a NetworkPolicy somewhere needs them: a changed file whose base text names the
  // kind more often than its head text. Otherwise nothing is parsed (a whole-repository diff from an empty base).
  const count = (t: string | undefined) => (t === undefined ? 0 : t.split('NetworkPolicy').length - 1);
  if (![...changed].some((p) => MANIFEST.test(p) && count(text[0](p)) > count(text[1](p)))) return { removed: [], added: [] };
  const [base, head] = text.map((read) => {
    const out = new Map<string, ChangedObject>();
    for (const path of changed) {
      if (!MANIFEST.test(path)) continue;
      const t = read(path);
      if (t === undefined) continue;
      for (const doc of parseDocuments(t, /\.json$/i.test(path), false)) {
        if (doc.error) continue;
        const o = objectOf(doc.value);
        if (o) out.set(`${o.kind}/${o.namespace ?? ''}/${o.name}`, o);
      }
    }
    return out;
  });
  return { removed: [...base].filter(([k]) => !head.has(k)).map(([, o]) => o), added: [...head].filter(([k]) => !base.has(k)).map(([, o]) => o) };
}

/** Kind, name, namespace, a Service's selector and a workload's pod template labels, of one parsed document. */
function objectOf(value: unknown): ChangedObject | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.metadata) || typeof value.metadata.name !== 'string') return undefined;
  const ns = value.metadata.namespace;
  const spec = isObject(value.spec) ? value.spec : {};
  const selector = value.kind === 'Service' && isObject(spec.selector) ? stringLabels(spec.selector) : undefined;
  const template = isObject(spec.template) && isObject(spec.template.metadata) && isObject(spec.template.metadata.labels) ? stringLabels(spec.template.metadata.labels) : value.kind === 'Pod' && isObject(value.metadata.labels) ? stringLabels(value.metadata.labels) : undefined;
  return { kind: value.kind, name: value.metadata.name, ...(typeof ns === 'string' && ns !== '' ? { namespace: ns } : {}), ...(selector ? { selector } : {}), ...(template ? { podLabels: template } : {}) };
}
