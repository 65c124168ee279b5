/**
 * What a report owes to placing namespace-less objects of unrelated folders together in `default`
 * (default-namespace.ts places them there, as `kubectl apply` without `-n` would). Real-eval 10, C-c: a
 * samples or workshop repository holds many labs of namespace-less files, each applied on its own (often
 * with `-n`); one "plain manifests" model puts them all in `default`, and a lab's egress default-deny then
 * governs another lab's Pod: a DNS_EGRESS_MISSING error (exit 1) for a change that only closes, and paths
 * between labs that no one deploys together.
 *
 * The placement stays (one model per folder would change every plain-manifests report, and a repository
 * whose folders are one app's parts, applied with one `kubectl apply -R -n app`, wants them together);
 * what rests on it is marked instead. A policy and a workload in `default` are together *by assumption* when
 * at least one of them is there for naming no namespace and their files' folders are unrelated (neither
 * holds the other): `policies/` and `apps/web/` are, `deploy/` and `deploy/policies/` are not (eks-workshop-v2
 * 6e867f45: the lab's namespace-less default-deny, applied there with `-n ui`, and another lab's Pod that
 * names `default`). Then
 * - a finding about a workload of one such folder, cited at a policy of the other (DNS_EGRESS_MISSING at
 *   the default-deny that isolates it), is a notice that names the assumption (`assumedPlacement`), never
 *   an error: applied apart, it does not arise;
 * - a changed path with such a workload end whose reasons cite a policy of the other folder rests on it:
 *   the verdict says how many (`DiffReport.assumedPlacement`), and gives the other reading (applied apart,
 *   they do not change). Those paths still count: if the folders are applied to one namespace they are real.
 */
import type { AssumedPlacement, DiffReport, ExplainedPair } from '../analysis/types.js';
import type { Reason } from '../engine/index.js';
import type { SourceRef, Workload } from '../engine/model.js';
import type { DiffFinding } from '../findings/types.js';
import { dirOf, isWithin } from '../util/repo-paths.js';

const DEFAULT = 'default';

/** Neither folder holds the other (the top folder holds every folder). */
export function unrelatedFolders(a: string, b: string): boolean {
  return !isWithin(a, b) && !isWithin(b, a);
}

/**
 * The report with what rests on the placement marked; unchanged when nothing does. `placed`: the paths of
 * the model's files (either side) holding namespace-less objects placed in `default`. `builtTogether`: files
 * one build reads, with that build (TargetFiles `builtTogether`): their objects are applied as one output, to
 * one namespace, so two of one build are never joined by assumption, whatever their folders (new-user 45:
 * microservices-demo's kustomize/base/ and kustomize/components/network-policies/, which one kustomization
 * builds, read "applied apart, they do not change").
 */
export function withPlacementAssumption(report: DiffReport, placed: ReadonlySet<string>, builtTogether: ReadonlyMap<string, string> = new Map()): DiffReport {
  if (placed.size === 0) return report;
  const isPlaced = (ref: SourceRef | undefined) => ref !== undefined && placed.has(ref.file);
  const byId = new Map((report.workloads ?? []).map((w) => [w.id, w] as const));
  const inDefault = (w: Workload | undefined) => (w && w.namespace === DEFAULT ? w : undefined);
  const folders = new Set<string>();
  // A workload's folder and a policy's, unrelated, one of them placed in `default` for naming no namespace: the pair of folders the placement joined.
  const joined = (w: Workload, policyFile: string): boolean => {
    if (!isPlaced(w.ref) && !placed.has(policyFile)) return false;
    const build = builtTogether.get(w.ref.file);
    if (build !== undefined && build === builtTogether.get(policyFile)) return false;
    const [a, b] = [dirOf(w.ref.file), dirOf(policyFile)];
    if (!unrelatedFolders(a, b)) return false;
    folders.add(a).add(b);
    return true;
  };
  const findings = report.findings.map((f): DiffFinding => {
    const w = inDefault(byId.get(f.subject));
    if (!w || f.ref.file === w.ref.file || !joined(w, f.ref.file)) return f;
    const pair = [dirOf(w.ref.file), dirOf(f.ref.file)].map(shown);
    return {
      ...f,
      severity: 'notice',
      message: `${f.message} This rests on placing the objects of ${pair[0]} and ${pair[1]} together in \`default\`, where namespace-less ones go when nothing names their namespace: applied apart, as separate samples are, it does not arise, so it is a notice.`,
      assumedPlacement: pair,
    };
  });
  const rests = (p: ExplainedPair): boolean => {
    const ends = [p.src, p.dst].flatMap((e) => (e.type === 'workload' ? [inDefault(e.workload)] : [])).filter((w): w is Workload => w !== undefined);
    if (ends.length === 0) return false;
    const files = policyFiles([...p.whyOpened, ...p.whyClosed]);
    return ends.some((w) => files.some((f) => joined(w, f)));
  };
  const resting = report.pairs.filter(rests);
  const changedFindings = findings.some((f, i) => f !== report.findings[i]);
  if (!resting.length && !changedFindings) return report;
  const assumed: AssumedPlacement = { folders: [...folders].sort().map(shown), opened: resting.filter((p) => p.opened).length, closed: resting.filter((p) => p.closed).length };
  return { ...report, findings, assumedPlacement: assumed };
}

/** `modules/security/anonymous/`, `the top folder`. */
function shown(f: string): string {
  return f === '' ? 'the top folder' : `${f}/`;
}

/** Files of the policies a pair's reasons cite in `default` (rules, isolation, a removed policy). */
function policyFiles(reasons: readonly Reason[]): string[] {
  const out: string[] = [];
  for (const r of reasons) if ('policy' in r && r.policy.startsWith(`${DEFAULT}/`) && 'ref' in r) out.push(r.ref.file);
  return out;
}
