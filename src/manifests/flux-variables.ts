/**
 * Flux post-build variables (`postBuild.substitute` / `substituteFrom`), the expansion itself: `${VAR}`,
 * `${VAR:=default}` and `${VAR:-default}` (drone/envsubst, which the kustomize-controller runs). A variable
 * without a value and without a default becomes the empty string, as Flux does outside its strict mode;
 * `$${VAR}` is an escaped literal `${VAR}`. A value's newlines become spaces here, so that text keeps every
 * line where it was written (positions stay exact).
 */

/** `$${…}` (escaped), the name, the operator and the default. */
const VAR = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?\}/g;

/** The label and annotation key that turn substitution off for one object (its value `disabled`). */
export const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';

/** `text` with its variables expanded from `values`; names used without a value or default are added to `missing`. */
export function expandVariables(text: string, values: Readonly<Record<string, string>>, missing: Set<string>): string {
  if (!text.includes('${')) return text;
  return text.replace(VAR, (whole, escape: string, name: string, op: string | undefined, fallback: string | undefined) => {
    if (escape) return whole.slice(1);
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value !== undefined && !(op?.startsWith(':') && value === '')) return oneLine(value);
    if (fallback !== undefined) return oneLine(fallback);
    missing.add(name);
    return '';
  });
}

function oneLine(value: string): string {
  return value.replace(/\r?\n/g, ' ');
}

/**
 * Fields a post-build substitution emptied: per map or list the substitution made (a rendered object's), per
 * key or index, the variables without a value its string held (sorted). Flux empties them in what it applies,
 * but the cluster's own values source (an encrypted Secret, a ConfigMap only the cluster holds) may well hold
 * them: readers of a field whose value the API server would reject say so instead (emptied-values.ts). Weak:
 * gone with the objects.
 */
const emptiedFields = new WeakMap<object, Map<string | number, readonly string[]>>();

/** Records that `holder[key]` lost `names` (variables without a value) to the substitution. */
export function markEmptied(holder: object, key: string | number, names: readonly string[]): void {
  let byKey = emptiedFields.get(holder);
  if (byKey === undefined) emptiedFields.set(holder, (byKey = new Map()));
  byKey.set(key, names);
}

/** The variables without a value the substitution emptied in `holder[key]`, or undefined for none. */
export function emptiedField(holder: object, key: string | number): readonly string[] | undefined {
  return emptiedFields.get(holder)?.get(key);
}
