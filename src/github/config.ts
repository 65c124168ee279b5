/**
 * `.github/reachdiff.yml`: read as Probot's `context.config` reads it (so `_extends` works, and the file
 * comes from the default branch, never from the pull request; config-files.ts), then validated. A bad key is an error
 * that names the key; defaults are never substituted for a value that is present but wrong.
 */
import type { Context } from 'probot';
import type { FindingsConfig } from '../findings/config.js';
import { DEFAULT_FINDINGS_CONFIG, readFindingsConfig } from '../findings/config.js';
import { locateProblems, readConfigFiles } from './config-files.js';
import type { FailOn, FailOnValue } from '../report/verdict.js';
import { DEFAULT_FAIL_ON, FAIL_ON, failOnConflict, parseFailOn } from '../report/verdict.js';
import { readNamespacePattern, readTargets } from '../targets/config.js';
import type { TargetSpec } from '../targets/types.js';
import type { ConfigProblem, Reader, Readers, Writable } from '../util/config-readers.js';
import { parsePodCidrs } from '../manifests/pod-network.js';
import { didYouMean } from '../util/near-names.js';
import { bool, isKey, isRecord, oneOf, readInto, readSection, stringList, stringMap, unknownKeyProblem } from '../util/config-readers.js';

export type { ConfigProblem };

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
  /** Deployment targets, each analysed as its own cluster; empty: found from Argo CD / Flux objects or the layout. */
  readonly targets: readonly TargetSpec[];
  /** e.g. `namespaces/{namespace}/**`: namespace of namespace-less objects from their path, for discovered targets. */
  readonly namespaceFromPath: string | null;
  /** Finding codes switched off, severities, DNS target, expected cross-namespace pairs, ignored paths, sensitive workloads. */
  readonly findings: FindingsConfig;
  /** The pod network (CIDRs): which `networks` peers of cluster-wide policies cover pods. */
  readonly podCIDRs: readonly string[];
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
  failOn: DEFAULT_FAIL_ON,
  otherChanges: 'neutral',
  rollback: 'button',
  ignoreNamespaces: [],
  externalNames: {},
  podCIDRs: [],
  targets: [],
  namespaceFromPath: null,
  comment: { enabled: true, postWhenUnchanged: false },
  findings: DEFAULT_FINDINGS_CONFIG,
};

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Reads (as `context.config` does, config-files.ts) and validates the repository's configuration; a
 * missing file means the defaults, a file an `_extends` names that cannot be read is a problem. Each
 * problem of a file that is not valid carries the file and line writing its key (`at`), when found.
 */
export async function loadConfig(context: Pick<Context, 'octokit' | 'repo'>): Promise<ConfigResult> {
  const read = await readConfigFiles(context, CONFIG_FILE);
  if (!read.ok) return read;
  const result = validateConfig(read.raw);
  return result.ok ? result : { ok: false, problems: await locateProblems(context, read.files, result.problems) };
}

/** One value as before (`opened`), or a non-empty list (`[opened, errors]`). */
const failOnReader: Reader<FailOn> = (v, key, problems) => {
  const text = typeof v === 'string' ? v : Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && !s.includes(',')) ? v.join(',') : undefined;
  const read = text === undefined ? undefined : parseFailOn(text);
  const conflict = read && failOnConflict(read);
  if (conflict) return void problems.push({ key, message: conflict });
  if (read) return read;
  // A near miss is named, as `--fail-on opend` and the other keys' values are (`opend` → opened).
  const items = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : [];
  const wrong = items.find((s): s is string => typeof s === 'string' && !FAIL_ON.includes(s.trim() as FailOnValue));
  problems.push({ key, message: `must be one of ${FAIL_ON.join(', ')}, or a list of them (got ${JSON.stringify(v)})${wrong === undefined ? '' : didYouMean(wrong.trim(), FAIL_ON)}` });
};

const names = stringMap('CIDRs to names, e.g. "10.0.0.0/8": corporate network');

type TopConfig = Omit<Config, 'comment' | 'findings'>;

const TOP: Readers<TopConfig> = {
  manifests: stringList,
  exclude: stringList,
  failOn: failOnReader,
  otherChanges: oneOf(['neutral', 'success']),
  rollback: oneOf(['auto', 'button', 'off']),
  ignoreNamespaces: stringList,
  externalNames: names,
  podCIDRs: (v, key, problems) => {
    const list = stringList(v, key, problems);
    const parsed = list && parsePodCidrs(list);
    if (parsed && 'error' in parsed) problems.push({ key, message: parsed.error });
    else return list;
  },
  targets: readTargets,
  namespaceFromPath: (v, key, problems) => (v === null ? null : readNamespacePattern(v, key, problems)),
};
const COMMENT: Readers<Config['comment']> = { enabled: bool, postWhenUnchanged: bool };

export function validateConfig(raw: unknown): ConfigResult {
  const problems: ConfigProblem[] = [];
  if (!isRecord(raw)) return { ok: false, problems: [{ key: '(root)', message: 'must be a mapping of keys to values' }] };
  const top: Writable<TopConfig> = { ...DEFAULT_CONFIG };
  let comment: Config['comment'] = DEFAULT_CONFIG.comment;
  let findings: FindingsConfig = DEFAULT_CONFIG.findings;
  for (const [key, value] of Object.entries(raw)) {
    if (key === '_extends') continue;
    if (key === 'comment') {
      comment = readSection(value, 'comment', COMMENT, DEFAULT_CONFIG.comment, problems);
    } else if (key === 'findings') {
      findings = readFindingsConfig(value, 'findings', problems);
    } else if (isKey(TOP, key)) readInto(top, TOP, key, value, key, problems);
    else problems.push(unknownKeyProblem(key, key, [...Object.keys(TOP), 'comment', 'findings']));
  }
  return problems.length ? { ok: false, problems } : { ok: true, config: { ...top, comment, findings } };
}
