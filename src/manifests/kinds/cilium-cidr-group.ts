/**
 * CiliumCIDRGroup (`cilium.io/v2alpha1`, and `cilium.io/v2` in later releases): a cluster-scoped, named list
 * of external CIDRs (`spec.externalCIDRs`) that a Cilium policy's CIDR rule names instead of writing the
 * addresses: `fromCIDRSet` / `toCIDRSet` entries `cidrGroupRef: NAME` (the group of that name) or
 * `cidrGroupSelector: {matchLabels …}` (every group whose labels match). Semantics from Cilium's
 * documentation ("CiliumCIDRGroup", docs.cilium.io network/kubernetes/ciliumcidrgroup) and its policy API
 * (`pkg/policy/api` cidr.go `CIDRRule`: `ExceptCIDRs` "using ExceptCIDRs together with CIDRGroupRef is not
 * supported").
 *
 * The groups are known only once every document of a build is read, so a policy that names one is read
 * first (cilium-policy.ts, its rules as cilium-rules.ts reads them) and made into model parts in
 * `mergeDocuments` (load.ts) with the groups of its build: `CidrGroups.resolve`. A group no document of the
 * build holds matches nothing, as Cilium's agent reads a reference to a group it does not have, and a
 * warning at the reference says the peer is not analysed.
 */
import { AddressSet } from '../../engine/address-set.js';
import { parseCidr } from '../../engine/cidr.js';
import type { LabelSelector, Labels, SourceRef } from '../../engine/model.js';
import { matches } from '../../engine/selectors.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { readLabelMap } from './labels.js';
import { quote } from '../quote.js';

export const CIDR_GROUP_KIND = 'CiliumCIDRGroup';
export const CIDR_GROUP_API_VERSIONS: ReadonlySet<string> = new Set(['cilium.io/v2alpha1', 'cilium.io/v2']);

/** One CiliumCIDRGroup as read: its addresses (the union of `externalCIDRs`) and its labels, for selectors. */
export interface CidrGroup {
  /** Its object key, `CiliumCIDRGroup//name`: later copies shadow earlier ones by it. */
  readonly key: string;
  readonly name: string;
  readonly labels: Labels;
  readonly block: AddressSet;
  /** `externalCIDRs` as written, for messages and the peer's `cidr` text. */
  readonly cidrs: readonly string[];
  readonly ref: SourceRef;
}

/** How a rule names groups: by name or by a selector over the groups' labels. */
export type CidrGroupUse = { readonly name: string } | { readonly selector: LabelSelector };

/** What a use resolves to among the groups of a build; undefined when no group answers it. */
export interface ResolvedGroups {
  readonly block: AddressSet;
  readonly cidrs: readonly string[];
  readonly names: readonly string[];
}

/** The CiliumCIDRGroups of one build, by name. */
export class CidrGroups {
  static readonly NONE = new CidrGroups([]);
  private readonly byName = new Map<string, CidrGroup>();

  /** `rejected`: names of groups the build holds only as copies the API server would reject (their references are said so). */
  constructor(
    groups: Iterable<CidrGroup>,
    readonly rejected: ReadonlySet<string> = new Set(),
  ) {
    // The first copy of a name wins, as mergeDocuments keeps the first of every object (last copies come first there).
    for (const g of groups) if (!this.byName.has(g.name)) this.byName.set(g.name, g);
  }

  get size(): number {
    return this.byName.size;
  }

  resolve(use: CidrGroupUse): ResolvedGroups | undefined {
    const found = 'name' in use ? [this.byName.get(use.name)].filter((g): g is CidrGroup => g !== undefined) : [...this.byName.values()].filter((g) => matches(use.selector, g.labels));
    if (found.length === 0) return undefined;
    return { block: found.reduce((a, g) => a.union(g.block), AddressSet.NONE), cidrs: found.flatMap((g) => g.cidrs), names: found.map((g) => g.name) };
  }

  /** A text that changes whenever what `uses` resolve to changes: memoised parts are reused while it stays. */
  signature(uses: readonly CidrGroupUse[]): string {
    return uses.map((u) => this.resolve(u)?.block.toRanges().join(',') ?? '-').join(';');
  }
}

/** A CiliumCIDRGroup object; undefined when invalid (an error at the field: the API server's schema rejects it). */
export function readCidrGroup(ctx: DocContext, obj: Json, name: string): CidrGroup | undefined {
  const ref = ctx.ref(obj);
  const owner = `${CIDR_GROUP_KIND} ${name}`;
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const labels = readLabelMap(ctx, meta.labels, `${owner}: metadata.labels`, ctx.ref(meta, ref), { quiet: true }).labels;
  const spec = obj.spec;
  if (!isObject(spec)) {
    ctx.report('error', 'MISSING_FIELD', `${owner}: spec.externalCIDRs is required; the API server rejects the object`, ref);
    return undefined;
  }
  const list = asArray(spec.externalCIDRs);
  const listRef = ctx.ref(spec.externalCIDRs, ctx.keyRef(spec, 'externalCIDRs', ref));
  if (!list) {
    ctx.report('error', spec.externalCIDRs === undefined || spec.externalCIDRs === null ? 'MISSING_FIELD' : 'INVALID_FIELD', `${owner}: spec.externalCIDRs must be a list of CIDRs; the API server rejects the object`, listRef);
    return undefined;
  }
  let block = AddressSet.NONE;
  const cidrs: string[] = [];
  for (const [i, c] of list.entries()) {
    const parsed = parseCidr(String(c));
    if (typeof c !== 'string' || !parsed.ok) {
      ctx.report('error', 'INVALID_CIDR', `${owner}: spec.externalCIDRs[${i}]: ${quote(c)} ${parsed.ok ? 'must be a string' : parsed.reason}; the API server rejects the object`, ctx.itemRef(list, i, listRef));
      return undefined;
    }
    block = block.union(parsed.set);
    cidrs.push(c);
  }
  return { key: `${CIDR_GROUP_KIND}//${name}`, name, labels, block, cidrs, ref };
}

/** The warning's words for a use no group of the build answers. */
export function unresolvedGroupText(use: CidrGroupUse, groups: CidrGroups): string {
  if ('name' in use && groups.rejected.has(use.name)) return `CiliumCIDRGroup ${quote(use.name)} would be rejected by the API server (its error says why), so the cluster keeps the version it has, which this analysis does not read`;
  return 'name' in use
    ? `CiliumCIDRGroup ${quote(use.name)} is not among the manifests of this build (a group the cluster has from elsewhere, or none)`
    : `no CiliumCIDRGroup among the manifests of this build matches its cidrGroupSelector`;
}
