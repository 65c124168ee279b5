/**
 * User text names a policy's tier and the errors' refuser as the user wrote them, never the engine's
 * inside names: a Cilium deny is `CiliumNetworkPolicy deny`, not "Admin tier" (explain's verdict line said
 * "Admin tier: CiliumNetworkPolicy …" and "edit the admin policy above"); errors Cilium's agent refuses
 * (AGENT_REFUSED) are not "errors Kubernetes will reject" (the API server stores those objects). Calico
 * tiers: test/explain/calico-near-misses.test.ts. Hand-written fixture test/fixtures/tier-names/.
 */
import { readFileSync } from 'node:fs';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainFiles } from '../../src/analysis/explain-run.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { verdict } from '../../src/report/verdict.js';

const DIR = 'test/fixtures/tier-names';
const file = (name: string) => ({ path: `${name}.yaml`, text: readFileSync(`${DIR}/${name}.yaml`, 'utf8') });
const OPTIONS = { failOn: ['opened', 'errors'], otherChanges: 'neutral', rollbackButton: true, text: '' } as const;

it('explain names a Cilium deny by its kind, and says no allow brings it back, not "edit the admin policy"', () => {
  const r = explainFiles([file('ns'), file('cilium-deny')], { from: 'shop/web', to: '169.254.169.254', ports: ['80'] });
  if (!r.ok) throw new Error(r.message);
  const text = explainText(r.value, peerLabels(r.value.workloads));
  expect(text).toContain('egress of shop/web: denies it (CiliumNetworkPolicy deny: CiliumNetworkPolicy shop/no-meta egressDeny rule 1, cilium-deny.yaml:7)\n');
  expect(text).toContain('TCP 80 is denied by the CiliumNetworkPolicy deny rule above, which no allow rule of any policy can bring back: narrow that rule (its peers or toPorts)');
  expect(text).not.toMatch(/Admin tier|admin policy/);
});

describe("errors Cilium's agent refuses are said as such, not as Kubernetes rejecting them", () => {
  const base = [file('ns')];

  it('agent refusals alone: the verdict, the section and the annotations name the agent; codes unchanged', () => {
    const report = analyzeDiff(base, [...base, file('cilium-refused')]);
    expect(report.errors.introduced.map((d) => d.code)).toEqual(['AGENT_REFUSED', 'AGENT_REFUSED']);
    expect(verdict(report)).toMatch(/^2 errors Cilium's agent will refuse; /);
    expect(diffText(report)).toContain("Errors Cilium's agent will refuse (2):");
    const md = renderDiffMarkdown(report);
    expect(md).toContain("#### ❌ Errors Cilium's agent will refuse (2)");
    expect(md).toContain("objects that Cilium's agent refuses");
    expect(`${verdict(report)}${diffText(report)}${md}`).not.toContain('Kubernetes will reject');
    const annotations = checkRunResult(report, OPTIONS).annotations;
    expect(annotations.filter((a) => a.message.includes('[AGENT_REFUSED]')).map((a) => a.title)).toEqual(["Cilium's agent will refuse this", "Cilium's agent will refuse this"]);
    // JSON keeps its codes (docs/OUTPUT-CONTRACT.md).
    expect(JSON.stringify(diffJsonObject(report))).toContain('"AGENT_REFUSED"');
  });

  it('both causes: "the cluster will reject", each annotation by its own cause', () => {
    const report = analyzeDiff(base, [...base, file('cilium-refused'), file('np-rejected')]);
    expect(verdict(report)).toMatch(/^3 errors the cluster will reject; /);
    expect(diffText(report)).toContain('Errors the cluster will reject (3):');
    const titles = new Set((checkRunResult(report, OPTIONS).annotations).filter((a) => a.annotation_level === 'failure').map((a) => a.title));
    expect(titles).toEqual(new Set(["Cilium's agent will refuse this", 'Kubernetes will reject this']));
  });

  it('API server rejections alone keep "Kubernetes will reject"', () => {
    const report = analyzeDiff(base, [...base, file('np-rejected')]);
    expect(verdict(report)).toMatch(/^1 error Kubernetes will reject; /);
  });
});
