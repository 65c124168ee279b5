/**
 * `JSON.stringify(value, null, 2) + '\n'`, the same characters, as chunks of about CHUNK characters: a
 * diff whose pairs run to hundreds of megabytes of JSON (a removed policy over a namespace cut into
 * thousands of label combinations) exceeds the longest string V8 can hold (2^29 − 24 characters), and
 * JSON.stringify then throws "Invalid string length". Arrays of more than SMALL items, and the objects and
 * arrays that hold them, are walked here; everything else is given to JSON.stringify whole and indented.
 * Semantics are JSON.stringify's (ECMA-262 SerializeJSONProperty): `toJSON(key)` is called, properties
 * whose value is undefined, a function or a symbol are left out, and such array items written `null`.
 */

/** Characters per chunk (a chunk ends after the piece that reaches it). */
const CHUNK = 1 << 16;

/** Arrays longer than this are walked item by item. */
const SMALL = 64;

/**
 * How deep a value is searched for a long array before it is written whole: the contract's outer levels
 * (the report, `targets[]`, a target) deeply; an item of a long array (a pair, a row) only among its own
 * fields, as such items are small and many. The search decides chunk sizes only, never the text.
 */
const DEPTH = 3;
const ITEM_DEPTH = 1;

/** Chunks of `JSON.stringify(value, null, 2) + '\n'`, in order; joined they are exactly that string. `value` must be one JSON.stringify writes (not undefined, a function or a symbol). */
export function* jsonChunks(value: unknown): Generator<string> {
  // Pieces joined per chunk (one flat string each; `+=` would build ropes that every later read flattens).
  let parts: string[] = [];
  let size = 0;
  for (const piece of pieces('', value, '', DEPTH)) {
    parts.push(piece);
    size += piece.length;
    if (size >= CHUNK) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  parts.push('\n');
  yield parts.join('');
}

/** What JSON.stringify serialises for `value` under `key`: its `toJSON(key)` when it has one. */
function serialised(key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  return value;
}

/** JSON.stringify leaves these out of objects and writes them `null` in arrays. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Whether `value` (already serialised) holds an array longer than SMALL within `depth` levels. */
function holdsLong(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > SMALL || (depth > 0 && value.some((v) => holdsLong(serialised('', v), depth - 1)));
  return depth > 0 && Object.keys(value).some((k) => holdsLong(serialised(k, (value as Record<string, unknown>)[k]), depth - 1));
}

/**
 * `raw` under `key` as JSON.stringify writes it inside its holder, lines indented by `indent` (2 spaces
 * per level): stringified inside as many single-key holders as `indent` has levels, the innermost under
 * `key`, so that its toJSON is called with its key, once, and its lines come out indented already (no
 * pass over the text to indent it). Callers skip values JSON.stringify leaves out.
 */
function written(key: string, raw: unknown, indent: string): string {
  const levels = indent.length / 2;
  if (levels === 0) return JSON.stringify(raw, null, 2);
  let holder: Record<string, unknown> = { [key]: raw };
  for (let i = 1; i < levels; i++) holder = { '': holder };
  const text = JSON.stringify(holder, null, 2);
  // `{\n  "": {\n    …"key": VALUE\n    …}\n  }\n}`: every level's opening and closing are fixed.
  return text.slice(holderOpening(levels, key), text.length - holderClosing(levels));
}

/** Characters before the value in `levels` nested holders, the innermost holding `key`. */
function holderOpening(levels: number, key: string): number {
  // Each level: `{`, newline, its indent (2 per level), a quoted key, `: `.
  let n = 0;
  for (let i = 1; i <= levels; i++) n += 1 + 1 + 2 * i + (i === levels ? JSON.stringify(key).length : 2) + 2;
  return n;
}

/** Characters after the value: per level a newline, the enclosing indent and `}`. */
function holderClosing(levels: number): number {
  let n = 0;
  for (let i = 0; i < levels; i++) n += 1 + 2 * i + 1;
  return n;
}

/** Characters a run of items of a long array is written in, about (`batch`); at most MAX_RUN items a run. */
const RUN = 1 << 12;
const MAX_RUN = 512;

/** An item of a long array written whole in a run: no toJSON of its own (its key would be its place in the run), no long array within ITEM_DEPTH. */
function plainItem(item: unknown): boolean {
  return serialised('', item) === item && !holdsLong(item, ITEM_DEPTH);
}

/**
 * Items `from` to `to` (exclusive) of an array as the array's lines write them, each `\n` and `inner` before it
 * and `,` between: one JSON.stringify of those items as an array under `inner`'s indent, less its brackets.
 * Items JSON.stringify leaves out are `null` in an array either way.
 */
function batch(items: readonly unknown[], from: number, to: number, inner: string): string {
  const indent = inner.slice(2);
  const text = written('', items.slice(from, to), indent);
  // `[` … `\n${indent}]`.
  return text.slice(1, text.length - indent.length - 2);
}

function* pieces(key: string, raw: unknown, indent: string, depth: number): Generator<string> {
  const value = serialised(key, raw);
  if (!holdsLong(value, depth)) {
    yield written(key, raw, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    yield '[';
    const long = value.length > SMALL;
    // Items of a long array that are written whole go in runs, one JSON.stringify per run (batch).
    let run = 1;
    for (let i = 0; i < value.length; ) {
      const item = value[i];
      const s = serialised(String(i), item);
      if (long && s === item && !holdsLong(s, ITEM_DEPTH)) {
        let end = i + 1;
        while (end < value.length && end - i < run && plainItem(value[end])) end++;
        const text = batch(value, i, end, inner);
        yield i === 0 ? text : `,${text}`;
        // Runs of about RUN characters: as many items as the last run's size per item gives.
        run = Math.max(1, Math.min(MAX_RUN, Math.floor(((end - i) * RUN) / Math.max(text.length, 1))));
        i = end;
        continue;
      }
      yield `${i === 0 ? '' : ','}\n${inner}`;
      if (omitted(s)) yield 'null';
      else yield* pieces(String(i), item, inner, long ? ITEM_DEPTH : DEPTH);
      i++;
    }
    yield `\n${indent}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  yield '{';
  for (const k of Object.keys(record)) {
    if (omitted(serialised(k, record[k]))) continue;
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    yield* pieces(k, record[k], inner, DEPTH);
  }
  yield first ? '}' : `\n${indent}}`;
}
