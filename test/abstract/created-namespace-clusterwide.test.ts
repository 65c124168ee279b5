/**
 * The closings set apart for a namespace the change creates are told by their isolation causes, read against
 * the policies each side evaluated, as the counted paths' are (analysis/diff-report.ts): a clusterwide policy's
 * copies in the namespaces the manifests do not hold among them (test/fixtures/ccnp-created-namespace/, README
 * there). Read against the loaded clusters, which hold no such copy, the cause did not form and each label
 * combination's path was a change of its own.
 */
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { peerId } from '../../src/engine/index.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-created-namespace');
const OTHERS_ID = '[namespace with {kubernetes.io/metadata.name NotIn (api,db,kube-system,web)}]';

describe('a clusterwide policy added with a namespace the change creates', () => {
  it("the other namespaces' closing toward the new namespace is told by the policy's cause across every namespace, their copy's included", async () => {
    const [base, head] = await Promise.all([readManifestFolder(join(FIX, 'base')), readManifestFolder(join(FIX, 'head'))]);
    const report = analyzeDiff(base.files, head.files);
    expect(report.createdNamespaces?.namespaces).toEqual(['web']);
    const highlights = report.createdNamespaces!.highlights;
    // The copy in the namespaces the manifests do not hold has its cause, one with every namespace's copy (copies-across.ts).
    const fromOthers = highlights.filter((h) => h.srcs.some((s) => peerId(s).startsWith(OTHERS_ID)));
    expect(fromOthers).toHaveLength(1);
    expect(fromOthers[0].cause).toMatchObject({ change: 'closed', direction: 'egress', how: 'added', paths: 46, combinations: 12 });
    expect(fromOthers[0].cause!.copies?.keys).toContain('closed|egress|~ns0/dns-only[CiliumClusterwideNetworkPolicy]');
    expect(fromOthers[0].cause!.subject.id).toBe('entire-cluster');
  });
});
