/**
 * `--format sarif` holds findings only; the loader's warnings went nowhere (fresh-user trial 32): a
 * warning about the input was in no output of `lint` or `diff` in SARIF, while text and Markdown print it
 * and the pictures send it to stderr. They go to stderr. (The loader's errors are SARIF results:
 * MANIFEST_REJECTED.)
 * Fixture: test/fixtures/sarif-warnings (head adds an Ingress whose backend Service no manifest defines).
 */
import { main } from '../../src/cli/main.js';

const FIXTURE = 'test/fixtures/sarif-warnings';
const WARNING = 'ingress.yaml:14: warning: Ingress app/web: backend Service "api" is not defined in the manifests';

describe('SARIF output and the warnings it cannot hold', () => {
  it('lint --format sarif writes them to stderr, as text does', async () => {
    const sarif = await main(['lint', `${FIXTURE}/head`, '--format', 'sarif']);
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
    expect(sarif.stderr).toContain(WARNING);
    expect(sarif.stderr).toBe((await main(['lint', `${FIXTURE}/head`])).stderr);
  });

  it('diff --format sarif writes them to stderr, as the pictures do', async () => {
    const sarif = await main(['diff', `${FIXTURE}/base`, `${FIXTURE}/head`, '--format', 'sarif']);
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
    expect(sarif.stderr).toContain(WARNING);
    expect(sarif.stderr).toBe((await main(['diff', `${FIXTURE}/base`, `${FIXTURE}/head`, '--format', 'mermaid'])).stderr);
  });
});
