/**
 * `reachdiff targets [--repo DIR] [REV]`: which targets reachdiff finds and why — for the working
 * folder of --repo, or for a git revision — with each target's roots, namespace, cluster and the
 * number of manifest files it reads, and the notices (charts not rendered, other repositories).
 * A configured target whose roots match nothing is listed with its `MISSING_ROOT` note, and is the
 * configuration error `diff` stops on (configured-roots.ts): said on stderr, exit 2.
 */
import { RepoFiles } from '../targets/repo-files.js';
import { discoverTargets } from '../targets/discover.js';
import type { Notice, TargetSpec } from '../targets/types.js';
import type { DirectoryFilter } from '../targets/argo-directory-filter.js';
import type { SideIndex } from '../targets/target-files.js';
import { sideIndex, targetFiles, unsetVariablesNotice } from '../targets/target-files.js';
import { groupedAlikeFluxNotices } from '../targets/alike-flux-notices.js';
import { chartFile } from '../targets/non-manifest.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { normalizeFolder } from '../targets/repo-files.js';
import type { Format, Output } from './list-command.js';
import type { Side, SideSetup } from './sources.js';
import { readSide, sideSetup, sidesOptions } from './sources.js';
import { onPath, renderTargets } from './render-commands.js';
import { helmTemplateArgs } from '../targets/helm-template-args.js';
import { chartNotRenderedWhy } from '../targets/helm-docs.js';
import { joinRendered } from '../targets/rendered-join.js';
import { checkConfiguredRoots } from './configured-roots.js';
import { UsageError, usageErrorText } from './errors.js';
import { namedItems } from '../util/and-list.js';
import { noticePlace } from '../report/notice-place.js';
import { dirOf } from '../util/repo-paths.js';
import { EACH_CLUSTER, isSelectedClusters } from '../targets/unknown-clusters.js';

export interface TargetsArgs {
  readonly repo: string;
  /** A git revision; absent: the folder --repo as it is on disk. */
  readonly rev?: string;
  readonly config?: string;
  /** `--branch NAME`: the branch under review (Flux sources tracking another branch are not analysed); absent: the base revision's branch, if it is one. */
  readonly branch?: string;
  readonly namespace?: string;
  /** `--render 'CMD'`: shown with the cluster model it joins (the command is not run here). */
  readonly render?: string;
  readonly format: Format;
}

interface Found {
  readonly spec: TargetSpec;
  readonly files: number;
  /** Where the target's objects go when its kustomizations (or the controller's override) decide it. */
  readonly namespace?: string;
}

/** The namespace every root's kustomization (or the controller's Kustomize override) sets, when they all set one. */
function placedNamespace(spec: TargetSpec, index: SideIndex): string | undefined {
  if (spec.kustomize?.namespace) return spec.kustomize.namespace;
  const set = spec.roots.map((r) => {
    const folder = normalizeFolder(r) ?? r;
    return index.kustomizations.get(isKustomizationPath(folder) ? dirOf(folder) : folder)?.namespace;
  });
  const names = [...new Set(set)];
  return spec.roots.length > 0 && names.every((n) => n !== undefined) ? names.join(', ') : undefined;
}

export async function runTargets(args: TargetsArgs): Promise<Output> {
  const setup = await sideSetup(args.repo, args.config, [], [args.rev ?? args.repo], args.branch);
  const side = await readSide(args.rev ?? args.repo, args.repo, setup.accept);
  const { discover, treeFolders } = sidesOptions(setup.discover, { head: side });
  const index = sideIndex(new RepoFiles(side.files, treeFolders.head));
  const discovered = discoverTargets(index, discover);
  const joined = joinRendered(renderTargets(args.render), discovered.targets);
  const selection = { ...discovered, how: discovered.how + joined.how };
  const notices: Notice[] = [...selection.notices];
  const found: Found[] = [];
  const helmOnPath = await onPath('helm');
  for (const spec of discovered.targets) {
    const t = await targetFiles(spec, index, { namespace: args.namespace });
    found.push({ spec, files: t.files.length, namespace: placedNamespace(spec, index) });
    // Without a build, every `${VAR}` the files hold without a value is named (a diff names only those Flux expands).
    for (const u of t.unset ?? []) {
      const n = unsetVariablesNotice(u, [...new Set([...u.plain, ...u.built])].sort());
      if (n) notices.push(n);
    }
    // A chart the target renders with `helm template` (the other commands run it; `targets` runs nothing) is not "not rendered".
    const helmCharts = new Set(spec.helm.map((h) => h.chart));
    const chartNote = (c: string) => (helmCharts.has(c) ? `${spec.name}: Helm chart ${c} is rendered with \`helm template\` by diff, list, lint and explain (targets runs no command)${helmOnPath ? '' : ', but `helm` is not on the PATH'}` : `${spec.name}: Helm chart ${c} not rendered: ${chartNotRenderedWhy(c)}`);
    notices.push(...t.notices, ...t.unrenderedCharts.map((c): Notice => ({ code: 'CHART_NOT_RENDERED', message: chartNote(c), ref: { file: chartFile(c), line: 1 } })));
    if (t.encrypted.length) notices.push({ code: 'ENCRYPTED_FILES', message: `${spec.name}: encrypted files not analysed: ${t.encrypted.join(', ')}` });
  }
  // The --render stream after the targets it may join; its files are known only when the command runs (diff, list, lint, explain).
  for (const spec of joined.targets) found.push({ spec, files: 0 });
  // Many Kustomizations missing the same variables: one note naming them (alike-flux-notices.ts).
  const unique = groupedAlikeFluxNotices([...new Map(notices.map((n) => [n.message, n])).values()], new Set(['SUBSTITUTION']));
  const { stderr, exitCode } = configurationError(setup, side);
  if (args.format === 'json') {
    const targets = found.map(({ spec, files, namespace }) => ({ name: spec.name, origin: spec.origin, roots: spec.roots, namespace: namespace ?? spec.namespace, namespaceFromPath: spec.namespaceFromPath, cluster: spec.cluster, ...(spec.standIn ? { standIn: true } : {}), helm: spec.helm, ...directoryJson(spec), files, why: spec.why, ...(spec.render ? { render: spec.render } : {}), ...(spec.joins ? { joins: spec.joins } : {}) }));
    return { stdout: JSON.stringify({ schemaVersion: 1, origin: selection.origin, how: selection.how, targets, notices: unique }, null, 2) + '\n', stderr, exitCode };
  }
  const lines = [selection.how, ''];
  for (const { spec, files, namespace } of found) {
    // A stand-in cluster (unknown-clusters.ts) is already a phrase: `every cluster with env=prod`, not `cluster every cluster …`.
    const facts = [spec.cluster && (isSelectedClusters(spec.cluster) ? spec.cluster : `cluster ${spec.cluster}`), `namespace ${namespace ?? spec.namespace ?? args.namespace ?? (spec.namespaceFromPath ? `from path ${spec.namespaceFromPath}` : 'default')}`].filter(Boolean);
    lines.push(`${spec.name}  [${facts.join(', ')}]`);
    // A stand-in's name is no Application's (unknown-clusters.ts): Argo CD names one per cluster.
    if (spec.standIn) lines.push(`  stand-in: Argo CD makes one Application per cluster (${spec.cluster ?? 'every cluster'}), named with that cluster's name where ${EACH_CLUSTER} stands; this name is none of them`);
    const cut = namedItems(spec.roots, 5);
    const roots = cut.more > 0 ? [...cut.named, `… ${cut.more} more`] : spec.roots;
    if (roots.length) lines.push(`  roots: ${roots.map((r) => r || '.').join(', ')}`);
    // The command as it runs (inline values stand as VALUES-FILE): what Argo CD's repo server runs, to compare.
    for (const h of spec.helm) lines.push(`  helm: helm ${helmTemplateArgs(h, h.values === undefined ? undefined : 'VALUES-FILE', (p) => index.files.byPath.has(p)).join(' ')}`);
    for (const d of directorySettings(spec, spec.roots.length > 1)) lines.push(`  directory: ${d}`);
    if (spec.render) lines.push(`  render: ${spec.render}`);
    if (spec.joins) lines.push(`  joins: the cluster model of ${spec.joins}`);
    lines.push(...(spec.render && spec.roots.length === 0 ? [] : [`  files: ${files}`]), `  why: ${spec.why}`, '');
  }
  if (unique.length) lines.push('Notes:', ...unique.map((n) => `  - ${n.message}${noticePlace(n)}`), '');
  return { stdout: lines.join('\n'), stderr, exitCode };
}

/** Argo CD `directory` settings of a root that read other files than the default (recurse, include, exclude), by root. */
function setDirectories(spec: TargetSpec): [string, DirectoryFilter][] {
  return Object.entries(spec.directoryFilters ?? {}).filter(([, f]) => f.recurse === true || f.include !== undefined || f.exclude !== undefined);
}

/**
 * Each root's Argo CD `directory` settings in words (`recurse, include '*.yaml', exclude 'skip-*.yaml'`), `ROOT: ` first
 * when the target has several roots: what the `files:` count follows. Roots reading as the default (the folder's own
 * files, every one) say nothing.
 */
function directorySettings(spec: TargetSpec, named: boolean): string[] {
  return setDirectories(spec).map(([root, f]) => {
    const parts = [f.recurse ? 'recurse' : 'no recurse', ...(f.include !== undefined ? [`include '${f.include}'`] : []), ...(f.exclude !== undefined ? [`exclude '${f.exclude}'`] : [])];
    return `${named ? `${root || '.'}: ` : ''}${parts.join(', ')}`;
  });
}

/** The JSON `directory` field: the settings of `directorySettings`, by root; absent when no root sets any. */
function directoryJson(spec: TargetSpec): { directory?: Record<string, DirectoryFilter> } {
  const set = setDirectories(spec);
  return set.length ? { directory: Object.fromEntries(set.map(([root, f]) => [root, { recurse: f.recurse === true, ...(f.include !== undefined ? { include: f.include } : {}), ...(f.exclude !== undefined ? { exclude: f.exclude } : {}) }])) } : {};
}

/** `diff`'s check of the configured roots against the one side read: its message and exit 2, or nothing. */
function configurationError(setup: SideSetup, side: Side): { stderr: string; exitCode: number } {
  try {
    checkConfiguredRoots(setup, [side]);
    return { stderr: '', exitCode: 0 };
  } catch (e) {
    if (e instanceof UsageError) return { stderr: usageErrorText(e), exitCode: 2 };
    throw e;
  }
}
