/**
 * The parts of a Markdown report that read the same at every row limit and variant the comment tries
 * (diff-markdown.ts): the verdict and headline, the notes under it, the summary groups, the sentence of
 * each cause and namespace isolation of pods the manifests do not hold, the workload and rollback lists.
 * Made at the first render that writes them and given again to the next, with the short names their
 * labels met (`names`, `[text, id]` in order, heard again by the render's list of them). Their length
 * bounds every render's from below: bjw-s/home-ops a71f3ddae's fixed parts alone pass the comment's
 * 60,000 characters, so no row limit can fit, and the 24 renders that learned it one by one are not made.
 */

/** One part: its lines (elements of the render's line list) and the short names its labels met. */
export interface FixedPart {
  readonly lines: readonly string[];
  readonly names: readonly (readonly [string, string])[];
}

/** The parts one `renderDiffMarkdown` call made (one report, one set of options), by key. */
export interface FixedParts {
  readonly parts: Map<string, FixedPart>;
  /** Characters other than line ends in every part made so far: each render writes all of them, so it is at least this long. */
  chars: number;
}

export function fixedParts(): FixedParts {
  return { parts: new Map(), chars: 0 };
}

/**
 * The lines of part `key`: made by `make` the first time, `hear` told each short name it met then (and
 * recording them); later, `hear` told the recorded names again, in order. `make` must not ask for another part.
 */
export function fixedLines(store: FixedParts, key: string, make: (hear: (text: string, id: string) => void) => readonly string[], hear: (text: string, id: string) => void): readonly string[] {
  const known = store.parts.get(key);
  if (known) {
    for (const [text, id] of known.names) hear(text, id);
    return known.lines;
  }
  const names: (readonly [string, string])[] = [];
  const lines = make((text, id) => {
    names.push([text, id]);
    hear(text, id);
  });
  store.parts.set(key, { lines, names });
  store.chars += lines.reduce((n, l) => n + l.length - newlines(l), 0);
  return lines;
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
