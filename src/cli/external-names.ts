/**
 * `--external-names FILE`: names for external CIDRs in text, Markdown and picture output, the same map as the
 * App's `externalNames` (`"10.0.0.0/8": corporate network`). The file is that map, or a whole
 * `.github/reachdiff.yml` whose `externalNames` is used.
 */
import yaml from 'js-yaml';
import { parseCidr } from '../engine/index.js';
import { UsageError } from './errors.js';
import { readUserFile } from './user-files.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function readExternalNames(file: string | undefined): Promise<Record<string, string> | undefined> {
  if (file === undefined) return undefined;
  const text = await readUserFile(file, 'external names file');
  let raw: unknown;
  try {
    raw = yaml.load(text);
  } catch (e) {
    throw new UsageError(`--external-names: ${file} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const map = isRecord(raw) && isRecord(raw.externalNames) ? raw.externalNames : (raw ?? {});
  const bad = isRecord(map) ? Object.entries(map).find(([cidr, name]) => typeof name !== 'string' || !parseCidr(cidr).ok) : undefined;
  if (!isRecord(map) || bad) {
    throw new UsageError(`--external-names: ${file} must map CIDRs to names, e.g. "10.0.0.0/8": corporate network${bad ? ` (not so: ${JSON.stringify(bad[0])})` : ''}`);
  }
  return map as Record<string, string>;
}
