/**
 * Flux post-build substitution: `${VAR}`, `${VAR:=default}` and `${VAR:-default}` in the rendered
 * objects, with the Kustomization's `postBuild.substitute` values. A variable without a value and
 * without a default becomes the empty string, as Flux does (outside its strict mode); `$${VAR}` is an
 * escaped literal `${VAR}`. Objects annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` are
 * left alone. Values never hold a newline here, so every line keeps its number.
 */

export interface Substituted {
  readonly text: string;
  /** Variables used without a value or a default. */
  readonly missing: readonly string[];
}

const VAR = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?\}/g;

export function substitute(text: string, values: Readonly<Record<string, string>>): Substituted {
  if (!text.includes('${')) return { text, missing: [] };
  const missing = new Set<string>();
  const out = splitKeepingDocuments(text)
    .map((doc) => {
      if (/kustomize\.toolkit\.fluxcd\.io\/substitute:\s*["']?disabled/.test(doc)) return doc;
      return doc.replace(VAR, (whole, escape: string, name: string, op: string | undefined, fallback: string | undefined) => {
        if (escape) return whole.slice(1);
        const value = Object.hasOwn(values, name) ? values[name] : undefined;
        if (value !== undefined && !(op?.startsWith(':') && value === '')) return oneLine(value);
        if (fallback !== undefined) return oneLine(fallback);
        missing.add(name);
        return '';
      });
    })
    .join('');
  return { text: out, missing: [...missing].sort() };
}

/** Documents with their separators kept, so joining gives the text back. */
function splitKeepingDocuments(text: string): string[] {
  return text.split(/(?<=\n)(?=---(?:\s|$))/);
}

function oneLine(value: string): string {
  return value.replace(/\r?\n/g, ' ');
}
