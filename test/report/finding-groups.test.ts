import { describe, expect, it } from '@jest/globals';
import type { DiffFinding } from '../../src/findings/types.js';
import { findingGroups } from '../../src/report/finding-groups.js';
import { findingsMarkdown } from '../../src/report/findings.js';

const peerNothing = (line: number, peer: string, file = 'np.yaml', fresh = true): DiffFinding => ({
  code: 'PEER_SELECTS_NOTHING',
  severity: 'warning',
  message: `NetworkPolicy sys/p ingress rule 1: podSelector {${peer}} matches no pod in sys`,
  ref: { file, line },
  subject: 'sys/p',
  object: `ingress:podSelector {${peer}}`,
  fix: 'Correct the selector to labels the intended namespaces and pods carry.',
  new: fresh,
});

describe('findings alike in one file are told once (real-eval 10, G: 15 of 19 findings alike)', () => {
  it('groups three or more of one code, severity, file, fix and newness, in the place of the first', () => {
    const other = { ...peerNothing(5, 'x'), code: 'PERMISSIVE_RULE' as const, object: 'ingress:any-peer' };
    const fs = [peerNothing(3, 'a'), other, peerNothing(9, 'b'), peerNothing(12, 'c'), peerNothing(20, 'd', 'other.yaml'), peerNothing(30, 'e', 'np.yaml', false)];
    const groups = findingGroups(fs);
    expect(groups.map((g) => [g.first.ref.line, g.rest.map((r) => r.ref.line)])).toEqual([
      [3, [9, 12]],
      [5, []],
      [20, []],
      [30, []],
    ]);
  });

  it('leaves two alike findings apart', () => {
    expect(findingGroups([peerNothing(3, 'a'), peerNothing(9, 'b')]).every((g) => g.rest.length === 0)).toBe(true);
  });

  it('the comment gives the first in full, the others by line with what each concerns, the fix once, every line linked', () => {
    const md = findingsMarkdown([peerNothing(3, 'a'), peerNothing(9, 'b'), peerNothing(12, 'c')], 10, (ref) => `https://x.test/${ref.file}#L${ref.line}`).join('\n');
    expect(md).toContain('#### Findings (3)');
    expect(md).toContain('podSelector {a} matches no pod');
    // The others' policy with its kind, as the first's message names it (ux46's leftover: `sys/p` alone).
    expect(md).toContain('the same for 2 more in this file: [:9](https://x.test/np.yaml#L9) NetworkPolicy sys/p: ingress podSelector {b}; [:12](https://x.test/np.yaml#L12) NetworkPolicy sys/p: ingress podSelector {c}');
    expect(md.match(/_Fix:_/g)).toHaveLength(1);
    expect(md).not.toContain('more (each is annotated');
  });

  it('a subject that is no policy (a workload) is told by its id', () => {
    const open = (line: number, name: string): DiffFinding => ({
      code: 'UNPROTECTED_WORKLOAD',
      severity: 'warning',
      message: `No NetworkPolicy selects shop/${name}[Deployment] for ingress: every pod and every address may connect to it.`,
      ref: { file: 'apps.yaml', line },
      subject: `shop/${name}[Deployment]`,
      object: 'ingress',
      fix: 'Add a NetworkPolicy.',
      new: true,
    });
    const md = findingsMarkdown([open(1, 'a'), open(9, 'b'), open(20, 'c')], 10).join('\n');
    expect(md).toContain('the same for 2 more in this file: `:9` shop/b[Deployment]: ingress; `:20` shop/c[Deployment]: ingress');
  });

  it('the row limit counts items, and the rest is counted in findings', () => {
    const md = findingsMarkdown([peerNothing(3, 'a'), peerNothing(9, 'b'), peerNothing(12, 'c'), { ...peerNothing(40, 'z'), code: 'PERMISSIVE_RULE', object: 'ingress:any-peer' }], 1).join('\n');
    expect(md).toContain('- … and 1 more (each is annotated on its line in the check run).');
  });
});
