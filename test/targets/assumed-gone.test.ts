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
import { tempFolder } from '../helpers/git.js';

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
    expect(json.assumedGone?.pairs).toHaveLength(4);
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
    expect(first(targetsText(report))).toMatch(/^No change in allowed connectivity for the pods that remain; NetworkPolicy flux-system\/weave-gitops-ingress removed together with HelmRelease flux-system\/weave-gitops: its pods are probably gone; if they still run, it opens \d+ paths?\.$/);
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
