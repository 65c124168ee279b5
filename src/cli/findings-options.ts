/**
 * The findings configuration of a CLI run: the `findings:` section of the configuration (`--config
 * FILE`, else `.github/reachdiff.yml` at the root read, config-root.ts), then the flags on top, validated by the
 * same readers as the App's configuration so a bad value is refused the same way, naming the key.
 */
import type { FindingsConfig } from '../findings/config.js';
import { readFindingsConfig } from '../findings/config.js';
import type { ConfigProblem } from '../util/config-readers.js';
import { isRecord } from '../util/config-readers.js';
import { readCliConfig } from './cli-config.js';
import type { ConfigRoot } from './config-root.js';
import { UsageError } from './errors.js';

export interface FindingFlags {
  readonly config?: string;
  /** Where `.github/reachdiff.yml` is looked for without --config (config-root.ts). */
  readonly root: ConfigRoot;
  readonly disable?: readonly string[];
  readonly severity?: readonly string[];
  readonly dnsNamespace?: string;
  readonly dnsLabel?: readonly string[];
  readonly dnsCidr?: readonly string[];
  readonly allowCrossNamespace?: readonly string[];
  readonly ignorePath?: readonly string[];
}

export async function findingsConfig(flags: FindingFlags): Promise<FindingsConfig> {
  const raw: Record<string, unknown> = { ...(await readCliConfig(flags.config, flags.root)).config.findings };
  // The flags alone first, so a bad value is named by the flag the user typed (`--disable FOO`), not by the
  // configuration key it lands in (`findings.disable[0]`).
  refuse(readProblems(flagSection(flags, {})), '', flagOf);
  flagSection(flags, raw);
  const problems: ConfigProblem[] = [];
  const config = readFindingsConfig(raw, 'findings', problems);
  refuse(problems, 'invalid findings configuration: ', (key) => key);
  return config;
}

/** Adds the flags' settings to `raw` (a `findings:` section) and returns it. Throws UsageError for a flag not of its form (`--severity CODE`). */
function flagSection(flags: FindingFlags, raw: Record<string, unknown>): Record<string, unknown> {
  const list = (key: string, more: readonly string[] | undefined) => {
    if (more?.length) raw[key] = [...(Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []), ...more];
  };
  list('disable', flags.disable);
  list('ignorePaths', flags.ignorePath);
  if (flags.severity?.length) raw.severity = { ...(isRecord(raw.severity) ? raw.severity : {}), ...Object.fromEntries(flags.severity.map((s) => pair(s, '=', '--severity CODE=error|warning|notice'))) };
  if (flags.allowCrossNamespace?.length) {
    const pairs = flags.allowCrossNamespace.map((s) => pair(s, ':', '--allow-cross-namespace FROM:TO')).map(([from, to]) => ({ from, to }));
    raw.crossNamespace = [...(Array.isArray(raw.crossNamespace) ? raw.crossNamespace : []), ...pairs];
  }
  if (flags.dnsNamespace || flags.dnsLabel?.length || flags.dnsCidr?.length) {
    const dns: Record<string, unknown> = { ...(isRecord(raw.dns) ? raw.dns : {}) };
    if (flags.dnsNamespace) dns.namespace = flags.dnsNamespace;
    if (flags.dnsLabel?.length) dns.podLabels = Object.fromEntries(flags.dnsLabel.map((s) => pair(s, '=', '--dns-label KEY=VALUE')));
    if (flags.dnsCidr?.length) dns.cidrs = [...flags.dnsCidr];
    raw.dns = dns;
  }
  return raw;
}

/** The problems of a `findings:` section, as the App's configuration reader finds them. */
function readProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  readFindingsConfig(raw, 'findings', problems);
  return problems;
}

/** Throws one UsageError for `problems`, each named by `name(key)` after `prefix`; nothing when there are none. */
function refuse(problems: readonly ConfigProblem[], prefix: string, name: (key: string) => string): void {
  if (problems.length) throw new UsageError(`${prefix}${problems.map((p) => `${name(p.key)} ${p.message}`).join('; ')}`);
}

/** The flag that writes a key of the findings section (`findings.disable[0]` → `--disable`, `findings.dns.cidrs[1]` → `--dns-cidr`, `findings.severity.X` → `--severity X`); the key itself for one no flag writes. */
function flagOf(key: string): string {
  const path = key.replace(/^findings\./, '').split(/[.[]/);
  const top: Record<string, string> = { disable: '--disable', ignorePaths: '--ignore-path', severity: '--severity', crossNamespace: '--allow-cross-namespace' };
  const dns: Record<string, string> = { namespace: '--dns-namespace', podLabels: '--dns-label', cidrs: '--dns-cidr' };
  // A code or level of --severity is named with the code it was given for (`--severity DNS_EGRESS_MISSING`).
  if (path[0] === 'severity' && path[1]) return `--severity ${path[1]}`;
  return (path[0] === 'dns' ? dns[path[1]] : top[path[0]]) ?? key;
}

function pair(text: string, sep: string, form: string): [string, string] {
  const at = text.indexOf(sep);
  if (at <= 0 || at === text.length - 1) throw new UsageError(`expected ${form} (got "${text}")`);
  return [text.slice(0, at), text.slice(at + 1)];
}
