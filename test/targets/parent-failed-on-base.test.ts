/**
 * A Flux parent whose build fails on base (its kustomization lists a folder that does not exist yet) yields
 * no child Kustomizations there; head fixes the list and every child read as "new in this change", its paths
 * opened, the check failed, the cause only a base warning far down (real-eval 12, problem 5; repro 07:
 * Ramblurr/home-ops 8d26859a, 49 targets). Flux keeps what it last applied when a build fails: the child's
 * label names the parent's failure at its line, one notice explains it, JSON `targets[].parentFailedOnBase`
 * holds it, and its paths do not fail the check (they are still reported, compared with nothing).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetLabel } from '../../src/report/same-sections.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { DEFAULT_FAIL_ON, fails } from '../../src/report/verdict.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/cluster';
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: workloads, namespace: flux-system}\nspec:\n  path: ./workloads\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const CHILD = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: web, namespace: flux-system}\nspec:\n  path: ./workloads/default/web/app\n  targetNamespace: default\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}\n';
const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;
const COMMON: Files = {
  'flux/sync.yaml': SYNC,
  'workloads/default/kustomization.yaml': K('web/ks.yaml'),
  'workloads/default/web/ks.yaml': CHILD,
  'workloads/default/web/app/kustomization.yaml': K('deploy.yaml'),
  'workloads/default/web/app/deploy.yaml': DEPLOY,
};
/** Base lists `vpn`, which only head adds. */
const BASE: Files = { ...COMMON, 'workloads/kustomization.yaml': K('default, vpn') };
const HEAD: Files = { ...BASE, 'workloads/vpn/kustomization.yaml': K('namespace.yaml'), 'workloads/vpn/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: vpn}\n' };
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const analyse = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });
const web = (r: TargetsReport) => r.targets.find((t) => t.name === 'web')!;
const RUN = { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral' as const, rollbackButton: false, text: '' };

describe("a child target new only because its Flux parent's build fails on base (repro 07)", () => {
  it('says the cause on the target, in a notice and in the JSON, and its opened paths do not fail the check', async () => {
    const r = await analyse(BASE, HEAD);
    const t = web(r);
    expect(t.lifecycle).toBe('added');
    expect(t.report.counts.opened).toBeGreaterThan(0);
    expect(t.parentFailedOnBase).toEqual({ target: 'workloads', error: expect.objectContaining({ code: 'KUSTOMIZE_BUILD_FAILED', ref: { file: 'workloads/kustomization.yaml', line: 3 } }) });
    expect(targetLabel(t)).toBe('web (new: its parent workloads fails to build on base, workloads/kustomization.yaml:3)');
    expect(r.notices.filter((n) => n.code === 'PARENT_FAILED_ON_BASE').map((n) => n.message)).toEqual([expect.stringMatching(/^1 target \(web\) is new only because the build that lists it fails on base: workloads \(workloads\/kustomization\.yaml:3: kustomize build workloads fails: resource vpn: .*\)\. Flux and Argo CD keep what they last applied/)]);
    expect(r.counts.notFailing).toEqual({ opened: t.report.counts.opened, closed: t.report.counts.closed, errors: 0 });
    expect(fails(r.counts, DEFAULT_FAIL_ON)).toBe(false);
    // Its findings (an unprotected workload) are in files the change does not touch: base deployed them as well.
    expect(t.report.findings.length).toBeGreaterThan(0);
    expect(t.report.findings.filter((f) => f.new)).toEqual([]);
    expect(targetsCheckRun(r, RUN).conclusion).toBe('neutral');
    const json = JSON.parse(targetsJson(r)) as { targets: { name: string; lifecycle?: string; parentFailedOnBase?: unknown }[] };
    expect(json.targets.find((x) => x.name === 'web')).toMatchObject({ lifecycle: 'added', parentFailedOnBase: { target: 'workloads', file: 'workloads/kustomization.yaml', line: 3, code: 'KUSTOMIZE_BUILD_FAILED' } });
  });

  it("an error in a file the change does not touch, which base deployed as well, does not fail the check; one in a changed file does", async () => {
    const bad = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: Bad_Name}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
    const withBad = (files: Files, text: string) => ({ ...files, 'workloads/default/web/app/kustomization.yaml': K('deploy.yaml, bad.yaml'), 'workloads/default/web/app/bad.yaml': text });
    const untouched = await analyse(withBad(BASE, bad), withBad(HEAD, bad));
    expect(untouched.counts.errors).toBeGreaterThan(0);
    expect(untouched.counts.notFailing?.errors).toBe(untouched.counts.errors);
    expect(fails(untouched.counts, ['errors'])).toBe(false);
    const edited = await analyse(withBad(BASE, bad), withBad(HEAD, bad.replace('[Ingress]', '[Ingress, Egress]')));
    expect(edited.counts.notFailing?.errors).toBe(0);
    expect(fails(edited.counts, ['errors'])).toBe(true);
    // The check run's annotations say the same: a warning at the untouched error, a failure at the edited one.
    const levels = (r: TargetsReport) => targetsCheckRun(r, { ...RUN, failOn: ['errors'] }).annotations.filter((a) => a.title === 'Kubernetes will reject this').map((a) => a.annotation_level);
    expect(levels(untouched)).toEqual(['warning']);
    expect(levels(edited)).toEqual(['failure']);
  });

  it("the lines its paths come from are warnings in the check run, not failures, unless another target's paths there fail it", async () => {
    const allow = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 80}]\n';
    const withPolicy = (files: Files) => ({ ...files, 'workloads/default/web/app/kustomization.yaml': K('deploy.yaml, allow.yaml'), 'workloads/default/web/app/allow.yaml': allow });
    const r = await analyse(withPolicy(BASE), withPolicy(HEAD));
    const run = targetsCheckRun(r, RUN);
    const atPolicy = run.annotations.filter((a) => a.path === 'workloads/default/web/app/allow.yaml');
    expect(atPolicy.length).toBeGreaterThan(0);
    expect(atPolicy.every((a) => a.annotation_level === 'warning')).toBe(true);
    expect(run.conclusion).toBe('neutral');
    // The same change where the parent builds on base: the target is plainly new and its lines fail the check.
    const working = { ...withPolicy(COMMON), 'workloads/kustomization.yaml': K('default') };
    const base = { ...working, 'workloads/default/kustomization.yaml': K('') };
    delete (base as Files)['workloads/default/web/ks.yaml'];
    const plain = targetsCheckRun(await analyse(base, working), RUN);
    expect(plain.annotations.filter((a) => a.path === 'workloads/default/web/app/allow.yaml').map((a) => a.annotation_level)).toContain('failure');
  });

  it('a child whose Kustomization is new in head while its parent builds on both sides is plainly new, and fails the check', async () => {
    const working = { ...COMMON, 'workloads/kustomization.yaml': K('default') };
    const base = { ...working, 'workloads/default/kustomization.yaml': K('') };
    delete (base as Files)['workloads/default/web/ks.yaml'];
    const r = await analyse(base, working);
    // Its Kustomization is new, so nothing kept it running: it joins the cluster model of its Flux tree (flux-clusters.ts), whose paths it opens.
    const t = r.targets.find((x) => x.members.some((m) => m.name === 'web'))!;
    expect([t.name, t.lifecycle, t.parentFailedOnBase]).toEqual(['workloads', undefined, undefined]);
    expect(t.report.counts.opened).toBeGreaterThan(0);
    expect(r.notices.some((n) => n.code === 'PARENT_FAILED_ON_BASE')).toBe(false);
    expect(fails(r.counts, DEFAULT_FAIL_ON)).toBe(true);
  });

  it("a Kustomization added beside another in a file base has is new, not left unlisted by base: it joins its tree's cluster model", async () => {
    // web's app moves its Deployment into a second Kustomization written in the same ks.yaml (real-eval 30, soulwhisper/home-ops a5de1fb8c).
    const working = { ...COMMON, 'workloads/kustomization.yaml': K('default') };
    const extra = CHILD.replace('name: web,', 'name: web-extra,').replace('./workloads/default/web/app', './workloads/default/web/extra');
    const head = { ...working, 'workloads/default/web/ks.yaml': `${CHILD}---\n${extra}`, 'workloads/default/web/app/kustomization.yaml': K(''), 'workloads/default/web/extra/kustomization.yaml': K('deploy.yaml'), 'workloads/default/web/extra/deploy.yaml': DEPLOY };
    delete (head as Files)['workloads/default/web/app/deploy.yaml'];
    const r = await analyse(working, head);
    const t = r.targets.find((x) => x.members.some((m) => m.name === 'web-extra'))!;
    expect([t.name, t.lifecycle, t.parentFailedOnBase]).toEqual(['workloads', undefined, undefined]);
    // The Deployment moved between two Kustomizations of one cluster: nothing opens or closes.
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(r.targets).toHaveLength(1);
  });
});
