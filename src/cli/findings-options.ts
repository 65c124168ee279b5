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
  const problems: ConfigProblem[] = [];
  const config = readFindingsConfig(raw, 'findings', problems);
  if (problems.length) throw new UsageError(`invalid findings configuration: ${problems.map((p) => `${p.key} ${p.message}`).join('; ')}`);
  return config;
}

function pair(text: string, sep: string, form: string): [string, string] {
  const at = text.indexOf(sep);
  if (at <= 0 || at === text.length - 1) throw new UsageError(`expected ${form} (got "${text}")`);
  return [text.slice(0, at), text.slice(at + 1)];
}
