/**
 * `.github/reachdiff.yml`: read through Probot's `context.config` (so `_extends` works, and the file
 * comes from the default branch, never from the pull request), then validated. A bad key is an error
 * that names the key; defaults are never substituted for a value that is present but wrong.
 */
import type { Context } from 'probot';
import type { FailOn } from '../report/verdict.js';
import { FAIL_ON } from '../report/verdict.js';

export type { FailOn };
export type RollbackMode = 'auto' | 'button' | 'off';

export interface Config {
  /** Globs (picomatch, dot files included) selecting manifest files. */
  readonly manifests: readonly string[];
  /** Globs of paths never read, even when `manifests` matches them. */
  readonly exclude: readonly string[];
  readonly failOn: FailOn;
  /** Conclusion when something changed but nothing `failOn` names. */
  readonly otherChanges: 'neutral' | 'success';
  readonly rollback: RollbackMode;
  readonly ignoreNamespaces: readonly string[];
  /** Names shown instead of raw ranges, keyed by CIDR. */
  readonly externalNames: Readonly<Record<string, string>>;
  readonly comment: {
    readonly enabled: boolean;
    /** Post a comment saying "no change" even when the PR had none before. */
    readonly postWhenUnchanged: boolean;
  };
}

export const CONFIG_FILE = 'reachdiff.yml';

export const DEFAULT_CONFIG: Config = {
  manifests: ['**/*.yaml', '**/*.yml', '**/*.json'],
  exclude: ['.github/**'],
  failOn: 'opened',
  otherChanges: 'neutral',
  rollback: 'button',
  ignoreNamespaces: [],
  externalNames: {},
  comment: { enabled: true, postWhenUnchanged: false },
};

export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Reads and validates the repository's configuration; a missing file means the defaults. */
export async function loadConfig(context: Pick<Context, 'config'>): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (error) {
    return { ok: false, problems: [{ key: `.github/${CONFIG_FILE}`, message: `cannot be read: ${(error as Error).message}` }] };
  }
  return validateConfig(raw ?? {});
}

/** Returns the value when valid, else records a problem naming `key` and returns undefined. */
type Reader<T> = (value: unknown, key: string, problems: ConfigProblem[]) => T | undefined;

const oneOf =
  <T extends string>(values: readonly T[]): Reader<T> =>
  (v, key, problems) => {
    const found = values.find((value) => value === v);
    if (found !== undefined) return found;
    problems.push({ key, message: `must be one of ${values.join(', ')} (got ${JSON.stringify(v)})` });
  };

const stringList: Reader<readonly string[]> = (v, key, problems) => {
  if (Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0)) return v;
  problems.push({ key, message: 'must be a list of non-empty strings' });
};

const bool: Reader<boolean> = (v, key, problems) => {
  if (typeof v === 'boolean') return v;
  problems.push({ key, message: `must be true or false (got ${JSON.stringify(v)})` });
};

const names: Reader<Readonly<Record<string, string>>> = (v, key, problems) => {
  if (isRecord(v)) {
    const entries = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string');
    if (entries.length === Object.keys(v).length) return Object.fromEntries(entries);
  }
  problems.push({ key, message: 'must map CIDRs to names, e.g. "10.0.0.0/8": corporate network' });
};

/** One reader per key of a section, typed by the value it produces. */
type Readers<S> = { readonly [K in keyof S]: Reader<S[K]> };
type Writable<S> = { -readonly [K in keyof S]: S[K] };
type TopConfig = Omit<Config, 'comment'>;

const TOP: Readers<TopConfig> = {
  manifests: stringList,
  exclude: stringList,
  failOn: oneOf(FAIL_ON),
  otherChanges: oneOf(['neutral', 'success']),
  rollback: oneOf(['auto', 'button', 'off']),
  ignoreNamespaces: stringList,
  externalNames: names,
};
const COMMENT: Readers<Config['comment']> = { enabled: bool, postWhenUnchanged: bool };

export function validateConfig(raw: unknown): ConfigResult {
  const problems: ConfigProblem[] = [];
  if (!isRecord(raw)) return { ok: false, problems: [{ key: '(root)', message: 'must be a mapping of keys to values' }] };
  const top: Writable<TopConfig> = { ...DEFAULT_CONFIG };
  let comment: Config['comment'] = DEFAULT_CONFIG.comment;
  for (const [key, value] of Object.entries(raw)) {
    if (key === '_extends') continue;
    if (key === 'comment') {
      if (isRecord(value)) comment = readSection(value, 'comment', COMMENT, DEFAULT_CONFIG.comment, problems);
      else problems.push({ key, message: 'must be a mapping' });
    } else if (isKey(TOP, key)) readInto(top, TOP, key, value, key, problems);
    else problems.push({ key, message: `unknown key (known: ${[...Object.keys(TOP), 'comment'].join(', ')})` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, config: { ...top, comment } };
}

function readSection<S extends object>(value: Record<string, unknown>, name: string, readers: Readers<S>, defaults: S, problems: ConfigProblem[]): S {
  const out: Writable<S> = { ...defaults };
  for (const [key, v] of Object.entries(value)) {
    if (isKey(readers, key)) readInto(out, readers, key, v, `${name}.${key}`, problems);
    else problems.push({ key: `${name}.${key}`, message: `unknown key (known: ${Object.keys(readers).join(', ')})` });
  }
  return out;
}

/** Sets `out[key]` when the value is valid; a problem is recorded otherwise. */
function readInto<S, K extends keyof S>(out: Writable<S>, readers: Readers<S>, key: K, value: unknown, path: string, problems: ConfigProblem[]): void {
  const read: Reader<S[K]> = readers[key];
  const v = read(value, path, problems);
  if (v !== undefined) out[key] = v;
}

function isKey<T extends object>(readers: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(readers, key);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
