/**
 * The pod network of a CLI run (for `networks` peers of cluster-wide policies): the `--pod-cidr`
 * flags when given (they replace the configuration's), else `podCIDRs` of the configuration file the
 * App reads (`--config FILE`, else `.github/reachdiff.yml` at the root read, config-root.ts), else unknown.
 */
import type { AddressSet } from '../engine/address-set.js';
import { parsePodCidrs } from '../manifests/pod-network.js';
import { readCliConfig } from './cli-config.js';
import type { ConfigRoot } from './config-root.js';
import { UsageError } from './errors.js';

/** Errors: a UsageError naming the flag, or the configuration file and key, that does not parse. */
export async function podNetworkOption(flags: readonly string[], config: string | undefined, root: ConfigRoot): Promise<AddressSet | undefined> {
  const given = flags.flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  if (given.length > 0) return networkOf(given, '--pod-cidr');
  const read = await readCliConfig(config, root);
  if (read.config.podCIDRs.length === 0) return undefined;
  return networkOf(read.config.podCIDRs, `${read.file}: podCIDRs`);
}

function networkOf(cidrs: readonly string[], origin: string): AddressSet | undefined {
  const pod = parsePodCidrs(cidrs);
  if ('error' in pod) throw new UsageError(`${origin}: ${pod.error}`);
  return pod.network.isEmpty() ? undefined : pod.network;
}
