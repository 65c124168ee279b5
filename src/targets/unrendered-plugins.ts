/**
 * Changes to Kustomize inputs reachdiff does not render are in no verdict: transformer plugins
 * (`transformers:` entries other than the builtin configurations kustomize/transformer-configs.ts renders),
 * generator plugins (`generators:`, builtin or not), custom transformer configurations
 * (`configurations:`) and CRD field specs (`crds:`). Each build that uses them warns KUSTOMIZE_NOT_RENDERED;
 * when the pull request changes those fields, a file they name or a file in a folder of configurations they
 * name, that change is said as an `OUTSIDE_TARGETS` notice ("Not analysed: …"), as for unrendered Helm
 * inputs (unrendered-helm.ts), so the check is never `success` on it (real-eval 13 B: fluxcd/flux2 2f850743
 * changed a LabelTransformer's configuration so that it labels pod templates, and the file got no word;
 * builtin LabelTransformers are now rendered). Which `transformers:` files changed is told per field: in a
 * build with one unrendered entry, a changed file of a rendered one is named too. `validators:` change no
 * object and are left out.
 */
import { isObject } from '../manifests/context.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { Text } from './kustomizations-naming.js';
import { firstAndMore } from '../util/and-list.js';
import type { Notice } from './types.js';
import { dirOf, inFolder, joinPath } from '../util/repo-paths.js';

/** The fields, and what reachdiff's result lacks when they are not rendered, in words. */
const PLUGIN_FIELDS = { transformers: 'transformer plugins', generators: 'generator plugins', configurations: 'transformer configurations', crds: 'CRD field specs' } as const;
type PluginField = keyof typeof PLUGIN_FIELDS;
const FIELDS = Object.keys(PLUGIN_FIELDS) as PluginField[];

/**
 * `changed`: changed paths (fixture trees and rendered copies left out); `texts`: base's and head's text of a
 * path; `notRendered`: the KUSTOMIZE_NOT_RENDERED warnings of every build of either side (kustomize/render.ts:
 * `FILE: FIELD is not rendered; …` at the kustomization), so only the fields a build of ours left unrendered
 * count (a build a render command made renders its plugins). One notice per kustomization.
 */
export function unrenderedPluginNotices(changed: ReadonlySet<string>, texts: readonly [Text, Text], notRendered: readonly Diagnostic[]): Notice[] {
  const paths = [...changed].sort();
  const out: Notice[] = [];
  const unrendered = new Set(notRendered.flatMap((d) => {
    const field = /^.*?: (\w+) is not rendered;/.exec(d.message)?.[1];
    return field ? [`${d.ref.file}\0${field}`] : [];
  }));
  for (const file of [...new Set(notRendered.map((d) => d.ref.file))].sort()) {
    const [base, head] = texts.map((read) => pluginFields(read(file)));
    const folder = dirOf(file);
    const parts: string[] = [];
    for (const field of FIELDS) {
      if (!unrendered.has(`${file}\0${field}`)) continue;
      const fieldChanged = changed.has(file) && base.fields.get(field) !== head.fields.get(field);
      // An entry names a file, or a folder of configurations (a kustomization Kustomize builds for them).
      const entries = [...new Set([...(base.files.get(field) ?? []), ...(head.files.get(field) ?? [])])].map((f) => joinPath(folder, f)).filter((f): f is string => f !== undefined);
      const named = paths.filter((p) => entries.some((e) => p === e || (e !== '' && inFolder(p, e))));
      if (!fieldChanged && named.length === 0) continue;
      const how = !fieldChanged ? '' : !base.fields.has(field) ? `${field} added` : !head.fields.has(field) ? `${field} removed` : `${field} changed`;
      const files = named.length ? `${named.length === 1 ? 'a file' : `${named.length} files`} of its ${field} changed (${listed(named)})` : '';
      parts.push(`${PLUGIN_FIELDS[field]}: ${[how, files].filter(Boolean).join('; ')}`);
    }
    if (parts.length === 0) continue;
    out.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${file} uses Kustomize inputs reachdiff does not render, and this change touches them (${parts.join('; ')}); what they do to the objects is in no analysis. Render the build with --render (e.g. kustomize build)`, ref: { file, line: 1 } });
  }
  return out;
}

/** Per plugin field present: its value as one JSON string, and the local files its entries name. */
function pluginFields(text: string | undefined): { fields: Map<PluginField, string>; files: Map<PluginField, string[]> } {
  const fields = new Map<PluginField, string>();
  const files = new Map<PluginField, string[]>();
  if (text === undefined) return { fields, files };
  const doc = parseDocuments(text, 'yaml', false).find((d) => !d.error && isObject(d.value));
  if (!doc || !isObject(doc.value)) return { fields, files };
  for (const field of FIELDS) {
    const value = doc.value[field];
    if (value === undefined || value === null) continue;
    fields.set(field, JSON.stringify(value));
    // An entry is a path, a remote URL (not in the repository: joinPath finds no such file) or an inline configuration (a YAML string).
    files.set(field, (Array.isArray(value) ? value : []).filter((e): e is string => typeof e === 'string' && !e.includes('\n')));
  }
  return { fields, files };
}

/** Paths as a note names them: five, and a count of the rest. */
const listed = (items: readonly string[]): string => firstAndMore(items, 5);
