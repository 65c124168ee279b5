/**
 * A reviewer adds up what the report lists: the workloads' sections and the by-rule sections of pods the
 * manifests do not hold must sum to the verdict's counts, and the headline tells each rule's change once.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const EX = join(process.cwd(), 'examples');

/** The verdict's counts and the sections' counts of a text or Markdown diff. */
function counts(out: string): { verdict: Record<string, number>; sections: Record<string, number> } {
  const verdict: Record<string, number> = { opened: 0, closed: 0 };
  for (const m of out.split('\n')[0].matchAll(/(\d+) paths? (opened|closed)/g)) verdict[m[2]] = Number(m[1]);
  const sections: Record<string, number> = { opened: 0, closed: 0 };
  // Text: "Opened (2):"; Markdown: a table titled "Opened paths (2)".
  for (const m of out.matchAll(/^(?:#### )?(Opened|Closed)(?: paths)? \((\d+)\)/gm)) sections[m[1].toLowerCase()] += Number(m[2]);
  // By rule: "(3 paths)", or "(3 of the 4 opened paths)" when the section above lists the others.
  for (const m of out.matchAll(/^(?:#### )?(Opened|Closed) with pods the manifests do not hold[^(]*\((\d+)(?: of the [\d,]+ (?:opened|closed))? paths?/gm)) sections[m[1].toLowerCase()] += Number(m[2]);
  return { verdict, sections };
}

function broadenedCase(): string {
  const root = mkdtempSync(join(tmpdir(), 'reachdiff-counts-'));
  const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
    - from: [${from}]
      ports: [{port: http}]
`;
  const deployment = (name: string, port?: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: c, image: i${port ? `, ports: [{name: http, containerPort: ${port}}]` : ''}}]
`;
  for (const [side, from] of [['base', '{podSelector: {matchLabels: {app: checkout}}}'], ['head', '{namespaceSelector: {}}']] as const) {
    mkdirSync(join(root, side));
    writeFileSync(join(root, side, 'all.yaml'), [policy(from), deployment('api', 8080), deployment('checkout'), deployment('web')].join('---\n'));
  }
  return root;
}

describe('section counts add up to the verdict', () => {
  const cases: [string, string, string][] = [
    ['the example', join(EX, 'base'), join(EX, 'head')],
    ['a rule widened to every namespace', join(broadenedCase(), 'base'), join(broadenedCase(), 'head')],
  ];
  it.each(cases)('%s', async (_name, base, head) => {
    for (const format of ['text', 'md']) {
      const out = (await main(['diff', base, head, '--format', format])).stdout;
      const { verdict, sections } = counts(out.replace(/^### \S+ reachdiff: /, ''));
      expect(verdict.opened + verdict.closed).toBeGreaterThan(0);
      expect(sections).toEqual(verdict);
    }
  });

  it("tells a rule's opening once, its ports united (a workload's port number and other pods' port name)", async () => {
    const out = (await main(['diff', join(EX, 'base'), join(EX, 'head')])).stdout;
    const headline = out.split('\n')[2];
    expect(headline.match(/policies\/shop\.yaml:105/g)).toHaveLength(1);
    expect(headline).toContain('TCP grpc (9090 on shop/payments)');
    // The closed path between the example's workloads is no longer pushed out of the headline.
    expect(headline).toMatch(/closes .*shop\/cart.* => data\/redis on TCP 6379/);
  });
});
