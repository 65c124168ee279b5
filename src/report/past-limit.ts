/**
 * A render that stops once its text certainly passes a limit, for a caller that wants the text only when it
 * fits (pr-report.ts: the comment and the check run's text are first tried whole). bjw-s/home-ops a71f3ddae:
 * both whole renders wrote all 2,439 table rows and 2,900 lines of pods the manifests do not hold (megabytes,
 * about a third of the render's CPU) to learn that 60,000 and 65,000 characters could not hold them.
 */

/** Thrown by a render given `MarkdownOptions.stopPast` once its text certainly passes that many characters. */
export class PastLimit extends Error {
  constructor(readonly limit: number) {
    super(`the text passes ${limit} characters`);
  }
}

/**
 * An empty line list for a render's text. With a finite `limit`, a push throws `PastLimit` once the lines'
 * characters other than line ends pass it: what follows only adds lines, and joining, trimming or collapsing
 * blank lines removes line ends only, so the text would be longer than `limit`.
 */
export function linesUnder(limit: number): string[] {
  const out: string[] = [];
  if (limit === Infinity) return out;
  let chars = 0;
  out.push = (...items: string[]): number => {
    for (const s of items) chars += s.length - lineEnds(s);
    if (chars > limit) throw new PastLimit(limit);
    return Array.prototype.push.apply(out, items);
  };
  out.pop = (): string | undefined => {
    const last = Array.prototype.pop.call(out) as string | undefined;
    if (last !== undefined) chars -= last.length - lineEnds(last);
    return last;
  };
  return out;
}

function lineEnds(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
