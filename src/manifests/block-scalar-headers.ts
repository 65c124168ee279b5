/**
 * A block scalar header (`|`, `>`, with their chomping and indentation indicators) written on the line
 * after its key, at the key's own column:
 *
 *     data:
 *       mosquitto.conf:
 *       |
 *         listener 1883
 *
 * The YAML 1.2 grammar wants the header indented deeper than the key (`s-separate(n+1)`), and js-yaml and
 * the `yaml` package refuse the text ("bad indentation of a mapping entry"). go-yaml, the reader of
 * Kustomize (kyaml), kubectl (sigs.k8s.io/yaml) and Argo CD, takes it: like libyaml, whose port it is, its
 * scanner ends a block only at a column left of the open mapping's, and a block scalar, unlike a plain or
 * quoted scalar, an anchor or a tag, is never a candidate key that the column would require to be one
 * ("could not find expected ':'"). Checked with `kubectl kustomize` 5.5: such a ConfigMap builds and reads
 * as if the header sat one column deeper; with `&a |`, `"text"` or `text` at that column it fails.
 *
 * real-eval 29 (a Flux repository whose `apps/production` build held a ConfigMap written so): every policy
 * change under it read as "not analysed (failing on head and on base)" where Flux applied it.
 */

/** A header alone on its line (a comment may follow), at `indent` spaces. */
const HEADER = /^( *)[|>](?:[1-9][+-]?|[+-][1-9]?)?[ \t]*(?:#.*)?$/;
/**
 * A key with no value on its line (a comment may follow), after any `- ` of the sequences it opens: a
 * quoted key, or a plain one that holds no `: ` (else the line is a key with a value ending in `:`).
 */
const EMPTY_KEY = /^( *)((?:-[ ]+)*)("[^"]*"|'[^']*'|[^\s#'"&*!|>%@`{[\]?,-][^#]*?):[ \t]*(?:#.*)?$/;

/**
 * `text` with every header that sits at the column of the key it follows (blank and comment lines
 * between them allowed) moved one column right, which changes no line and no value go-yaml reads; or
 * undefined when there is none. Only for a text js-yaml refused: a text that parses is never rewritten.
 */
export function goYamlBlockHeaders(text: string): string | undefined {
  const lines = text.split('\n');
  let keyColumn: number | undefined;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const header = HEADER.exec(line);
    if (header && keyColumn !== undefined && header[1].length === keyColumn) {
      lines[i] = ' ' + line;
      changed = true;
      keyColumn = undefined;
      continue;
    }
    const key = EMPTY_KEY.exec(line);
    keyColumn = key && !key[3].includes(': ') ? key[1].length + key[2].length : undefined;
  }
  return changed ? lines.join('\n') : undefined;
}
