/**
 * The manifest files of one target on one side: its roots resolved (globs expanded; a folder with a
 * kustomization is that kustomization; a chart is rendered when a Helm renderer is at hand, else
 * noted), non-manifests left out, and each file given the namespace its namespace-less objects go to,
 * with Flux `${VAR}` substitution applied to the output of its build (`place`).
 */
import type { ManifestFile } from '../manifests/load.js';
import { findKustomizations, kustomizationClosure } from './kustomizations.js';
import { fluxGenerated } from './flux-generated.js';
import type { Kustomization } from './kustomizations.js';
import { namespaceFromPath } from './namespace-from-path.js';
import { fileSkipReason, findCharts } from './non-manifest.js';
import { editsMoreThanNamespace, generatedKustomization, generatedResources, listedTwice, namespaceTransformMatters, withEditDocument } from './flux-edit.js';
import type { FluxEdit } from '../kustomize/flux-edit.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { normalizeFolder, RepoFiles } from './repo-files.js';
import { rootPaths } from './root-paths.js';
import { configSyncPlacement } from './config-sync.js';
import { substitute } from './substitute.js';
import { argoOverridesEdit } from './argocd-overrides.js';
import { directoryReads } from './argo-directory-filter.js';
import type { ArtifactRules } from './flux-source-ignore.js';
import { artifactFiles, leftOutWords } from './flux-source-ignore.js';
import type { HelmSpec, Notice, TargetSpec } from './types.js';
import type { SourceRef } from '../engine/model.js';
import { dirOf, inFolder, joinPath } from '../util/repo-paths.js';
import { absentNote } from './absent-paths.js';

/** Commands that turn sources into a manifest stream; absent where commands never run (the App). */
export interface Renderers {
  /**
   * `helm template` for a chart; `undefined` when Helm is not available (the chart is then noted as not rendered);
   * `{failed}` when it ran and failed (`failed`: the command, its exit code and the gist of its standard error).
   */
  readonly helm?: (spec: HelmSpec, files: RepoFiles) => Promise<ManifestFile | { readonly failed: string } | undefined>;
  /** A shell command whose standard output is a manifest stream. */
  readonly command?: (command: string, target: string, files: RepoFiles) => Promise<ManifestFile>;
}

export interface TargetFilesOptions {
  readonly renderers?: Renderers;
  /**
   * Charts not to render, by `helmKey(target, chart)`: their render failed on the other side, so neither side
   * has their objects (a one-sided render would read as paths opened or closed).
   */
  readonly skipHelm?: ReadonlySet<string>;
  /** `--namespace`: the default namespace of targets that name none. */
  readonly namespace?: string;
}

export interface TargetFiles {
  readonly files: ManifestFile[];
  readonly notices: Notice[];
  /** Charts met and not rendered, and encrypted files skipped (reported once for all targets). */
  readonly unrenderedCharts: string[];
  /** Charts a `targets[].helm` entry rendered (unrendered-helm.ts: their changes are analysed). */
  readonly renderedCharts?: readonly string[];
  /**
   * Charts a `targets[].helm` entry of this target names that its Helm renderer could not render (the CLI's:
   * `helm` is not on the PATH), with the target's name: the notes say so rather than advise the entry.
   */
  readonly helmUnavailable?: readonly { readonly chart: string; readonly target: string; readonly configured: boolean }[];
  /** Charts whose `helm template` failed for this target: no objects of theirs here (said, never the run's end). */
  readonly helmFailed?: readonly HelmFailed[];
  /** A render command ran whose stream names no source file (no `# Source:`): what it rendered is not known. */
  readonly opaqueRender?: boolean;
  readonly encrypted: string[];
  /**
   * Files whose namespace-less objects have nothing but `default` to go to (no target, path or CLI
   * namespace, no override): whether any such object exists is asked after loading
   * (`namespaceLessObjects`), when the loader has counted them without a parse of its own.
   */
  readonly defaulted: readonly ManifestFile[];
  /**
   * Each file a build of this target reads as resources (a kustomization's closure, or the kustomization Flux
   * generates for a folder), with the build it is in (its kustomization file, or the folder): one build's
   * output is applied as one (`kubectl apply -k`, a controller's sync), its namespace-less objects to one
   * namespace, so its folders are never "applied apart" (placement-assumption.ts). Absent: no build.
   */
  readonly builtTogether?: ReadonlyMap<string, string>;
  /**
   * Flux `${VAR}`s without a value, per target (none: absent). Not yet a notice: which of those in built files
   * Flux expands is known once the build ran (`unsetVariablesNotice` with the loader's `unsetVariables`).
   */
  readonly unset?: readonly UnsetVariables[];
}

/** A chart whose `helm template` failed: the target that asked for it (`why`, `ref`: its controller object or configuration entry) and the failure. */
export interface HelmFailed {
  readonly chart: string;
  readonly target: string;
  /** Why the target exists (`Application shop-prod (argocd/shop-prod.yaml:1)`, `targets entry "web" of the configuration`). */
  readonly why: string;
  readonly ref?: SourceRef;
  /** `helm template charts/shop failed (exit 1): Error: open charts/shop/values-prd.yaml: no such file or directory`. */
  readonly message: string;
}

/** A target's chart as one key (TargetFilesOptions `skipHelm`). */
export const helmKey = (target: string, chart: string): string => `${target}\u0000${chart}`;

/** Side-wide facts every target of that side needs, computed once. */
export interface SideIndex {
  readonly files: RepoFiles;
  readonly charts: readonly string[];
  readonly kustomizations: ReadonlyMap<string, Kustomization>;
}

export function sideIndex(files: RepoFiles): SideIndex {
  return { files, charts: findCharts(files), kustomizations: findKustomizations(files) };
}

/**
 * The side as a Flux target's source artifact holds it (flux-source-ignore.ts): the files source-controller leaves
 * out are in none of its builds. The very side when none is left out; else one index per side and `spec.ignore`,
 * its kustomizations those of the side whose file is kept.
 */
function artifactSide(side: SideIndex, rules: ArtifactRules): SideIndex {
  const files = artifactFiles(side.files, rules);
  if (files === side.files) return side;
  let byIgnore = artifactSides.get(side);
  if (!byIgnore) artifactSides.set(side, (byIgnore = new Map()));
  const key = `${rules.root ?? ''}\u0001${rules.ignore ?? '\u0000'}`;
  let found = byIgnore.get(key);
  if (!found) {
    const kustomizations = new Map([...side.kustomizations].filter(([, k]) => files.byPath.has(k.file)));
    // A folder whose first kustomization file is left out may hold another kustomization file.
    for (const [folder, k] of findKustomizations(new RepoFiles([...side.kustomizations.values()].flatMap((k) => (files.byPath.has(k.file) ? [] : files.under(k.folder, false)))))) if (!kustomizations.has(folder)) kustomizations.set(folder, k);
    byIgnore.set(key, (found = { files, charts: findCharts(files), kustomizations }));
  }
  return found;
}

const artifactSides = new WeakMap<SideIndex, Map<string, SideIndex>>();

export async function targetFiles(spec: TargetSpec, whole: SideIndex, options: TargetFilesOptions = {}): Promise<TargetFiles> {
  // A Flux Kustomization builds from its source's artifact, without the files its ignore rules leave out.
  const side = spec.fluxArtifact ? artifactSide(whole, spec.fluxArtifact) : whole;
  const { files } = side;
  const notices: Notice[] = [];
  const picked = new Map<string, Picked>();
  const unrenderedCharts: string[] = [];
  const renderedCharts: string[] = [];
  const helmUnavailable: { chart: string; target: string; configured: boolean }[] = [];
  const helmFailed: HelmFailed[] = [];
  let opaqueRender = false;
  const encrypted: string[] = [];
  const rendered: ManifestFile[] = [];
  const builtTogether = new Map<string, string>();
  // The first build that reads a file keeps it (a base beside its overlay is read through the overlay first).
  const builtIn = (paths: Iterable<string>, build: string) => {
    for (const p of paths) if (!builtTogether.has(p)) builtTogether.set(p, build);
  };
  // Flux's kustomize-controller builds with Kustomize's load restrictor off, confined to the source's root
  // (the repository): its kustomizations may name files outside their folders (`../../base/x/ks.yaml`).
  // So does a layout target that a Flux Kustomization builds (`loadRestrictor`, flux-builds.ts).
  const unrestricted = spec.origin === 'flux' || spec.loadRestrictor === 'LoadRestrictionsNone';
  // A build missing a file the artifact leaves out says the rule that does (flux-source-ignore.ts).
  const leftOut = spec.fluxArtifact && side !== whole ? { artifactLeftOut: leftOutWords(whole.files, spec.fluxArtifact) } : {};
  /** `raw`: a kustomization's own files, which the renderer reads whatever they are. */
  const take = (given: ManifestFile, raw = false, override?: string, namespaced = false) => {
    const f: ManifestFile = unrestricted && isKustomizationPath(given.path) ? { ...given, loadRestrictor: 'LoadRestrictionsNone', ...leftOut } : given;
    const why = fileSkipReason(f, side.charts);
    // An encrypted file a kustomization lists stays in its build (Flux decrypts SOPS there); its objects are secrets, never analysed.
    // Once: several kustomizations of one build may list the same file.
    if (why === 'encrypted' && !encrypted.includes(f.path)) encrypted.push(f.path);
    // No spread of a conditional object: a plain folder takes every file of the side here.
    if ((why === undefined || (raw && why !== 'chart')) && !picked.has(f.path)) picked.set(f.path, raw ? { file: f, override, namespaced, built: true } : { file: f, override, namespaced });
  };
  const chartOf = (folder: string) => side.charts.find((c) => c === folder);
  const renderChart = async (helm: HelmSpec) => {
    // Failed on the other side: left out here too (analyze-targets.ts says so).
    if (options.skipHelm?.has(helmKey(spec.name, helm.chart))) return;
    const out = await options.renderers?.helm?.(helm, files);
    // A render that fails is this chart's, not the run's: said with the target that asked for it and its line (new-user trial 37; it stopped the run).
    if (out && 'failed' in out) return void helmFailed.push({ chart: helm.chart, target: spec.name, why: spec.why, ...(spec.ref ? { ref: spec.ref } : {}), message: out.failed });
    if (out) rendered.push(out), renderedCharts.push(helm.chart);
    else unrenderedCharts.push(helm.chart);
    // A renderer at hand that rendered nothing: the configured render could not run (the App has no renderer).
    if (!out && options.renderers?.helm) helmUnavailable.push({ chart: helm.chart, target: spec.name, configured: spec.origin === 'config' });
  };
  const recursing = (folder: string) => spec.directoryFilters?.[folder]?.recurse ?? spec.recurse ?? true;
  const takeFolder = async (folder: string) => {
    const k = side.kustomizations.get(folder);
    // Flux writes its Kustomization's fields into the kustomization of `spec.path` (its one root).
    if (k) return takeKustomization(k, spec.origin === 'flux' ? spec.fluxEdit : undefined);
    const chart = chartOf(folder);
    if (chart !== undefined) {
      if (!spec.helm.some((h) => h.chart === chart)) unrenderedCharts.push(chart);
      return;
    }
    if (spec.origin === 'flux') {
      // Flux writes a kustomization listing the folder's YAML files and the kustomizations below it (flux-generated.ts).
      const generated = fluxGenerated(folder, files, side.kustomizations);
      // With fields to write into it (flux-edit.ts), that kustomization is built as Flux builds it, edit and all.
      const build = `${folder}/`;
      builtIn(generated.files.map((f) => f.path), build);
      // A targetNamespace alone is the loader's placement, unless it renames a Namespace object or two objects land as one (a kustomization below's too);
      // without an edit, the files are read as they are unless the listing holds one object twice, which fails Flux's build.
      const edit = spec.fluxEdit
        ? (editsMoreThanNamespace(spec.fluxEdit) || namespaceTransformMatters(generated, side.kustomizations, files) ? spec.fluxEdit : undefined)
        : spec.fluxListing && listedTwice(generated, side.kustomizations, files) ? spec.fluxListing : undefined;
      if (edit) {
        const listed = generatedResources(generated, side.charts);
        take(generatedKustomization(folder, listed.resources, edit), true, spec.kustomize?.namespace, spec.kustomize?.namespace !== undefined);
        for (const f of listed.files) take(f, true);
        takeEditInputs(folder, edit);
      } else {
        // Flux writes `targetNamespace` into that kustomization as `namespace:`, which replaces the namespace every object writes.
        for (const f of generated.files) take(f, false, spec.kustomize?.namespace, spec.kustomize?.namespace !== undefined);
      }
      // One another listed one includes (a base beside its overlay) is taken through that one first: its files are placed as that build places them.
      const included = new Set(generated.kustomizations.flatMap((k) => k.includes));
      for (const k of [...generated.kustomizations].sort((x, y) => Number(included.has(x.folder)) - Number(included.has(y.folder)))) takeKustomization(k, undefined, build);
    } else {
      // Argo CD's `directory` settings of the source reading this folder: its own `recurse`, and `include`/`exclude`
      // leaving files unread (argo-directory-filter.ts).
      const filter = spec.directoryFilters?.[folder];
      for (const f of files.under(folder, recursing(folder))) if (directoryReads(filter, folder, f.path)) take(f);
    }
    // Charts inside a plain folder are never read file by file.
    for (const c of side.charts) if (inFolder(c, folder) && recursing(folder) && !spec.helm.some((h) => h.chart === c)) unrenderedCharts.push(c);
  };
  /** Every file the kustomization reads, as written: the loader renders it (src/kustomize). */
  const takeKustomization = (k: Kustomization, edit?: FluxEdit, build = k.file) => {
    const closure = kustomizationClosure(k, side.kustomizations, files);
    // Its resources, and what else it reads (patches, the kustomization files: a patched rule points there).
    builtIn([k.file, ...closure.resources, ...closure.consumed], build);
    const root = files.byPath.get(k.file)!;
    // A kustomization that sets `namespace:` places every object it reads itself (the root, or a base it includes).
    const namespaced = k.namespace !== undefined || spec.kustomize?.namespace !== undefined;
    // Argo CD's overrides, like a Flux edit, are a document appended to the file (argocd-overrides.ts): its lines stay as written.
    const controllerEdit = edit ?? argoOverridesEdit(spec, files, { file: root.path, line: 1 });
    take(controllerEdit ? withEditDocument(root, controllerEdit) : root, true, spec.kustomize?.namespace, namespaced);
    // A file the build reads without listing it as a resource (a patch, a generator input, a replacement source) places no object.
    const resources = new Set(closure.resources);
    for (const path of closure.consumed) if (files.byPath.has(path)) take(files.byPath.get(path)!, true, undefined, namespaced || closure.namespaced.has(path) || !resources.has(path));
    if (controllerEdit) takeEditInputs(k.folder, controllerEdit);
  };
  /**
   * The component folders a Flux edit or Argo CD's overrides add (relative to the path's folder), with every file
   * they read, and the files of their patches by `path` (Argo CD's; Flux writes its patches inline).
   */
  const takeEditInputs = (folder: string, edit: FluxEdit) => {
    for (const p of edit.patches) {
      const path = p.path === undefined ? undefined : joinPath(folder, p.path);
      if (path !== undefined && files.byPath.has(path)) take(files.byPath.get(path)!, true);
    }
    for (const c of edit.components) {
      const path = joinPath(folder, c.value);
      const k = path === undefined ? undefined : side.kustomizations.get(path);
      if (!k) continue;
      take(files.byPath.get(k.file)!, true);
      for (const p of kustomizationClosure(k, side.kustomizations, files).consumed) if (files.byPath.has(p)) take(files.byPath.get(p)!, true);
    }
  };
  for (const root of spec.roots) {
    const paths = rootPaths(root, files);
    // A Flux path kept by a `.gitkeep` alone: Flux's generated kustomization there is what its edit adds (components).
    const kept = spec.origin === 'flux' && paths.length === 0 ? normalizeFolder(root) : undefined;
    if (kept !== undefined && files.isTreeFolder(kept)) {
      await takeFolder(kept);
      continue;
    }
    if (paths.length === 0) {
      notices.push(absentNote({ path: root, what: `${spec.name}: root ${root}`, kind: 'root' }, spec.ref));
      continue;
    }
    for (const p of paths) {
      if (files.byPath.has(p)) {
        if (isKustomizationPath(p)) await takeFolder(dirOf(p));
        else take(files.byPath.get(p)!);
      } else if (files.isFolder(p)) await takeFolder(p);
    }
  }
  for (const h of spec.helm) await renderChart(h);
  if (spec.render) {
    const run = options.renderers?.command;
    if (run) {
      const stream = await run(spec.render, spec.name, files);
      rendered.push(stream);
      // A stream with no object (a script that printed nothing, or an error on stdout, and exited 0) would read as a render of nothing.
      if (!mayHoldObjects(stream.text)) notices.push({ code: 'RENDER_EMPTY', message: `${spec.name}: the render command (${spec.render}) wrote no Kubernetes object (no document with apiVersion and kind), so it adds nothing to the analysis`, ...(spec.ref ? { ref: spec.ref } : {}) });
      opaqueRender = !stream.sourceLines?.some((r) => r.file !== stream.path);
    }
    else notices.push({ code: 'RENDERED', message: `${spec.name}: render command not run here (the App never runs commands; use the CLI or the Action)`, ref: spec.ref });
  }
  const placed = place(spec, [...picked.values()], rendered, options.namespace);
  const synced = configSyncPlacement(placed.files, spec.name, spec.configSyncCluster);
  notices.push(...synced.notices);
  // What Config Sync places in a namespace (or in namespaces the repository does not declare) is not defaulted:
  // a file counts by its copy that stays where it is, which holds none of the objects Config Sync placed.
  const inPlace = new Map<string, ManifestFile>();
  for (const f of synced.files) if (f.overrideNamespace === undefined && f.undeclaredNamespaces === undefined) inPlace.set(f.path, f);
  const defaulted: ManifestFile[] = [];
  for (const f of placed.defaulted) {
    const kept = inPlace.get(f.path);
    if (kept !== undefined) defaulted.push(kept);
  }
  return { files: synced.files, notices, unrenderedCharts, renderedCharts, ...(helmUnavailable.length ? { helmUnavailable } : {}), ...(helmFailed.length ? { helmFailed } : {}), opaqueRender, encrypted, defaulted, ...(builtTogether.size ? { builtTogether } : {}), ...(placed.unset ? { unset: [placed.unset] } : {}) };
}

/** Whether a stream may hold an object (an `apiVersion` and a `kind` line, YAML or JSON), without a parse. */
function mayHoldObjects(text: string): boolean {
  return /^\s*"?apiVersion"?\s*:/m.test(text) && /^\s*"?kind"?\s*:/m.test(text);
}

interface Picked {
  readonly file: ManifestFile;
  readonly override?: string;
  /** Its objects are placed by its kustomization's `namespace:` (not counted as defaulted). */
  readonly namespaced?: boolean;
  /** Read by a Kustomize build (a kustomization or a file it reads): substituted after the build, not as text. */
  readonly built?: boolean;
}

/** `place`'s values of a file that has none. */
const NO_VALUES: Pick<ManifestFile, 'substitute' | 'written' | 'emptied' | 'substituteUnread'> = Object.freeze({});

/**
 * Each file with its default (or overriding) namespace, and Flux's `${VAR}` substituted: in its text, which
 * readers of the target's files see (object names as the cluster gets them). The loader builds a file a
 * Kustomize build reads as written (`written`), and Flux's substitution runs on the build's output: the
 * kustomization file carries the values (`substitute`, post-build-substitution.ts). A plain file's objects
 * are their own output: the loader reads its substituted text. Variables without a value are listed (`unset`)
 * from the texts; which of a build's Flux expands is the loader's to say.
 */
function place(spec: TargetSpec, picked: Picked[], rendered: ManifestFile[], cliNamespace: string | undefined): { files: ManifestFile[]; defaulted: ManifestFile[]; unset?: UnsetVariables } {
  const fromPath = spec.namespaceFromPath ? namespaceFromPath(spec.namespaceFromPath) : () => undefined;
  const missing = { plain: new Set<string>(), built: new Set<string>() };
  const defaulted: ManifestFile[] = [];
  const files = [...picked, ...rendered.map((file): Picked => ({ file }))].map(({ file, override, namespaced, built }) => {
    const byPath = fromPath(file.path);
    const defaultNamespace = byPath ?? file.defaultNamespace ?? spec.namespace ?? cliNamespace;
    let text = file.text;
    let values: Pick<ManifestFile, 'substitute' | 'written' | 'emptied' | 'substituteUnread'> = NO_VALUES;
    if (spec.substitute) {
      const s = substitute(text, spec.substitute);
      text = s.text;
      // A file a build reads is built as written, substituted after the build by its kustomization's values.
      // Variables an unread values object may hold: the addresses they empty are unknown (manifests/emptied-values.ts).
      const unread = spec.substituteUnread?.length ? { substituteUnread: spec.substituteUnread } : {};
      if (built) values = { ...(isKustomizationPath(file.path) ? { substitute: spec.substitute, ...unread } : {}), ...(text !== file.text ? { written: file.text } : {}) };
      // A plain file's objects are read from this text: its emptied lines go with it.
      else if (s.emptied && spec.substituteUnread?.length) values = { emptied: s.emptied };
      s.missing.forEach((m) => (built ? missing.built : missing.plain).add(m));
    }
    // The usual file (no values, no override) made without spreading empty objects: one per file of each target.
    // Object.assign, not a spread: a spread that adds a property gives each copy ~200 bytes more to keep on Node 20 (docs/performance.md, session 60).
    const placed = values === NO_VALUES && !override ? Object.assign({}, file, { text, defaultNamespace: defaultNamespace ?? 'default' }) : { ...file, text, ...values, defaultNamespace: defaultNamespace ?? 'default', ...(override ? { overrideNamespace: override } : {}) };
    if (defaultNamespace === undefined && !override && !namespaced) defaulted.push(placed);
    return placed;
  });
  const unset = missing.plain.size || missing.built.size ? { spec, plain: [...missing.plain].sort(), built: [...missing.built].sort() } : undefined;
  return { files, defaulted, ...(unset ? { unset } : {}) };
}

/**
 * `${VAR}`s without a value in a Flux target's files: in plain files (their objects are their own text, so
 * these are the variables Flux empties), and in the files a Kustomize build reads (`built`: what the text
 * holds, more than Flux expands — the build copies only some of it into objects, and one it marks
 * `substitute: disabled` is left alone; the loader's `unsetVariables` tells the rest after the build).
 */
export interface UnsetVariables {
  readonly spec: Pick<TargetSpec, 'name' | 'ref' | 'roots' | 'substituteUnread'>;
  readonly plain: readonly string[];
  readonly built: readonly string[];
}

/** The `SUBSTITUTION` notice on `names` (sorted, none repeated) without a value in `u`'s target, or undefined for none. */
export function unsetVariablesNotice(u: UnsetVariables, names: readonly string[]): Notice | undefined {
  return names.length ? { code: 'SUBSTITUTION', message: missingValuesMessage(u.spec, names), ref: u.spec.ref } : undefined;
}

/**
 * The note on `${VAR}`s without a value. Flux replaces a variable no value source holds by the empty string;
 * where `substituteFrom` names objects whose values are not read here (encrypted, in the cluster only), the
 * variable may well be theirs: the analysis reads it as empty all the same, and says so.
 */
function missingValuesMessage(spec: Pick<TargetSpec, 'name' | 'substituteUnread'>, missing: readonly string[]): string {
  const vars = `\${${missing.join('}, ${')}}`;
  const has = missing.length === 1 ? 'has' : 'have';
  const unread = spec.substituteUnread ?? [];
  // Named as other notes name a Flux Kustomization, so alike ones are told once (alike-flux-notices.ts).
  if (unread.length === 0) return `Flux Kustomization ${spec.name}: ${vars} ${has} no value in postBuild.substitute; replaced by the empty string, as Flux does`;
  return `Flux Kustomization ${spec.name}: ${vars} ${has} no value in postBuild.substitute or the substituteFrom objects read here, and may come from ${unread.join(', ')}, whose values are not read here; analysed as the empty string, but an address it leaves empty as unknown (its peer matches nothing)`;
}
