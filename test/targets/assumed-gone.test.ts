/**
 * A policy removed together with what creates or serves its pods (real-eval 10, E; repro 02): longhorn 6663b975
 * removed the conversion webhook's Service and its policy and read "5100 paths opened", exit 1, for pods the
 * change itself stops serving. When head no longer refers to those pods at all, the report takes their paths
 * apart (`assumedGone`): both readings in the headline, ⚠️, a neutral check run, not counted, exit 0. A removed
 * policy whose pods still exist in head (a workload still carries the labels), or one removed alone, still opens
 * paths and fails.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsJsonObject } from '../../src/report/targets-json.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { targetsText } from '../../src/report/targets-text.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';
import { join } from 'node:path';
import { sideTreesSync, tempFolder } from '../helpers/git.js';
import { regionPairs } from '../helpers/region-pairs.js';

type Files = Record<string, string>;
const deploy = (name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: sys}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: conversion-webhook, namespace: sys}\nspec:\n  selector: {role: conversion-webhook}\n  ports: [{port: 9501}]\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: conversion-webhook, namespace: sys}\nspec:\n  podSelector: {matchLabels: {role: conversion-webhook}}\n  policyTypes: [Ingress]\n  ingress: [{ports: [{protocol: TCP, port: 9501}]}]\n';
/** The manager makes the webhook pods at run time: the manifests do not hold them. */
const MANAGER = { 'manager.yaml': deploy('manager', '{app: manager}') };
const BASE: Files = { ...MANAGER, 'webhook.yaml': `${SERVICE}---\n${POLICY}` };

const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const reportOf = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));
/** The first line, without the count of old findings (the CLI and the App show new ones only). */
const first = (text: string) => text.split('\n')[0].replace(/; \d+ findings? \(0 new\)/, '');
const RUN = { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral', rollbackButton: false, text: '' } as const;

describe('a policy removed together with the Service of its pods (repro 02)', () => {
  const headline =
    'No change in allowed connectivity for the pods that remain; NetworkPolicy sys/conversion-webhook removed together with Service sys/conversion-webhook: its pods are probably gone; if they still run, it opens 4 paths.';

  it('gives both readings, is ⚠️ and neutral, carries assumedGone in the JSON, and exits 0', async () => {
    const report = await reportOf(BASE, MANAGER);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(first(targetsText(report))).toBe(headline);
    expect(targetsText(report)).toContain('Note: If the pods of NetworkPolicy sys/conversion-webhook still run (4 paths not counted, so the check does not fail on them): Opens sys/[pod with {role=conversion-webhook}] to everything on any port but TCP 9501.');
    expect(first(renderTargetsMarkdown(report))).toBe(`### ⚠️ reachdiff: ${headline}`);
    const run = targetsCheckRun(report, RUN);
    expect(run.conclusion).toBe('neutral');
    expect(run.title).toContain('its pods are probably gone');
    // No rollback restores a policy for pods that are gone.
    expect(report.combined.rollback.documents).toEqual([]);
    const json = targetsJsonObject(report) as { summary: object; pairs: unknown[]; assumedGone?: { policies: unknown; opened: number; closed: number; pairs: unknown[] } };
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.pairs).toEqual([]);
    expect(json.assumedGone).toMatchObject({ policies: [{ policy: 'sys/conversion-webhook', removedWith: ['Service sys/conversion-webhook'] }], opened: 4, closed: 0 });
    // Region pairs, each region of a group end on its own (docs/cli.md "Region groups").
    expect(regionPairs(json.assumedGone!)).toHaveLength(4);
    const [b, h] = await Promise.all([tempFolder(BASE), tempFolder(MANAGER)]);
    const out = await main(['diff', b, h]);
    expect(out.stdout.split('\n')[0]).toBe(headline);
    expect(out.exitCode).toBe(0);
  });

  it('a HelmRelease named by the selector counts as what made the pods (flux2-kustomize-helm-example f3a92cc)', async () => {
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: weave-gitops, namespace: flux-system}\nspec:\n  chart: {spec: {chart: weave-gitops}}\n';
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: weave-gitops-ingress, namespace: flux-system}\nspec:\n  podSelector: {matchLabels: {app.kubernetes.io/name: weave-gitops}}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n';
    const other = { 'other.yaml': deploy('x', '{app: x}').replace(/sys/g, 'flux-system') };
    const report = await reportOf({ ...other, 'release.yaml': release, 'policy.yaml': policy }, other);
    expect(first(targetsText(report))).toMatch(/^No change found in what was analysed for the pods that remain; not analysed: a Helm release that reachdiff does not render changed in release\.yaml:1; NetworkPolicy flux-system\/weave-gitops-ingress removed together with HelmRelease flux-system\/weave-gitops: its pods are probably gone; if they still run, it opens \d+ paths?\.$/);
  });
});

describe('a removed policy whose pods are still there, or that went alone, still opens paths and fails', () => {
  it('a workload that still carries the labels: opened, exit 1', async () => {
    const webhook = deploy('webhook', '{role: conversion-webhook}');
    const base = { ...BASE, 'webhook-deploy.yaml': webhook };
    const head = { ...MANAGER, 'webhook-deploy.yaml': webhook };
    const report = await reportOf(base, head);
    expect(report.combined.assumedGone).toBeUndefined();
    expect(report.counts.opened).toBeGreaterThan(0);
    expect(first(targetsText(report))).toMatch(/^\d+ paths opened[.;]/);
    expect(targetsText(report)).not.toContain('probably gone');
    const [b, h] = await Promise.all([tempFolder(base), tempFolder(head)]);
    expect((await main(['diff', b, h])).exitCode).toBe(1);
  });

  it('the Service stays: opened, exit 1', async () => {
    const head = { ...MANAGER, 'webhook.yaml': SERVICE };
    const report = await reportOf(BASE, head);
    expect(report.combined.assumedGone).toBeUndefined();
    expect(first(targetsText(report))).toBe('4 paths opened.');
    const [b, h] = await Promise.all([tempFolder(BASE), tempFolder(head)]);
    expect((await main(['diff', b, h])).exitCode).toBe(1);
  });

  it('the policy removed alone (its pods made elsewhere): opened, exit 1', async () => {
    const base = { ...MANAGER, 'webhook.yaml': POLICY };
    const report = await reportOf(base, MANAGER);
    expect(report.combined.assumedGone).toBeUndefined();
    expect(first(targetsText(report))).toBe('4 paths opened.');
  });
});

describe('the Service removed in another target of the same change (longhorn 6663b975)', () => {
  it('is what the policy went with', async () => {
    // Two bundles analysed apart would each be a target; a kustomization makes the second target here.
    const base: Files = { ...MANAGER, 'policy/webhook.yaml': POLICY, 'bundle/kustomization.yaml': 'resources: [svc.yaml]\n', 'bundle/svc.yaml': `${SERVICE}---\n${deploy('other', '{app: other}')}` };
    const head: Files = { ...MANAGER, 'bundle/kustomization.yaml': 'resources: [svc.yaml]\n', 'bundle/svc.yaml': deploy('other', '{app: other}') };
    const report = await reportOf(base, head);
    const withGone = report.targets.filter((t) => t.report.assumedGone);
    expect(withGone).toHaveLength(1);
    expect(withGone[0].report.assumedGone?.policies[0].removedWith).toEqual(['Service sys/conversion-webhook']);
    expect(report.counts.opened).toBe(0);
  });
});

/**
 * The real layouts of that class, as the CLI reads two trees (issue 10): the policy in one target, what served
 * its pods in another. The Service goes from what the other target deploys (its file may stay, unlisted), the
 * policy from what its own target deploys; another target's head that still serves the pods keeps the paths
 * opened, and a target of another named cluster is no evidence either way.
 */
describe('a policy removed in one target with the Service of its pods in another, as the CLI reads the trees', () => {
  const LH = 'longhorn-system';
  const lhService = (name: string, label: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${LH}}\nspec:\n  selector: {longhorn.io/${label}: ${name}}\n  ports: [{port: 9501, targetPort: conversion-wh}]\n`;
  const lhPolicy = (name: string, label: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${LH}}\nspec:\n  podSelector: {matchLabels: {longhorn.io/${label}: ${name}}}\n  policyTypes: [Ingress]\n  ingress: [{ports: [{protocol: TCP, port: 9501}]}]\n`;
  const CONVERSION = lhService('longhorn-conversion-webhook', 'conversion-webhook');
  const ADMISSION = lhService('longhorn-admission-webhook', 'admission-webhook');
  /** The manager labels the webhook pods at run time: no pod template carries the label. */
  const bundle = (withConversion: boolean) =>
    [`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${LH}}\n`, deploy('longhorn-manager', '{app: longhorn-manager}').replace(/sys/g, LH).replace('Deployment', 'DaemonSet'), ...(withConversion ? [CONVERSION] : []), ADMISSION].join('---\n');
  const examples = (withConversion: boolean) => [...(withConversion ? [lhPolicy('longhorn-conversion-webhook', 'conversion-webhook')] : []), lhPolicy('longhorn-admission-webhook', 'admission-webhook')].join('---\n');
  const diff = async (files: { base: Files; head: Files }) => {
    const root = sideTreesSync(files);
    const out = await main(['diff', join(root, 'base'), join(root, 'head')]);
    return { headline: out.stdout.split('\n')[0], exitCode: out.exitCode };
  };
  const GONE = /NetworkPolicy (longhorn-system|sys)\/(longhorn-)?conversion-webhook removed together with Service (longhorn-system|sys)\/(longhorn-)?conversion-webhook: its pods are probably gone; if they still run, it opens \d+ paths?/;

  it('longhorn 6663b975: the example policy (plain manifests) and the Service of both alternative bundles: both readings, exit 0', async () => {
    const side = (withConversion: boolean): Files => ({ 'deploy/longhorn.yaml': bundle(withConversion), 'deploy/longhorn-okd.yaml': bundle(withConversion), 'examples/network-policy/webhook-network-policy.yaml': examples(withConversion) });
    const { headline, exitCode } = await diff({ base: side(true), head: side(false) });
    expect(headline).toMatch(/^plain manifests: no change for the pods that remain; /);
    expect(headline).toMatch(GONE);
    expect(exitCode).toBe(0);
  });

  // Kubernetes objects of the smaller layouts: the manager and the webhook as repro 02 has them.
  const other = deploy('other', '{app: other}');

  it('the Service dropped from the other target kustomization resources (its file stays): both readings, exit 0', async () => {
    const base: Files = { ...MANAGER, 'policy/webhook.yaml': POLICY, 'bundle/kustomization.yaml': 'resources: [svc.yaml, other.yaml]\n', 'bundle/svc.yaml': SERVICE, 'bundle/other.yaml': other };
    const head: Files = { ...MANAGER, 'bundle/kustomization.yaml': 'resources: [other.yaml]\n', 'bundle/svc.yaml': SERVICE, 'bundle/other.yaml': other };
    const { headline, exitCode } = await diff({ base, head });
    expect(headline).toMatch(GONE);
    expect(exitCode).toBe(0);
  });

  it('the policy dropped from its own kustomization resources (its file stays), the Service file emptied in another target: both readings, exit 0', async () => {
    const own = (listed: string) => ({ 'policy/kustomization.yaml': `resources: [${listed}]\n`, 'policy/webhook.yaml': POLICY, 'policy/manager.yaml': MANAGER['manager.yaml'] });
    const base: Files = { ...own('webhook.yaml, manager.yaml'), 'bundle/kustomization.yaml': 'resources: [svc.yaml]\n', 'bundle/svc.yaml': `${SERVICE}---\n${other}` };
    const head: Files = { ...own('manager.yaml'), 'bundle/kustomization.yaml': 'resources: [svc.yaml]\n', 'bundle/svc.yaml': other };
    const { headline, exitCode } = await diff({ base, head });
    expect(headline).toMatch(/^policy: no change for the pods that remain; /);
    expect(headline).toMatch(GONE);
    expect(exitCode).toBe(0);
  });

  it('a third target whose head still has a Service selecting those pods: head refers to them, opened, exit 1', async () => {
    const keep = { 'keep/kustomization.yaml': 'resources: [svc.yaml]\n', 'keep/svc.yaml': `${SERVICE.replace('name: conversion-webhook,', 'name: webhook-2,')}---\n${deploy('k', '{app: k}')}` };
    const base: Files = { ...MANAGER, ...keep, 'policy/webhook.yaml': POLICY, 'bundle/kustomization.yaml': 'resources: [svc.yaml]\n', 'bundle/svc.yaml': `${SERVICE}---\n${other}` };
    const head: Files = { ...MANAGER, ...keep, 'bundle/kustomization.yaml': 'resources: [svc.yaml]\n', 'bundle/svc.yaml': other };
    const { headline, exitCode } = await diff({ base, head });
    expect(headline).toBe('plain manifests: 4 paths opened; bundle: no change; keep: no change.');
    expect(exitCode).toBe(1);
  });

  it('the Service removed in a target of another named cluster is no evidence: opened, exit 1', async () => {
    const config = { '.github/reachdiff.yml': 'targets:\n  - {name: prod, roots: [prod], cluster: prod}\n  - {name: staging, roots: [staging], cluster: staging}\n' };
    const base: Files = { ...config, 'prod/manager.yaml': MANAGER['manager.yaml'], 'prod/policy.yaml': POLICY, 'staging/svc.yaml': SERVICE, 'staging/other.yaml': other };
    const head: Files = { ...config, 'prod/manager.yaml': MANAGER['manager.yaml'], 'staging/other.yaml': other };
    const { headline, exitCode } = await diff({ base, head });
    expect(headline).toBe('prod: 4 paths opened; staging: no change.');
    expect(exitCode).toBe(1);
  });
});
