/**
 * Lines of configuration keys in the text of a configuration file (`.github/reachdiff.yml`), for messages
 * as compilers print them (`FILE:LINE: key: message`): the CLI's `--config` file and the App's files.
 */
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * 1-based line of a configuration problem's key path (`failon`, `findings.severity.CROSS_NAMESPACE_PATH`,
 * `targets[0].roots`): of its key when written, else of the deepest key or list item on the path that is
 * (a key with dots in it, such as a CIDR under `externalNames`, stops at its mapping). Undefined for
 * `(root)` or text the `yaml` package cannot parse; with `exact`, also when the text does not write the
 * whole path (the App's merged files: another file may hold it).
 */
export function problemLine(text: string, key: string, exact = false): number | undefined {
  const counter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, strict: false });
  } catch {
    return undefined;
  }
  const path = [...key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? m[1] : Number(m[2])));
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const step of path) {
    let start: number | undefined;
    if (isMap(node) && typeof step === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
      if (!pair || !isScalar(pair.key)) return exact ? undefined : line;
      start = pair.key.range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item: unknown = node.items[step];
      if (!isNode(item)) return exact ? undefined : line;
      start = item.range?.[0];
      node = item;
    } else return exact ? undefined : line;
    if (start !== undefined) line = counter.linePos(start).line;
  }
  return line;
}
