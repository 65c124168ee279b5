/**
 * Paths a workload's label change opens or closes (new-user trial 41, finding 4): the why lines cited only
 * the unchanged policies. A `labels-changed` reason now comes first, at the label line the change edited:
 * a policy that no longer (or now) selects the pods, an opt-out label, a rule peer that no longer matches,
 * through a Deployment's pod template or an app-template HelmRelease's values. The check-run annotation
 * goes to that line too.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { reasonText } from '../../src/report/reason-text.js';
import { responsibleLines } from '../../src/report/check-run.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n';
// The first added pod label is line 9 of the document.
const deployment = (name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: web}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n${labels}    spec: {containers: [{name: c, image: x}]}\n`;
const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: web}
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-world, namespace: web}
spec:
  podSelector: {matchLabels: {allow-world: "true"}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
`;

const files = (app: string, pol = policies) => [{ path: 'ns.yaml', text: ns }, { path: 'app.yaml', text: app }, { path: 'pol.yaml', text: pol }];
const whyClosed = (report: ReturnType<typeof analyzeDiff>) => report.pairs.filter((p) => p.closed).map((p) => p.whyClosed.map((r) => reasonText(r)));
const whyOpened = (report: ReturnType<typeof analyzeDiff>) => report.pairs.filter((p) => p.opened).map((p) => p.whyOpened.map((r) => reasonText(r)));

describe('paths a workload label change closes or opens name the label line', () => {
  const report = analyzeDiff(files(deployment('homepage', '        allow-world: "true"\n')), files(deployment('homepage', '        custom-egress: "true"\n')));

  it('a policy no longer selects the pods: the first why is the label change, at head\'s line', () => {
    expect(report.counts.closed).toBeGreaterThan(0);
    for (const lines of whyClosed(report)) {
      expect(lines[0]).toBe('web/homepage[Deployment] no longer carries allow-world=true (app.yaml:9), so NetworkPolicy web/allow-world no longer selects it');
    }
  });

  it('in the JSON, a reason of kind labels-changed with head\'s and base\'s label lines', () => {
    const json = diffJsonObject(report) as { pairs: { why: { closed: Record<string, unknown>[] } }[] };
    expect(json.pairs[0].why.closed[0]).toMatchObject({
      kind: 'labels-changed', side: 'head', direction: 'egress', workload: 'web/homepage[Deployment]', policy: 'web/allow-world', role: 'subject',
      holds: false, removed: ['allow-world=true'], added: [], ref: { file: 'app.yaml', line: 9 }, baseRef: { file: 'app.yaml', line: 9 },
    });
  });

  it('the check run annotates the label line', () => {
    expect([...responsibleLines(report).keys()]).toContain('app.yaml:9');
  });

  it('a pod that gains an opt-out label: the policy no longer selects it', () => {
    const optOut = policies.replace('podSelector: {}', 'podSelector: {matchExpressions: [{key: opt-out, operator: DoesNotExist}]}');
    const opened = analyzeDiff(files(deployment('homepage', ''), optOut), files(deployment('homepage', '        opt-out: "yes"\n'), optOut));
    expect(opened.counts.opened).toBeGreaterThan(0);
    for (const lines of whyOpened(opened)) {
      expect(lines[0]).toBe('web/homepage[Deployment] now carries opt-out=yes (app.yaml:9), so NetworkPolicy web/default-deny-egress no longer selects it');
    }
  });

  it('a rule peer that no longer matches the pods', () => {
    const admit = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-in, namespace: web}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {role: client}}}]\n`;
    const two = (clientLabels: string) => [{ path: 'ns.yaml', text: ns }, { path: 'app.yaml', text: `${deployment('db', '')}---\n${deployment('client', clientLabels)}` }, { path: 'pol.yaml', text: admit }];
    const closed = analyzeDiff(two('        role: client\n'), two('        role: clients\n'));
    const pair = closed.pairs.find((p) => p.closed && p.src.type === 'workload' && p.src.workload.id === 'web/client[Deployment]' && p.dst.type === 'workload' && p.dst.workload.id === 'web/db[Deployment]');
    // Line 9 of the second document, which starts at line 11.
    expect(reasonText(pair!.whyClosed[0])).toBe('web/client[Deployment] no longer carries role=client and now carries role=clients (app.yaml:19), so NetworkPolicy web/db-in ingress rule 1 no longer matches it as a peer');
  });

  it('an app-template HelmRelease\'s values: the values\' label line', () => {
    // The comment above the labels is reworded too, as in zhorvath83 5b33ccb21: the label line is cited, not the comment.
    const release = (labels: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: homepage, namespace: web}
spec:
  chartRef: {kind: OCIRepository, name: app-template}
  values:
    defaultPodOptions:
      # egress: ${labels.includes('allow-world') ? 'the world' : 'its own policy'}
      labels:
${labels}    controllers:
      homepage:
        containers:
          app:
            image: {repository: example/homepage}
`;
    const closed = analyzeDiff(files(release('        allow-world: "true"\n')), files(release('        custom-egress: "true"\n')));
    expect(closed.counts.closed).toBeGreaterThan(0);
    for (const lines of whyClosed(closed)) expect(lines[0]).toMatch(/^web\/homepage\[Deployment\] no longer carries allow-world=true \(app\.yaml:10\), so NetworkPolicy web\/allow-world no longer selects it$/);
  });

  it('a change that relabels nothing adds no such reason', () => {
    const tightened = analyzeDiff(files(deployment('homepage', '        allow-world: "true"\n')), files(deployment('homepage', '        allow-world: "true"\n'), policies.replace('0.0.0.0/0', '10.0.0.0/8')));
    expect(tightened.pairs.flatMap((p) => [...p.whyOpened, ...p.whyClosed]).some((r) => r.kind === 'labels-changed')).toBe(false);
  });
});
