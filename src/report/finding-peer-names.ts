/**
 * A finding's message in a diff's prose: the pods it points the reader to (`(ID in diff)`, findings/
 * policy-selects-nothing.ts, peer-selects-nothing.ts) named as the diff's sections name them, so the reader
 * finds them there (new-user trial 46b, finding 3: a 200-character id beside `[pod with {…} +3 labels]`
 * everywhere else). The JSON, SARIF and lint keep the message as the finding writes it, with the id.
 */

/** The marker after the id the message points to the diff with. */
const IN_DIFF = ' in diff)';

/** `message` with each `(ID in diff)` written `(NAME in diff)`, `name` giving NAME (the id itself when it has no other). */
export function findingMessageText(message: string, name: (id: string) => string): string {
  let out = '';
  let from = 0;
  for (let end = message.indexOf(IN_DIFF); end >= 0; end = message.indexOf(IN_DIFF, end + IN_DIFF.length)) {
    const start = idStart(message, end);
    if (start < from) continue;
    out += `${message.slice(from, start)}${name(message.slice(start, end))}`;
    from = end;
  }
  return out + message.slice(from);
}

/**
 * Where the id ending at `end` starts: after the `(` that opens the remark, or after its last `: ` (`(made by an
 * operator, …: ID in diff)`), brackets inside the id (`[pod with {app NotIn (a,b)}]`) balanced; 0 when neither.
 */
function idStart(text: string, end: number): number {
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return i + 1;
      depth--;
    } else if (depth === 0 && c === ' ' && text.charAt(i - 1) === ':') return i + 1;
  }
  return 0;
}
