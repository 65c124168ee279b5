/**
 * How explain says an edit of a Helm values file line (analysis/values-edits.ts) and warns of template edits
 * other environments render too: *set ingressNamespace to ingress-prod in the values of Application shop-prod
 * (argocd/shop-prod.yaml:1) (opens nothing else; closes 1 other path)*, its YAML the key as the file nests it.
 */
import type { Edit } from '../engine/index.js';
import type { ValueEdit } from '../analysis/values-edits.js';
import { plural } from '../util/plural.js';
import type { AskedPair } from './mismatch-text.js';
import { alsoOpensText } from './mismatch-text.js';

/** One line saying what the edit does and what else it changes; `pair`: the asked pair, to say what else of it the edit opens. */
export function valueEditText(e: ValueEdit, pair: AskedPair): string {
  const opens = alsoOpensText(e.alsoOpens, e.alsoOpensPorts, pair);
  const closes = e.closes === 0 ? '' : `; closes ${plural(e.closes, 'path')}`;
  return `set ${e.key} to ${e.to} in the values of ${e.owner} (${opens}${closes})`;
}

/** Where the value comes from, and who else renders the template: said under the edit. */
export function valueEditSource(e: ValueEdit): string {
  const others = e.sharedWith.length ? `, which ${e.sharedWith.join(', ')} ${e.sharedWith.length === 1 ? 'renders' : 'render'} too with ${e.sharedWith.length === 1 ? 'its' : 'their'} own values` : '';
  return `${e.template.file}:${e.template.line} writes ${e.from} from .Values.${e.key}${others}`;
}

/** The values file's lines for the edit: the key nested as its dotted path says. */
export function valueEditYaml(e: ValueEdit): string {
  const steps = e.key.split('.');
  return steps.map((k, i) => `${'  '.repeat(i)}${k}:${i === steps.length - 1 ? ` ${e.to}` : ''}`).join('\n');
}

/** A note on template edits when a values edit was found: the template is the other environments' too. */
export function sharedTemplateNote(values: readonly ValueEdit[], edits: readonly Edit[]): string | undefined {
  const shared = values.find((v) => v.sharedWith.length > 0);
  if (!shared || !edits.some((e) => e.ref.file === shared.template.file)) return undefined;
  return `edits to ${shared.template.file} change what ${shared.sharedWith.join(', ')} ${shared.sharedWith.length === 1 ? 'renders' : 'render'} too (not evaluated there); the values edit changes ${shared.owner.replace(/ \(.*\)$/, '')} only`;
}
