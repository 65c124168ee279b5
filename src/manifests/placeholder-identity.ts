/**
 * An object whose `metadata.name`, or the namespace it writes itself (one the build does not replace), is an
 * unrendered placeholder — `${SERVER_NAME}` (a template `envsubst` or a task runner fills, or a Flux post-build
 * variable whose Kustomization has no `postBuild`), `{{ .Values.name }}` — has no identity here: which object
 * it becomes is known only once rendered, and the API server rejects the name as written. Read literally it
 * was a workload named `${SERVER_NS}/${SERVER_NAME}` whose paths a change "closed" (kashalls/home-cluster
 * 36e13c601, a task's iperf Job templates). The loader says so at the name's line and leaves the object out,
 * as one without a name (`DocContext.unnamed`). A variable Flux's substitution emptied is not this case: its
 * name is the empty string (the missing-name error).
 */

/** `${VAR}` (not Flux's escaped `$${VAR}`) or `{{ … }}` in a string. */
const PLACEHOLDER = /\{\{.*?\}\}|(?<!\$)\$\{[^}]*\}/g;

/** The placeholders in `value` (a name or namespace as written), in order, each once; none for anything but a string. */
export function placeholdersIn(value: unknown): string[] {
  // Both forms hold a `{`: almost every name has none, and is spared the search and its set (every object, both sides).
  return typeof value === 'string' && value.includes('{') ? [...new Set(value.match(PLACEHOLDER) ?? [])] : [];
}

/**
 * The error on such an object: `Job \`${SERVER_NS}/${SERVER_NAME}\`: its name and namespace are placeholders
 * nothing here fills (…)`. `namespace`: the namespace as written when it holds placeholders, else undefined.
 */
export function placeholderIdentityMessage(kind: string, name: string, namespace: string | undefined, placeholders: readonly string[]): string {
  const named = placeholdersIn(name).length > 0;
  const which = named && namespace !== undefined ? 'its name and namespace are placeholders' : named ? 'its name is a placeholder' : 'its namespace is a placeholder';
  const vars = placeholders.map((p) => `\`${p}\``).join(', ');
  return `${kind} \`${namespace !== undefined ? `${namespace}/` : ''}${name}\`: ${which} nothing here fills (${vars}), as in a template another tool renders or a Flux post-build variable of a Kustomization without postBuild: which object it is stays unknown, so it is not analysed (the API server rejects it as written)`;
}
