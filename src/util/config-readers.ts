/**
 * Validating readers for configuration values (`.github/reachdiff.yml`, CLI `--config`): each returns the
 * value when valid, else records a problem naming the key and returns undefined. A value that is present
 * but wrong is never replaced by a default.
 */
import { didYouMean, nearestName } from './near-names.js';

export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
  /** `FILE:LINE` where the key is written, when known (the App's files: config-files.ts). */
  readonly at?: string;
}

/**
 * A key no reader knows, at `path`: `unknown key, did you mean failOn? (known: …)` when a known key is
 * near (near-names.ts, as for CLI options: `failon`, `failsOn`), else `unknown key (known: …)`.
 */
export function unknownKeyProblem(path: string, key: string, known: readonly string[]): ConfigProblem {
  const near = nearestName(key, known);
  return { key: path, message: `unknown key${near === undefined ? '' : `, did you mean ${near}?`} (known: ${known.join(', ')})` };
}

export type Reader<T> = (value: unknown, key: string, problems: ConfigProblem[]) => T | undefined;

/** One reader per key of a section, typed by the value it produces. */
export type Readers<S> = { readonly [K in keyof S]: Reader<S[K]> };
export type Writable<S> = { -readonly [K in keyof S]: S[K] };

export const oneOf =
  <T extends string>(values: readonly T[]): Reader<T> =>
  (v, key, problems) => {
    const found = values.find((value) => value === v);
    if (found !== undefined) return found;
    // A near miss is named, as for unknown keys and the CLI's flags (`PERMISIVE_RULE`: new-user trial 36).
    problems.push({ key, message: `must be one of ${values.join(', ')} (got ${JSON.stringify(v)})${typeof v === 'string' ? didYouMean(v, values) : ''}` });
  };

export const stringList: Reader<readonly string[]> = (v, key, problems) => {
  if (Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0)) return v;
  problems.push({ key, message: 'must be a list of non-empty strings' });
};

export const bool: Reader<boolean> = (v, key, problems) => {
  if (typeof v === 'boolean') return v;
  problems.push({ key, message: `must be true or false (got ${JSON.stringify(v)})` });
};

/** The key path of entry `name` of the mapping at `key`: `externalNames["10.0.0.0/8"]` (config-lines.ts reads it back). */
export function entryKey(key: string, name: string): string {
  return `${key}[${JSON.stringify(name)}]`;
}

/** A mapping of strings to strings (labels, names); a value that is not a string is a problem at its entry. */
export const stringMap =
  (what: string): Reader<Readonly<Record<string, string>>> =>
  (v, key, problems) => {
    if (!isRecord(v)) return void problems.push({ key, message: `must map ${what}` });
    const entries = Object.entries(v);
    const texts = entries.filter((e): e is [string, string] => typeof e[1] === 'string');
    if (texts.length === entries.length) return Object.fromEntries(texts);
    for (const [name, x] of entries) if (typeof x !== 'string') problems.push({ key: entryKey(key, name), message: `must be text (got ${JSON.stringify(x)}): ${key} maps ${what}` });
  };

/** A list whose items one reader validates, each under `key[i]`. */
export const listOf =
  <T>(item: Reader<T>): Reader<readonly T[]> =>
  (v, key, problems) => {
    if (!Array.isArray(v)) {
      problems.push({ key, message: 'must be a list' });
      return undefined;
    }
    const before = problems.length;
    const out = v.map((x, i) => item(x, `${key}[${i}]`, problems));
    return problems.length === before ? (out as T[]) : undefined;
  };

/** A mapping read key by key with `readers`; unknown keys are problems; absent keys keep `defaults`. */
export function readSection<S extends object>(value: unknown, name: string, readers: Readers<S>, defaults: S, problems: ConfigProblem[]): S {
  if (!isRecord(value)) {
    problems.push({ key: name, message: 'must be a mapping' });
    return defaults;
  }
  const out: Writable<S> = { ...defaults };
  for (const [key, v] of Object.entries(value)) {
    if (isKey(readers, key)) readInto(out, readers, key, v, `${name}.${key}`, problems);
    else problems.push(unknownKeyProblem(`${name}.${key}`, key, Object.keys(readers)));
  }
  return out;
}

/** Sets `out[key]` when the value is valid; a problem is recorded otherwise. */
export function readInto<S, K extends keyof S>(out: Writable<S>, readers: Readers<S>, key: K, value: unknown, path: string, problems: ConfigProblem[]): void {
  const read: Reader<S[K]> = readers[key];
  const v = read(value, path, problems);
  if (v !== undefined) out[key] = v;
}

export function isKey<T extends object>(readers: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(readers, key);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
