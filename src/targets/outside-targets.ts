/**
 * A pull request can change a policy that no target deploys: a folder no controller object, kustomization
 * or configured root reaches (a bootstrap folder whose sync object is still a placeholder, a tenant
 * folder on another path). Its change is in no cluster model, so it is in no verdict: said in a notice
 * (`OUTSIDE_TARGETS`), never silently left out. So is a changed manifest (a policy or any other object)
 * in a kustomization's folder that its kustomization does not list: the target holds the folder, but
 * its build never reads the file (unread-files.ts).
 */
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { policyKindAlternatives } from '../manifests/policy-kinds.js';
import { UNMODELLED_POLICY_KINDS, unmodelledKind } from '../manifests/unmodelled-kinds.js';
import { modelledKyvernoGenerator } from '../manifests/kinds/kyverno-generate.js';
import { EMBEDDED_POLICY_LINE } from '../manifests/policy-templates.js';
import { inChartFolder, skipReason } from './non-manifest.js';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomize/index.js';
import type { FailingParent } from './failing-parents.js';
import type { FolderMention } from './folder-mentions.js';
import type { Notice, SwitchedOff } from './types.js';
import type { SettingLeftOut } from './left-out-files.js';
import type { UnlistedFolder } from './unlisted-folders.js';
import { firstAndMore } from '../util/and-list.js';
import { kustomizationPolicyParts } from './kustomization-policies.js';
import { dirOf, joinPath } from '../util/repo-paths.js';

/** A kustomization file that is a Component (`kind: Component`, Kustomize's `kustomize.config.k8s.io/v1alpha1`). */
const COMPONENT_KIND = /^kind:\s*["']?Component["']?\s*(#.*)?$/m;

/** A document of a policy kind reachdiff models (NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy). */
export const POLICY_KIND = new RegExp(`^kind:\\s*["']?(${policyKindAlternatives()})["']?\\s*(#.*)?$`, 'm');

/**
 * One notice for the changed files (`changed`) that hold a policy on base or head (`texts`: each side's
 * text of a path, undefined when absent) and that no cluster model read on either side (`deployed`: paths
 * of the files their builds read and of the sources their rendered files came from), and a second one
 * for the changed files that a build holds in a kustomization's folder without reading them (`unread`:
 * path → that folder's kustomization file) and that hold Kubernetes objects. Files of Helm charts
 * (`charts`: their folders, '' for the root) are left to the chart's own notice: a template is no manifest.
 * `moved`: such files the report took as applied because policies moved there (path → the model they
 * left, unbuilt-moves.ts), said in a notice of their own. `failing`: of the remaining policy files, those an
 * Argo CD Application or Flux Kustomization in a failing build would deploy (failing-parents.ts): said with
 * that build's error, not as files no target deploys. `mentions`: of the rest, those whose folder a file
 * names by its path (folder-mentions.ts: an app-of-apps chart's values): said with that line, as deployed by
 * something reachdiff does not read rather than by nothing. `unlistedIn`: of the rest (and of the unbuilt
 * kustomizations), the folder a deployed kustomization above does not list (unlisted-folders.ts): said so,
 * instead of "name its folder under targets:".
 */
export function outsideTargets(
  changed: ReadonlySet<string>,
  texts: readonly ((path: string) => string | undefined)[],
  deployed: ReadonlySet<string>,
  charts: readonly string[],
  unread: ReadonlyMap<string, string> = new Map(),
  moved: ReadonlyMap<string, string> = new Map(),
  failing: (outside: readonly string[]) => ReadonlyMap<string, FailingParent> = () => new Map(),
  mentions: (outside: readonly string[]) => ReadonlyMap<string, FolderMention> = () => new Map(),
  switchedOff: (path: string) => SwitchedOff | undefined = () => undefined,
  bySetting: (path: string) => SettingLeftOut | undefined = () => undefined,
  unlistedIn: (path: string) => UnlistedFolder | undefined = () => undefined,
): Notice[] {
  const candidates = [...changed].filter((p) => !deployed.has(p) && !inChartFolder(p, charts) && !moved.has(p)).sort();
  const unlistedAll = candidates.filter((p) => unread.has(p) && texts.some((text) => holdsObjects(p, text(p))));
  const holding = candidates.filter((p) => !unlistedAll.includes(p) && texts.some((text) => holdsPolicies(p, text(p))));
  // A kustomization no build reads whose patches or resources name policies: they apply nowhere (kustomization-policies.ts).
  const policyFile = (f: string) => texts.some((text) => holdsPolicies(f, text(f)));
  const parts = (p: string) => texts.map((text) => kustomizationPolicyParts(p, text(p), policyFile).join('\n'));
  // Not when a changed policy file of its folder is said already (the same change: not analysed, or taken as applied where policies moved), nor past a failing build (said with it, below).
  const told = (p: string) => [...holding, ...moved.keys()].some((h) => dirOf(h) === dirOf(p) || h.startsWith(`${dirOf(p)}/`));
  const unbuilt0 = candidates.filter((p) => !unlistedAll.includes(p) && !holding.includes(p) && !told(p) && new Set(parts(p)).size > 1);
  const unbuiltParents = unbuilt0.length ? failing(unbuilt0) : new Map<string, FailingParent>();
  const unbuiltAll = unbuilt0.filter((p) => !unbuiltParents.has(p));
  // A Kustomize Component is never built alone: naming its folder as a target is no advice; listing it under `components:` is.
  const component = holding.filter((p) => texts.some((text) => KUSTOMIZATION_FILE_NAMES.some((k) => COMPONENT_KIND.test(text(joinPath(dirOf(p), k) ?? k) ?? ''))));
  const unplaced = holding.filter((p) => !component.includes(p));
  // Deployed by a controller object in a build that fails: that build is the reason, said at its error (failing-parents.ts).
  const parents = failing(unplaced);
  const unparented = unplaced.filter((p) => !parents.has(p));
  const named = unparented.length ? mentions(unparented) : new Map<string, FolderMention>();
  // What head no longer holds (the file deleted, or left without the objects that made it one of these): no target
  // deployed it on base and no target can on head, so no analysed cluster changes with it. Said in a note, not as
  // "Not analysed" (picluster 6f0ae2b4: a policy file no base target deployed, moved into a Component head builds).
  const headText = texts[texts.length - 1] ?? (() => undefined);
  const gone = (holds: (path: string, text: string | undefined) => boolean) => (p: string) => texts.length > 1 && !holds(p, headText(p));
  const notGone = unparented.filter((p) => !named.has(p) && !gone(holdsPolicies)(p));
  // Under the path of a switched-off Flux Kustomization: not deployed, said with it (unlisted-kustomizations.ts).
  const off = new Map(notGone.flatMap((p) => { const k = switchedOff(p); return k ? [[p, k] as const] : []; }));
  // Below a target's root, left out by its controller's own settings (a Flux source's ignore rules, Argo CD's `directory`): said with that setting (left-out-files.ts).
  const settings = new Map(notGone.flatMap((p) => { const s = off.has(p) ? undefined : bySetting(p); return s ? [[p, s] as const] : []; }));
  const outside = notGone.filter((p) => !off.has(p) && !settings.has(p));
  const keptComponent = component.filter((p) => !gone(holdsPolicies)(p));
  const unlisted = unlistedAll.filter((p) => !gone(holdsObjects)(p));
  // Deleted on head, or left naming no policy (a kustomization replaced by a shell command): no build read it on base,
  // none can on head, so no cluster changes with it; "include it in a kustomization" would be advice for a file that is
  // gone (real repositories 34: bootstrap kustomizations of Flux's install, deleted with the bootstrap they served).
  const unbuilt = unbuiltAll.filter((p) => !(texts.length > 1 && kustomizationPolicyParts(p, headText(p), policyFile).length === 0));
  const unbuiltGone = unbuiltAll.filter((p) => !unbuilt.includes(p));
  const removed = [...unparented.filter((p) => !named.has(p) && !notGone.includes(p)), ...component.filter((p) => !keptComponent.includes(p)), ...unlistedAll.filter((p) => !unlisted.includes(p))].sort();
  const notices: Notice[] = [];
  if (removed.length) notices.push(removedUndeployedNotice(removed, headText));
  if (unbuiltGone.length) notices.push(removedUnbuiltNotice(unbuiltGone, headText));
  if (named.size) notices.push(mentionedNotice(named));
  for (const [file, parent] of [...parents, ...unbuiltParents]) {
    const b = parent.build;
    notices.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed: a changed file holding policies, ${file}: ${parent.object} (${parent.file}), whose source path holds it, is in a build that fails, so no target deploys it: ${b.ref.file}:${b.ref.line}: ${b.message}. Fix that build to have the change analysed`,
      ref: b.ref,
    });
  }
  if (moved.size) {
    // Taken as applied for the models their policies left (unbuilt-moves.ts): the verdict gives both readings.
    const paths = [...moved.keys()].sort();
    const models = [...new Set(moved.values())].sort().join(', ');
    const one = paths.length === 1;
    notices.push({ code: 'OUTSIDE_TARGETS', message: `Taken as applied: ${one ? 'a changed file' : `${paths.length} changed files`} that no build reads, holding policies moved there from ${models}: ${listed(paths)}. Whether the change opens paths depends on whether ${one ? 'it is' : 'they are'} applied (the verdict gives both readings); if a cluster should apply ${one ? 'it' : 'them'}, include ${one ? 'it' : 'them'} (a Component under components:) in a kustomization a target builds` });
  }
  if (keptComponent.length) {
    const one = keptComponent.length === 1;
    const these = one ? 'a changed file holding policies in a Kustomize Component that no build includes' : `${keptComponent.length} changed files holding policies in Kustomize Components that no build includes`;
    notices.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${these}: ${listed(keptComponent)}. If a cluster should apply ${one ? 'it' : 'them'}, list the component under components: in a kustomization a target builds`, what: headlineWhat(keptComponent, these) });
  }
  notices.push(...switchedOffNotices(off), ...settingNotices(settings));
  // In a folder that a deployed kustomization above does not list: that is the reason, said by folder (unlisted-folders.ts).
  const [byFolder, outsideRest] = splitUnlisted(outside, unlistedIn);
  const [unbuiltByFolder, unbuiltRest] = splitUnlisted(unbuilt, unlistedIn);
  for (const [folder, files] of byFolder) {
    const one = files.length === 1;
    const these = one ? 'a changed file holding policies that no target deploys' : `${files.length} changed files holding policies that no target deploys`;
    notices.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${these}: ${listed(files)}. ${unlistedWords(folder, files, 'applies')}`, what: headlineWhat(files, these) });
  }
  if (outsideRest.length) {
    const one = outsideRest.length === 1;
    const these = one ? 'a changed file holding policies that no target deploys' : `${outsideRest.length} changed files holding policies that no target deploys`;
    notices.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${these}: ${listed(outsideRest)}. If a cluster applies ${one ? 'it' : 'them'}, name ${one ? 'its folder' : 'their folders'} under targets: in the configuration`, what: headlineWhat(outsideRest, these) });
  }
  const unbuiltThese = (n: number) => (n === 1 ? 'a changed kustomization that no deployed build reads, whose patches or resources name policies' : `${n} changed kustomizations that no deployed build reads, whose patches or resources name policies`);
  for (const [folder, files] of unbuiltByFolder) {
    const one = files.length === 1;
    notices.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${unbuiltThese(files.length)}: ${listed(files)}; ${one ? 'it changes' : 'they change'} no cluster. ${unlistedWords(folder, files, 'should apply')}`, what: headlineWhat(files, unbuiltThese(files.length)) });
  }
  if (unbuiltRest.length) {
    const one = unbuiltRest.length === 1;
    const these = unbuiltThese(unbuiltRest.length);
    notices.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${these}: ${listed(unbuiltRest)}; ${one ? 'it changes' : 'they change'} no cluster. If a cluster should apply ${one ? 'it' : 'them'}, include ${one ? 'it' : 'them'} in a kustomization a target builds, or name ${one ? 'its folder' : 'their folders'} under targets: in the configuration`, what: headlineWhat(unbuiltRest, these) });
  }
  if (unlisted.length) {
    const one = unlisted.length === 1;
    // A file in a subfolder of the kustomization's folder is "under" it (the kustomization names files there one by one).
    const under = (p: string) => dirOf(p) !== dirOf(unread.get(p)!);
    const these = one
      ? `a changed manifest file that no build reads: ${unlisted[0]} is ${under(unlisted[0]) ? 'under' : 'in'} the folder of ${unread.get(unlisted[0])}, which does not list it`
      : `${unlisted.length} changed manifest files that no build reads, each ${unlisted.every(under) ? 'under' : unlisted.some(under) ? 'in or under' : 'in'} the folder of a kustomization that does not list it: ${listed(unlisted)}`;
    notices.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${these}. If a cluster should apply ${one ? 'it, list it there' : 'them, list them in their kustomizations'}`, what: headlineWhat(unlisted, one ? 'a changed manifest file that no build reads' : `${unlisted.length} changed manifest files that no build reads`) });
  }
  return notices;
}

/**
 * Changed policy files below a target's root that its controller's settings leave out (`left`: file → the setting,
 * left-out-files.ts), one notice per setting, at its line: this change deploys nothing of them. Still counted as
 * not analysed, as switched-off files are.
 */
function settingNotices(left: ReadonlyMap<string, SettingLeftOut>): Notice[] {
  const byWhy = new Map<string, { setting: SettingLeftOut; files: string[] }>();
  for (const [file, setting] of [...left].sort(([a], [b]) => (a < b ? -1 : 1))) (byWhy.get(setting.why(true)) ?? byWhy.set(setting.why(true), { setting, files: [] }).get(setting.why(true))!).files.push(file);
  return [...byWhy.values()].map(({ setting, files }) => {
    const one = files.length === 1;
    const these = one ? `a changed file holding policies, ${files[0]}` : `${files.length} changed files holding policies (${listed(files)})`;
    return {
      code: 'OUTSIDE_TARGETS' as const,
      message: `Not deployed, not analysed: ${these}: ${setting.why(one)}, so this change deploys nothing of ${one ? 'it' : 'them'}. To deploy ${one ? 'it' : 'them'} and have the change analysed, change that setting`,
      ...(setting.ref ? { ref: setting.ref } : {}),
      what: `${firstAndMore(files, 2)}, not deployed (${setting.by} leaves ${one ? 'it' : 'them'} out)`,
    };
  });
}

/**
 * Changed policy files under the paths of switched-off Flux Kustomizations (`off`: file → its Kustomization), one
 * notice per Kustomization at its commented-out entry (else at its document): this change deploys nothing of them, and the headline says so
 * (`what`: `apps/vault/np.yaml, not deployed (Flux Kustomization vault is switched off)`). Still counted as not
 * analysed (a neutral check, never a plain "No change"): the reading rests on the kustomization's list, which
 * the reviewer can check at the line named.
 */
function switchedOffNotices(off: ReadonlyMap<string, SwitchedOff>): Notice[] {
  const byKs = new Map<SwitchedOff, string[]>();
  for (const [file, ks] of [...off].sort(([a], [b]) => (a < b ? -1 : 1))) (byKs.get(ks) ?? byKs.set(ks, []).get(ks)!).push(file);
  return [...byKs].map(([ks, files]) => {
    const one = files.length === 1;
    const these = one ? 'a changed file holding policies' : `${files.length} changed files holding policies`;
    // Left out of its parent's source artifact (flux-artifact-kustomizations.ts): said with that rule, at its line.
    if (ks.artifactRule) {
      return {
        code: 'OUTSIDE_TARGETS' as const,
        message: `Not deployed, not analysed: ${these} under the path of Flux Kustomization ${ks.name}, which Flux never applies (${ks.artifactRule.words}, and no deployed build reads ${ks.ref.file}), so this change deploys nothing of ${one ? 'it' : 'them'}: ${listed(files)}. To deploy ${one ? 'it' : 'them'} and have the change analysed, change that rule`,
        ref: ks.artifactRule.ref ?? ks.ref,
        what: `${firstAndMore(files, 2)}, not deployed (Flux Kustomization ${ks.name} is left out of its parent's artifact)`,
      };
    }
    return {
      code: 'OUTSIDE_TARGETS' as const,
      message: ks.entry
        ? `Not deployed, not analysed: ${these} under the path of Flux Kustomization ${ks.name}, which is switched off (${ks.entry.file}:${ks.entry.line} comments out its entry, and no deployed build reads ${ks.ref.file}), so this change deploys nothing of ${one ? 'it' : 'them'}: ${listed(files)}. To deploy ${one ? 'it' : 'them'} and have the change analysed, uncomment that entry`
        : `Not deployed, not analysed: ${these} under the path of Flux Kustomization ${ks.name}, which is switched off (${ks.leftOutBy} does not list ${ks.ref.file}:${ks.ref.line}, and no deployed build reads it), so this change deploys nothing of ${one ? 'it' : 'them'}: ${listed(files)}. To deploy ${one ? 'it' : 'them'} and have the change analysed, list ${ks.ref.file} in ${ks.leftOutBy}`,
      // At the commented-out entry, where the reviewer switches it back on; else at its document. Named in the words, not said again after them.
      ref: ks.entry ?? ks.ref,
      what: `${firstAndMore(files, 2)}, not deployed (Flux Kustomization ${ks.name} is switched off)`,
    };
  });
}

/**
 * Changed files no target deployed on base whose head version is gone or holds none of what made them one
 * (`paths`, sorted; `headText`: head's reader): one `NOT_DEPLOYED` note, e.g. "Removed where no target deployed
 * it: a changed file whose objects no target deployed on base, deleted on head: istio/np.yaml. No cluster
 * analysed here changes with it …". It never makes the verdict incomplete: there is nothing a target could analyse. No file:line (head has
 * no such line to annotate).
 */
function removedUndeployedNotice(paths: readonly string[], headText: (path: string) => string | undefined): Notice {
  const one = paths.length === 1;
  const deleted = paths.filter((p) => headText(p) === undefined).length;
  const how = deleted === paths.length ? 'deleted on head' : deleted === 0 ? 'emptied of them on head' : 'deleted or emptied of them on head';
  const these = one ? `a changed file whose objects no target deployed on base, ${how}` : `${paths.length} changed files whose objects no target deployed on base, ${how}`;
  return {
    code: 'NOT_DEPLOYED',
    message: `Removed where no target deployed ${one ? 'it' : 'them'}: ${these}: ${listed(paths)}. No cluster analysed here changes with ${one ? 'it' : 'them'}; whatever applied ${one ? 'it' : 'them'}, if anything did, is outside the targets`,
  };
}

/**
 * Changed kustomizations no deployed build read on base, whose patches or resources named policies there, and that
 * head deletes or leaves naming none (`paths`, sorted; `headText`: head's reader): one `NOT_DEPLOYED` note, e.g.
 * "Removed where no build read it: a changed kustomization whose patches or resources named policies, which no
 * deployed build read on base, deleted on head: bootstrap/flux/kustomization.yaml. No cluster analysed here changes
 * with it; whatever built it, if anything did, is outside the targets". Like removedUndeployedNotice: never "Not
 * analysed", no file:line.
 */
function removedUnbuiltNotice(paths: readonly string[], headText: (path: string) => string | undefined): Notice {
  const one = paths.length === 1;
  const deleted = paths.filter((p) => headText(p) === undefined).length;
  const how = deleted === paths.length ? 'deleted on head' : deleted === 0 ? 'naming none on head' : 'deleted or naming none on head';
  const these = one
    ? `a changed kustomization whose patches or resources named policies, which no deployed build read on base, ${how}`
    : `${paths.length} changed kustomizations whose patches or resources named policies, which no deployed build read on base, ${how}`;
  return {
    code: 'NOT_DEPLOYED',
    message: `Removed where no build read ${one ? 'it' : 'them'}: ${these}: ${listed(paths)}. No cluster analysed here changes with ${one ? 'it' : 'them'}; whatever built ${one ? 'it' : 'them'}, if anything did, is outside the targets`,
  };
}

/**
 * Changed policy files no target deploys whose folder another file names: "… no target deploys:
 * components/lightspeed/base/networkpolicy.yaml; its folder components/lightspeed/base is named at
 * bootstrap/overlays/local/values.yaml:63 (`path: components/lightspeed/base`) …".
 */
function mentionedNotice(named: ReadonlyMap<string, FolderMention>): Notice {
  const paths = [...named.keys()].sort();
  const one = paths.length === 1;
  const at = (m: FolderMention) => `its folder ${m.folder} is named at ${m.file}:${m.line} (\`${m.text}\`)`;
  const shown = paths.slice(0, 5).map((p) => `${p}${one ? '; ' : ' ('}${at(named.get(p)!)}${one ? '' : ')'}`);
  const rest = paths.length > 5 ? ` and ${paths.length - 5} more` : '';
  const these = one ? 'a changed file holding policies that no target deploys' : `${paths.length} changed files holding policies that no target deploys`;
  return {
    code: 'OUTSIDE_TARGETS',
    message: `Not analysed: ${these}: ${shown.join(', ')}${rest}, in a file reachdiff does not read as deploying ${one ? 'it' : 'them'} (a Helm chart's values, another tool's input). If what reads that file deploys ${one ? 'the folder' : 'those folders'}, render it with --render, or name ${one ? 'the folder' : 'them'} under targets: in the configuration`,
    ref: { file: named.get(paths[0])!.file, line: named.get(paths[0])!.line },
  };
}

/** `paths` in folders a deployed kustomization does not list, by that folder (in `paths`' order), and the others. */
function splitUnlisted(paths: readonly string[], unlistedIn: (path: string) => UnlistedFolder | undefined): [Map<UnlistedFolder, string[]>, string[]] {
  const byKey = new Map<string, { folder: UnlistedFolder; files: string[] }>();
  const rest: string[] = [];
  for (const p of paths) {
    const u = unlistedIn(p);
    if (u === undefined) rest.push(p);
    else (byKey.get(`${u.kustomization}\0${u.folder}`) ?? byKey.set(`${u.kustomization}\0${u.folder}`, { folder: u, files: [] }).get(`${u.kustomization}\0${u.folder}`)!).files.push(p);
  }
  return [new Map([...byKey.values()].map((g) => [g.folder, g.files])), rest];
}

/**
 * Why, and what to do: `Its folder cluster/apps/mail is not listed in cluster/apps/kustomization.yaml, which a
 * target builds; if a cluster applies it, list mail under resources: there`. A folder without a kustomization
 * cannot be listed as one (Kustomize reads a folder through its kustomization): its files are, by their
 * paths from the kustomization's folder.
 */
function unlistedWords(u: UnlistedFolder, files: readonly string[], applies: 'applies' | 'should apply'): string {
  const one = files.length === 1;
  const from = (p: string) => p.slice(dirOf(u.kustomization) === '' ? 0 : dirOf(u.kustomization).length + 1);
  const entry = u.buildable ? from(u.folder) : one ? from(files[0]) : `their paths (${from(files[0])} …)`;
  const lead = !files.every((f) => dirOf(f) === u.folder) ? 'The folder' : one ? 'Its folder' : 'Their folder';
  return `${lead} ${u.folder} is not listed in ${u.kustomization}, which a target builds; if a cluster ${applies} ${one ? 'it' : 'them'}, list ${entry} under resources: there`;
}

function listed(paths: readonly string[]): string {
  return firstAndMore(paths, 5);
}

/**
 * How the headline names a notice of files (Notice.what; report/targets-markdown.ts `unanalysedInputs`): one file,
 * then what it is, `app/np.yaml, a changed manifest file that no build reads`; several, what they are, then the
 * files in parentheses, `2 changed manifest files that no build reads (a.yaml, b.yaml)`: listed first, the files
 * read as more items of the list (real repositories 33: "not analysed: a.yaml, b.yaml, 2 changed manifest files
 * that no build reads"). These notices have no line of their own.
 */
function headlineWhat(paths: readonly string[], these: string): string {
  return paths.length === 1 ? `${paths[0]}, ${these}` : `${these} (${firstAndMore(paths, 2)})`;
}

/** Calico's cluster-scoped policy kind (modelled, kinds/calico-policy.ts): its NetworkPolicy matches POLICY_KIND already. */
const CALICO_GLOBAL_KIND = /^kind:\s*["']?GlobalNetworkPolicy["']?\s*(#.*)?$/m;

/** A top-level document of a kind that may decide traffic without reachdiff modelling it (a quick test before parsing). */
const UNMODELLED_KIND = new RegExp(`^kind:\\s*["']?(${[...new Set(UNMODELLED_POLICY_KINDS.map((k) => k.kind))].join('|')})["']?\\s*(#.*)?$`, 'm');

/**
 * Whether a file holds policies: a document of a modelled policy kind, or of an unmodelled one that decides
 * traffic (a CiliumNetworkPolicy; a Kyverno policy whose `generate` rule makes NetworkPolicies, modelled or not, real-eval 16:
 * redhat-appstudio/infra-deployments 378471b13, whose changed generators no target deploys read "No
 * change" without a word; its `kind: NetworkPolicy` lines are indented, inside the rule), or an object
 * holding policy templates (policy-templates.ts: a NamespaceConfig, an Open Cluster Management Policy).
 */
function holdsPolicies(path: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  if (POLICY_KIND.test(text) || CALICO_GLOBAL_KIND.test(text)) return true;
  if (!(UNMODELLED_KIND.test(text) || EMBEDDED_POLICY_LINE.test(text)) || skipReason(path, text, []) === 'not-a-manifest') return false;
  return parseDocuments(text, 'kubectl').some(
    (d) => isObject(d.value) && typeof d.value.kind === 'string' && typeof d.value.apiVersion === 'string' && (unmodelledKind(d.value.kind, d.value.apiVersion, d.value) !== undefined || modelledKyvernoGenerator(d.value)),
  );
}

/** A file that may be a manifest by its path and holds a document with `apiVersion` and `kind`. */
function holdsObjects(path: string, text: string | undefined): boolean {
  if (text === undefined || skipReason(path, text, []) === 'not-a-manifest') return false;
  return parseDocuments(text, 'kubectl').some((d) => isObject(d.value) && typeof d.value.apiVersion === 'string' && typeof d.value.kind === 'string');
}
