/**
 * The base side of a diff (loaded manifests and their connectivity), kept between analyses of a warm
 * process. A pull request's next push (`synchronize`) usually has the same merge base, so its base side
 * is the previous event's: the App passes the base tree's SHA as the key and the whole base side is
 * reused instead of re-read and recomputed. The files are compared too (by path and text), so a wrong or
 * reused key costs a recomputation, never a wrong answer. Bounded by the base files' total text size.
 *
 * Connectivity is computed when first asked, once per set of regions (abstract peers): regions come
 * from both sides' selectors, so a push that changes no selector keeps the base's connectivity over
 * them; the regions are compared by content (a digest of every region), never trusted by key.
 */
import { createHash } from 'node:crypto';
import type { AddressSet, Connectivity, RegionSet } from '../engine/index.js';
import { computeConnectivity } from '../engine/index.js';
import type { FileLoads, LoadResult, ManifestFile } from '../manifests/load.js';
import { loadManifests, samePlacement } from '../manifests/load.js';
import { withPodNetwork } from '../manifests/pod-network.js';
import { buildPath } from '../manifests/builds.js';
import type { Finding, FindingsConfig } from '../findings/index.js';
import { commitFindings } from '../findings/index.js';
import type { Recorded } from '../findings/unchanged-from.js';
import { adoptRecord, recordOf } from '../findings/unchanged-from.js';
import { SizedCache } from '../util/sized-cache.js';

export interface BaseSide {
  readonly load: LoadResult;
  /** The base cluster's connectivity (over `regions` when given: the diff's regions of label space). */
  connectivity(regions?: RegionSet): Connectivity;
  /** The base commit's findings over one of those connectivities, kept per connectivity and configuration. */
  findings(conn: Connectivity, config: FindingsConfig): Finding[];
  /** Every base file as read, for the head side to reuse (copy before filling it with head's files). */
  readonly files: FileLoads;
}

interface Entry {
  /** The files by `buildPath` (made once: every push of a pull request compares its base files with them), and their count. */
  readonly inputs: ReadonlyMap<string, ManifestFile>;
  readonly count: number;
  readonly chars: number;
  readonly side: BaseSide;
  /**
   * Lists of files already found equal to `inputs`: a warm process's next push hands the very list again
   * (targets/side-reuse.ts keeps each side's unit files), and a list is never changed once made, so its
   * ~10,000 files of the 10k bench are not compared again at every push. Rendered streams (`sourceLines`)
   * are never reused, as `sameFiles` says.
   */
  readonly same: WeakSet<readonly ManifestFile[]>;
}

/** Characters of base manifest text kept (the model and connectivity kept with them are larger). */
const MAX_CHARS = 128 * 2 ** 20;
const kept = new SizedCache<string, Entry>(MAX_CHARS, (_key, e) => e.chars);

/** Forget every kept base side (benchmarks measure cold runs with it). */
export function clearBaseSides(): void {
  kept.clear();
}

/**
 * The base side of these files: the one kept under `key` when its files are the same, else computed
 * (and kept under `key` when one is given).
 */
export function baseSide(files: readonly ManifestFile[], baseKey?: string, podNetwork?: AddressSet): BaseSide {
  // The pod network changes the connectivity, so it is part of the key.
  const key = baseKey === undefined ? undefined : podNetwork ? `${baseKey}|${podNetwork.toRanges().join(',')}` : baseKey;
  const known = key === undefined ? undefined : kept.get(key);
  if (known && (known.same.has(files) || sameFiles(known, files))) {
    known.same.add(files);
    return known.side;
  }
  const loads: FileLoads = new Map();
  const load = withPodNetwork(loadManifests(files, loads), podNetwork);
  const side = { load, connectivity: connectivityOf(load), findings: findingsOf(load), files: loads };
  if (key !== undefined) {
    // A different base under the same key replaces the old one (the cache keeps first values).
    if (known) kept.delete(key);
    const inputs = new Map(files.map((f) => [buildPath(f), { path: f.path, text: f.text, defaultNamespace: f.defaultNamespace, overrideNamespace: f.overrideNamespace, undeclaredNamespaces: f.undeclaredNamespaces, loadRestrictor: f.loadRestrictor, build: f.build }]));
    kept.set(key, { inputs, count: files.length, chars: files.reduce((n, f) => n + f.text.length, 0), side, same: new WeakSet(files.some((f) => f.sourceLines) ? [] : [files]) });
  }
  return side;
}

function sameFiles(a: Entry, b: readonly ManifestFile[]): boolean {
  if (a.count !== b.length) return false;
  return b.every((f) => {
    const x = a.inputs.get(buildPath(f));
    return x !== undefined && x.text === f.text && samePlacement(x, f) && !f.sourceLines;
  });
}

/** Computed on first use; over regions, the last regions' result is kept under their digest. */
function connectivityOf(load: LoadResult): BaseSide['connectivity'] {
  let plain: Connectivity | undefined;
  let last: { readonly digest: string; readonly conn: Connectivity } | undefined;
  return (regions) => {
    if (!regions) return (plain ??= computeConnectivity(load.cluster));
    const digest = regionsDigest(regions);
    if (last?.digest !== digest) {
      // The old one is dropped first: at 100k workloads it is a gigabyte the computation needs (warm push).
      last = undefined;
      last = { digest, conn: computeConnectivity(load.cluster, regions) };
    }
    return last.conn;
  };
}

/** Every region's namespace part and representative labels, in order (the evaluation depends on nothing else of a RegionSet). */
export function regionsDigest(regions: RegionSet): string {
  const hash = createHash('sha256');
  hash.update(`${regions.regions.length}|${regions.incomplete}|${regions.maxBoxes}\n`);
  for (const r of regions.regions) hash.update(`${r.namespace}\u0000${r.known}\u0000${JSON.stringify(r.nsLabels)}\u0000${JSON.stringify(r.podLabels)}\n`);
  return hash.digest('hex');
}

/**
 * Findings depend on the connectivity, the loader's diagnostics (this side's, fixed) and the configuration
 * (plain data). Not on the regions a connectivity was computed over, but for AMBIGUOUS_PRIORITY, which
 * only cluster-wide policies raise (findings judge the workloads the manifests hold: a finding must not
 * come and go with the regions a diff cuts, test/property/findings-regions): without cluster-wide
 * policies, the findings over one region set serve every other (a warm process's next push, whose change
 * cuts other regions, keeps base's findings). What those findings recorded for head's (findings/unchanged-from.ts)
 * is then the record of every connectivity they are served for, so head's findings take base's there as they
 * do over the connectivity they were computed over.
 */
function findingsOf(load: LoadResult): BaseSide['findings'] {
  const kept = new WeakMap<Connectivity, Map<string, Finding[]>>();
  const overRegions = new Map<string, { readonly list: Finding[]; readonly record: Recorded }>();
  const regionFree = (load.cluster.clusterPolicies ?? []).length === 0;
  return (conn, config) => {
    const key = JSON.stringify(config);
    if (regionFree && conn.index.regionClasses.length > 0) {
      const found = overRegions.get(key);
      if (found) {
        adoptRecord(conn, found.record);
        return found.list;
      }
      const list = commitFindings({ conn, diagnostics: load.diagnostics, config, unmodelled: load.unmodelled, hostNetwork: load.hostNetwork });
      overRegions.set(key, { list, record: recordOf(conn) });
      return list;
    }
    let byConfig = kept.get(conn);
    if (!byConfig) kept.set(conn, (byConfig = new Map()));
    let found = byConfig.get(key);
    if (!found) byConfig.set(key, (found = commitFindings({ conn, diagnostics: load.diagnostics, config, unmodelled: load.unmodelled, hostNetwork: load.hostNetwork })));
    return found;
  };
}
