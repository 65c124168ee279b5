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
