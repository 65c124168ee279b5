/**
 * The App's registration as the README tells it: `app.yml` asks for exactly the permissions and events the
 * README lists, and what Probot's setup page writes (`.env`: the App's private key and webhook secret) is
 * ignored by git, so following "Creating the App" in a clone cannot commit the key (fresh-user trial 29).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface AppManifest {
  default_permissions: Record<string, string>;
  default_events: string[];
}

const readme = readFileSync('README.md', 'utf8');
const manifest = parse(readFileSync('app.yml', 'utf8')) as AppManifest;

it("app.yml's permissions are the README's table, row for row", () => {
  const section = readme.slice(readme.indexOf('Permissions (least privilege):'), readme.indexOf('Events: '));
  const rows = [...section.matchAll(/^\| `([a-z_]+): (read|write)` \|/gm)].map((m) => [m[1], m[2]]);
  expect(rows.length).toBeGreaterThan(0);
  expect(Object.entries(manifest.default_permissions).sort()).toEqual(rows.sort());
});

it("app.yml's events are the README's", () => {
  const line = /^Events: (.*)\. Nothing else\.$/m.exec(readme)?.[1] ?? '';
  expect([...line.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).sort()).toEqual([...manifest.default_events].sort());
});

it('.env, where Probot writes the private key, is ignored by git', () => {
  // `git check-ignore` exits 0 when the path is ignored, 1 when it is not (execFileSync throws then).
  expect(() => execFileSync('git', ['check-ignore', '-q', '--no-index', '.env'])).not.toThrow();
});
