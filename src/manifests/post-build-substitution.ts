/**
 * Flux post-build substitution over the objects a Kustomize build rendered: the kustomize-controller runs
 * `kustomize build` first, then, object by object, serialises each to YAML, expands its `${VAR}`s
 * (flux-variables.ts) and reads it back (fluxcd/pkg kustomize `SubstituteVariables`; Flux's Kustomization
 * API reference, "Post build variable substitution"). So a `${VAR}` a patch target, a generator's input or a
 * kustomization field holds is expanded only where the build copied it into an object, and an object whose
 * rendered labels or annotations hold `kustomize.toolkit.fluxcd.io/substitute: disabled` (a
 * `commonAnnotations` included) is left as rendered.
 *
 * Mappings and sequences are copied with their positions (file:line of the document or patch that wrote
 * them), so a substituted object still points where its fields were written. Read back as YAML, a plain
 * scalar that becomes an integer is one (`port: ${PORT}` → `port: 8080`); a value the sources write quoted
 * (`"${PORT}"`) stays a string, as kyaml keeps a scalar's quoting through the build.
 */
import type { Json, Positions, RenderedObject } from '../kustomize/index.js';
import { SUBSTITUTE_KEY, expandVariables, markEmptied } from './flux-variables.js';

export interface SubstitutionInput {
  readonly values: Readonly<Record<string, string>>;
  /** Whether the build's sources write this string (holding a `${`) in quotes somewhere. */
  readonly writtenQuoted: (text: string) => boolean;
  /** Mark the fields that lose variables without a value (flux-variables.ts `emptiedField`): an unread values object may hold them. */
  readonly markEmptied?: boolean;
}

/** `objects` with their variables expanded (new values, positions copied); names without a value go to `missing`. */
export function substitutedObjects(objects: readonly RenderedObject[], positions: Positions, input: SubstitutionInput, missing: Set<string>): RenderedObject[] {
  // Most objects hold no variable: kept as they are (the same values, so the loader's caches still match them).
  return objects.map((o) => (substitutionDisabled(o.value) || !JSON.stringify(o.value).includes('${') ? o : { ...o, value: expand(o.value, positions, input, missing) as Json }));
}

/** Flux's switch: the label or the annotation `kustomize.toolkit.fluxcd.io/substitute: disabled`, on the object as built. */
export function substitutionDisabled(value: Json): boolean {
  const meta = value.metadata as { labels?: Record<string, unknown>; annotations?: Record<string, unknown> } | undefined;
  return meta?.labels?.[SUBSTITUTE_KEY] === 'disabled' || meta?.annotations?.[SUBSTITUTE_KEY] === 'disabled';
}

function expand(node: unknown, positions: Positions, input: SubstitutionInput, missing: Set<string>): unknown {
  if (typeof node === 'string') return scalar(node, input, missing);
  if (node === null || typeof node !== 'object') return node;
  // A string field that lost variables without a value is marked on its new holder (flux-variables.ts `emptiedField`).
  const emptied: [string | number, readonly string[]][] = [];
  const field = (v: unknown, key: string | number): unknown => {
    if (typeof v !== 'string') return expand(v, positions, input, missing);
    const own = new Set<string>();
    const out = scalar(v, input, own);
    if (own.size > 0) {
      if (input.markEmptied) emptied.push([key, [...own].sort()]);
      for (const name of own) missing.add(name);
    }
    return out;
  };
  const out: unknown = Array.isArray(node)
    ? node.map((v, i) => field(v, i))
    : Object.fromEntries(Object.entries(node).map(([k, v]) => {
        const key = expandVariables(k, input.values, missing);
        return [key, field(v, key)];
      }));
  for (const [key, names] of emptied) markEmptied(out as object, key, names);
  const ref = positions.get(node);
  if (ref) positions.set(out as object, ref);
  return out;
}

/** A string scalar expanded; an integer when YAML would read the expanded plain scalar as one. */
function scalar(text: string, input: SubstitutionInput, missing: Set<string>): unknown {
  const out = expandVariables(text, input.values, missing);
  if (out === text || !/^[-+]?(0|[1-9][0-9]*)$/.test(out) || input.writtenQuoted(text)) return out;
  return Number(out);
}
