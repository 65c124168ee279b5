/**
 * Whether a git remote URL names a repository on a server (the kind an Argo CD `repoURL` or a Flux
 * GitRepository `url` can name), not a folder of this machine. A clone of a local mirror, a CI cache or a
 * `--reference` copy has an `origin` that is a path (`/srv/mirror/acme/gitops`, `../gitops`) or a `file://`
 * URL: it says nothing of which hosted repository this is, so it is not taken as this repository's URL
 * (the caller then proceeds as with no remote). Forms as git-clone(1) "GIT URLS" reads them: a scheme other
 * than `file` (`https://`, `ssh://`, `git://`), or the scp-like `[user@]host:path` — a colon with no slash
 * before it, and a host longer than one letter (`C:\repo`, `C:/repo` are Windows drive paths).
 */
export function namesHostedRepository(url: string): boolean {
  const u = url.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(u);
  if (scheme) return scheme[1].toLowerCase() !== 'file';
  const colon = u.indexOf(':');
  if (colon <= 0) return false;
  const host = u.slice(0, colon).replace(/^[^@]*@/, '');
  return !u.slice(0, colon).includes('/') && !u.slice(0, colon).includes('\\') && host.length > 1;
}
