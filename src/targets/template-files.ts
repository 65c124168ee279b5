/**
 * Manifest files that are templates another tool renders before anything is applied: by name (`*.ftl.yaml`
 * Freemarker, `*.tpl.*`, `*.j2.*`, `*.tmpl.*`, `*.gotmpl.*`, `*.template.*`; names ending `.tpl`, `.j2` … are no manifests
 * at all), or by content: an object whose own name or namespace is an unrendered placeholder (`${SERVER_NAME}`:
 * which object it is stays unknown, and the API server rejects the name as written; kashalls/home-cluster's
 * iperf Job templates, read as a workload named `${SERVER_NS}/${SERVER_NAME}`), or a policy whose selector
 * values are (`${namespace}`, `{{ .Values.ns }}`; not-deployments.ts's `placeholderIn`, the same recognition
 * as for Argo CD and Flux objects). Read as manifests they gave "errors Kubernetes will reject" for names no
 * cluster sees (real-eval 12, problem 7: cloudogu/gitops-playground's `prometheus-allow-scraping.ftl.yaml`,
 * `namespace: ${namespace}`). Only the layout's plain files are looked at: a Flux Kustomization's files may
 * hold `${VAR}` for its postBuild substitution (substitute.ts), and a kustomization's files are built.
 * The layout leaves them out of its targets; a changed one is "Not analysed: FILE is a template (…)"
 * (analyze-targets.ts), an unchanged one is counted in a note. `*.template.*` is the name a script's own
 * template takes (real-eval 25: fiducia-cloud/fiducia-infra's `laptop/tailnet-cluster.template.yaml`, whose
 * `__PEER1__` names a render script replaces, read "plain manifests: 4 errors Kubernetes will reject");
 * `cluster-template.yaml` (a dash, clusterctl's name) is not matched by name.
 */
import yaml from 'js-yaml';
import { isObject } from '../manifests/context.js';
import { POLICY_KINDS, policyKindAlternatives } from '../manifests/policy-kinds.js';
import { placeholderIn } from './not-deployments.js';
import type { TemplateFile } from './types.js';
import { firstAndMore } from '../util/and-list.js';
import { baseName } from '../util/repo-paths.js';
import { HAS_KIND_LINE } from './object-files.js';
import { hasFact, textFact } from './text-facts.js';

/** Template languages' file name parts: `x.ftl.yaml`, `x.yaml.tpl.json`, `x.gotmpl.yaml`, `x.template.yaml`. */
const TEMPLATE_NAME = /\.(ftl|tpl|j2|jinja2?|tmpl|gotmpl|template)\./i;
const LANGUAGE: Readonly<Record<string, string>> = { ftl: 'Freemarker', j2: 'Jinja', jinja: 'Jinja', jinja2: 'Jinja', gotmpl: 'Go', tpl: '', tmpl: '', template: '' };

/** A `name:` or `namespace:` line holding a placeholder: maybe an object whose identity another tool fills in. */
const IDENTITY_PLACEHOLDER_LINE = /(?:^|[\s{,])["']?(?:name|namespace)["']?\s*:[^\n]*?(?:\{\{|(?<!\$)\$\{)/m;

/** A `kind:` line of a policy kind (policy-kinds.ts), whose namespace and selectors decide what it selects. */
const POLICY_KIND_LINE = new RegExp(`kind["']?\\s*:\\s*["']?(?:${policyKindAlternatives()})\\b`);

/** Why the file at `path` holding `text` is a template (`namespace \`${namespace}\``), undefined when it is not one. */
export function templateReason(path: string, text: string): string | undefined {
  return reasonOf(path, text, mayNamePlaceholders(text));
}

/** Whether a text may hold a policy or an object named with a placeholder (then it is parsed): most plain files hold neither. */
const mayNamePlaceholders = (text: string) => (text.includes('${') || text.includes('{{')) && (POLICY_KIND_LINE.test(text) || IDENTITY_PLACEHOLDER_LINE.test(text));

/** `mayNamePlaceholders` of a file's text, asked once per file (text-facts.ts). */
const MAY_NAME_PLACEHOLDERS = textFact(mayNamePlaceholders);

/** `templateReason`, told whether the text may name placeholders (`mayNamePlaceholders`). */
function reasonOf(path: string, text: string, mayHold: boolean): string | undefined {
  const named = TEMPLATE_NAME.exec(baseName(path));
  const placeholders = mayHold ? objectPlaceholders(text) : [];
  const reasons = [...(placeholders.length ? [placeholders.slice(0, 2).join(', ') + (placeholders.length > 2 ? ', …' : '')] : [])];
  if (named) {
    const language = LANGUAGE[named[1].toLowerCase()] ?? '';
    reasons.push(`${language ? `${language} ` : ''}file name *.${named[1]}.*`);
  }
  return reasons.length ? reasons.join(', ') : undefined;
}

/**
 * The layout's plain files that are templates, each with why. A file holding no `kind:` line (a line that starts a
 * `kind:` YAML or `"kind":` JSON field, object-files.ts) is no manifest whatever its name, so none to say (a Tailscale ACL `tailnet-policy.template.json` beside the cluster's template).
 */
export function templateFiles(files: readonly { readonly path: string; readonly text: string }[]): TemplateFile[] {
  const out: TemplateFile[] = [];
  for (const f of files) {
    if (!hasFact(f, HAS_KIND_LINE)) continue;
    const why = reasonOf(f.path, f.text, hasFact(f, MAY_NAME_PLACEHOLDERS));
    if (why !== undefined) out.push({ file: f.path, why });
  }
  return out;
}

/**
 * `name \`${SERVER_NAME}\``, `namespace \`${namespace}\``, `selector name=\`${namePrefix}\``: the placeholders in
 * any object's name and namespace (which object it is: unknown until rendered; the API server rejects the
 * name as written) and in a policy's selectors, in document order.
 */
function objectPlaceholders(text: string): string[] {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const doc of docs) {
    if (!isObject(doc) || typeof doc.kind !== 'string') continue;
    const meta = isObject(doc.metadata) ? doc.metadata : {};
    const name = placeholderIn(meta.name);
    if (name !== undefined) out.push(`name ${name}`);
    const ns = placeholderIn(meta.namespace);
    if (ns !== undefined) out.push(`namespace ${ns}`);
    if (POLICY_KINDS.has(doc.kind)) selectorPlaceholders(doc.spec, out);
  }
  return out;
}

/** Placeholders among the label values of every selector under `v` (`matchLabels` values, `matchExpressions` values). */
function selectorPlaceholders(v: unknown, out: string[]): void {
  if (Array.isArray(v)) {
    v.forEach((item) => selectorPlaceholders(item, out));
    return;
  }
  if (!isObject(v)) return;
  for (const [key, value] of Object.entries(v)) {
    if (key === 'matchLabels' && isObject(value)) {
      for (const [label, text] of Object.entries(value)) {
        const p = placeholderIn(text);
        if (p !== undefined) out.push(`selector ${label}=${p}`);
      }
    } else if (key === 'matchExpressions' && Array.isArray(value)) {
      for (const e of value) {
        const values: unknown[] = isObject(e) && Array.isArray(e.values) ? e.values : [];
        const p = values.map(placeholderIn).find((x) => x !== undefined);
        if (p !== undefined) out.push(`selector ${isObject(e) && typeof e.key === 'string' ? e.key : 'value'} in ${p}`);
      }
    } else selectorPlaceholders(value, out);
  }
}

/**
 * The note over unchanged template files (changed ones are each "Not analysed", analyze-targets.ts):
 * `Not taken as deployments: 3 template files (a.ftl.yaml, …): rendered by another tool first`.
 */
export function templateFilesMessage(files: readonly string[]): string {
  const named = firstAndMore(files, 5);
  return `Not taken as deployments: ${files.length === 1 ? '1 template file' : `${files.length} template files`} (${named}), which another tool renders before anything is applied (placeholders in an object's name or namespace, in a policy's selectors, or a template file name); to analyse one, render it and pass the output with --render`;
}
