/**
 * A document moved to another file (a Kustomize source document, keyed by its file, in a renamed folder) in
 * the diff's output: `changedDocuments` keeps the contract's `removed` and `added` entries, each naming the
 * other (`movedTo`, `movedFrom`, with `edited`), and text and Markdown write a rollback step of a moved
 * document "moved from A:line to B:line". Fixture: test/fixtures/moved-rollback/ (a folder renamed, one
 * policy widened on the way, every other file unchanged).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'moved-rollback');
const [base, head] = [join(FIX, 'base'), join(FIX, 'head')];

interface Entry {
  key: string;
  change: string;
  file: string;
  line: number;
  movedTo?: { key: string; file: string; line: number; edited: boolean };
  movedFrom?: { key: string; file: string; line: number; edited: boolean };
}

describe('a moved document in the diff output', () => {
  it('JSON: the removed and added entries stay, each naming the other', async () => {
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json', '--fail-on', 'never'])).stdout) as { changedDocuments: Entry[]; rollback: { documents: Entry[] } };
    const policy = (change: string) => json.changedDocuments.find((d) => d.change === change && d.key.startsWith('NetworkPolicy/api-ingress '))!;
    // The contract's entries, as they were.
    expect(policy('removed')).toMatchObject({ key: 'NetworkPolicy/api-ingress in team-a/policy.yaml', file: 'team-a/policy.yaml', line: 1 });
    expect(policy('added')).toMatchObject({ key: 'NetworkPolicy/api-ingress in apps/team-a/policy.yaml', file: 'apps/team-a/policy.yaml', line: 1 });
    // Was: nothing linked them.
    expect(policy('removed').movedTo).toEqual({ key: 'NetworkPolicy/api-ingress in apps/team-a/policy.yaml', file: 'apps/team-a/policy.yaml', line: 1, edited: true });
    expect(policy('added').movedFrom).toEqual({ key: 'NetworkPolicy/api-ingress in team-a/policy.yaml', file: 'team-a/policy.yaml', line: 1, edited: true });
    // Every other document moved unchanged: linked, `edited: false`; only moved documents carry the fields.
    const moved = json.changedDocuments.filter((d) => d.movedTo || d.movedFrom);
    expect(moved.filter((d) => !d.key.includes('api-ingress')).every((d) => (d.movedTo ?? d.movedFrom)!.edited === false)).toBe(true);
    expect(json.changedDocuments.filter((d) => d.change === 'removed').every((d) => d.movedTo || d.key.startsWith('Kustomization '))).toBe(true);
    expect(json.rollback.documents[0].movedFrom).toEqual({ key: 'NetworkPolicy/api-ingress in team-a/policy.yaml', file: 'team-a/policy.yaml', line: 1, edited: true });
  });

  it('text and Markdown: the rollback step says where the document moved from and to', async () => {
    const text = (await main(['diff', base, head, '--fail-on', 'never'])).stdout;
    expect(text).toContain('  revert NetworkPolicy/team-a/api-ingress, written without a namespace (moved from base:team-a/policy.yaml:1 to apps/team-a/policy.yaml:1)\n');
    const md = (await main(['diff', base, head, '--format', 'md', '--fail-on', 'never'])).stdout;
    expect(md).toMatch(/- revert .*NetworkPolicy\/team-a\/api-ingress, written without a namespace \(moved from .*team-a\/policy\.yaml:1.* to .*apps\/team-a\/policy\.yaml:1.*\)\n/);
  });
});
