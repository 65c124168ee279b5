/**
 * Findings of a file several targets build, told once. Each target that deploys a shared base finds the
 * same dead selector at the same `file:line`, in its own namespace (`shop-prod/pg-from-api`,
 * `shop-staging/pg-from-api`): the report over targets repeated it per target (fresh-user trial 27: six
 * warnings for three lines). Findings are the same across targets when their code, severity, file, line,
 * object and newness are; the n-th such finding of one target is the n-th of another (a target deploying
 * the file in two namespaces keeps both). Pure.
 */
import type { DiffFinding } from './types.js';

/** What makes findings of different targets the same: everything but the subject (and so the message) their namespace changes. */
const sameKey = (f: DiffFinding) => [f.code, f.severity, f.ref.file, String(f.ref.line), f.object, String(f.new)].join('\u0000');

/** Each finding's key across targets (`sameKey` and its occurrence among the target's findings of that key), in order. */
export function sharedKeys(findings: readonly DiffFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const k = sameKey(f);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return `${k}\u0000${n}`;
  });
}

/** A finding as several targets hold it: the first target's, and every target with the subject it names there. */
export interface SharedFinding {
  readonly finding: DiffFinding;
  readonly holders: readonly { readonly target: string; readonly subject: string }[];
}

/**
 * The findings of `targets` (in their order) that more than one target holds, in the order first found, and
 * their keys (`sharedKeys`): a target's own list less those keys is what only it holds.
 */
export function sharedFindings(targets: readonly { readonly name: string; readonly findings: readonly DiffFinding[] }[]): { readonly shared: readonly SharedFinding[]; readonly keys: ReadonlySet<string> } {
  const byKey = new Map<string, { finding: DiffFinding; holders: { target: string; subject: string }[] }>();
  for (const t of targets) {
    const keys = sharedKeys(t.findings);
    t.findings.forEach((f, i) => {
      const known = byKey.get(keys[i]);
      if (!known) byKey.set(keys[i], { finding: f, holders: [{ target: t.name, subject: f.subject }] });
      else if (!known.holders.some((h) => h.target === t.name)) known.holders.push({ target: t.name, subject: f.subject });
    });
  }
  const shared = [...byKey].filter(([, s]) => s.holders.length > 1);
  return { shared: shared.map(([, s]) => s), keys: new Set(shared.map(([k]) => k)) };
}

/**
 * The findings of several targets as one list: a finding several targets hold once, the first target's, with
 * `targets` naming them all (DiffFinding.targets); one only a target holds as it is.
 */
export function onceAcrossTargets(targets: readonly { readonly name: string; readonly findings: readonly DiffFinding[] }[]): DiffFinding[] {
  const out = new Map<string, { finding: DiffFinding; targets: string[] }>();
  for (const t of targets) {
    const keys = sharedKeys(t.findings);
    t.findings.forEach((f, i) => {
      const known = out.get(keys[i]);
      if (!known) out.set(keys[i], { finding: f, targets: [t.name] });
      else if (!known.targets.includes(t.name)) known.targets.push(t.name);
    });
  }
  return [...out.values()].map((o) => (o.targets.length > 1 ? { ...o.finding, targets: o.targets } : o.finding));
}
