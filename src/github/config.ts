/**
 * `.github/reachdiff.yml`: read through Probot's `context.config` (so `_extends` works, and the file
 * comes from the default branch, never from the pull request), then validated. A bad key is an error
 * that names the key; defaults are never substituted for a value that is present but wrong.
 */
import type { Context } from 'probot';

export type FailOn = 'opened' | 'closed' | 'any' | 'never';
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

type Reader = (value: unknown, key: string, problems: ConfigProblem[]) => unknown;

const oneOf =
  <T extends string>(values: readonly T[]): Reader =>
  (v, key, problems) => {
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v;
    problems.push({ key, message: `must be one of ${values.join(', ')} (got ${JSON.stringify(v)})` });
  };

const stringList: Reader = (v, key, problems) => {
  if (Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0)) return v;
  problems.push({ key, message: 'must be a list of non-empty strings' });
};

const bool: Reader = (v, key, problems) => {
  if (typeof v === 'boolean') return v;
  problems.push({ key, message: `must be true or false (got ${JSON.stringify(v)})` });
};

const names: Reader = (v, key, problems) => {
  if (isRecord(v) && Object.values(v).every((s) => typeof s === 'string')) return v;
  problems.push({ key, message: 'must map CIDRs to names, e.g. "10.0.0.0/8": corporate network' });
};

const TOP: Record<string, Reader> = {
  manifests: stringList,
  exclude: stringList,
  failOn: oneOf(['opened', 'closed', 'any', 'never']),
  otherChanges: oneOf(['neutral', 'success']),
  rollback: oneOf(['auto', 'button', 'off']),
  ignoreNamespaces: stringList,
  externalNames: names,
};
const COMMENT: Record<string, Reader> = { enabled: bool, postWhenUnchanged: bool };

export function validateConfig(raw: unknown): ConfigResult {
  const problems: ConfigProblem[] = [];
  if (!isRecord(raw)) return { ok: false, problems: [{ key: '(root)', message: 'must be a mapping of keys to values' }] };
  const out: Record<string, unknown> = { ...DEFAULT_CONFIG, comment: { ...DEFAULT_CONFIG.comment } };
  for (const [key, value] of Object.entries(raw)) {
    if (key === '_extends') continue;
    if (key === 'comment') {
      out.comment = readSection(value, 'comment', COMMENT, DEFAULT_CONFIG.comment, problems);
      continue;
    }
    const read = TOP[key];
    if (!read) problems.push({ key, message: `unknown key (known: ${[...Object.keys(TOP), 'comment'].join(', ')})` });
    else out[key] = read(value, key, problems);
  }
  return problems.length ? { ok: false, problems } : { ok: true, config: out as unknown as Config };
}

function readSection(value: unknown, name: string, readers: Record<string, Reader>, defaults: object, problems: ConfigProblem[]): unknown {
  if (!isRecord(value)) {
    problems.push({ key: name, message: 'must be a mapping' });
    return defaults;
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, v] of Object.entries(value)) {
    const read = readers[key];
    if (!read) problems.push({ key: `${name}.${key}`, message: `unknown key (known: ${Object.keys(readers).join(', ')})` });
    else out[key] = read(v, `${name}.${key}`, problems);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
