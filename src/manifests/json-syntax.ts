/**
 * Strict JSON, as kubectl reads a manifest whose text starts with `{`: apimachinery's YAMLOrJSONDecoder
 * (util/yaml/decoder.go, GuessJSONStream) hands such a stream to Go's encoding/json, which refuses what
 * YAML's flow style accepts (a trailing comma, a comment, single quotes, an unquoted key). js-yaml, which
 * parses every manifest, reads those silently, so a `.json` file kubectl rejects was analysed as applied.
 * This scanner only validates (js-yaml still builds the values and their lines): a stream of JSON values
 * separated by white space, the first error with its line, worded as encoding/json's.
 */

import { lineAtOffset } from '../util/line-ends.js';

export interface JsonSyntaxError {
  readonly message: string;
  /** 1-based line of the offending character. */
  readonly line: number;
}

/** Whether kubectl reads `text` as JSON: its first character that is not white space is `{`. */
export function readAsJson(text: string): boolean {
  return /^[\s\ufeff]*\{/.test(text);
}

/** The first JSON syntax error of a stream of JSON values, or `undefined` when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  return scanJsonStream(text).error;
}

/** One value of a JSON stream: its text from `start` to `end` (offsets). */
export interface JsonValueSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * A stream of JSON values as kubectl's decoder reads it: the values it decodes, one object each, up to
 * the first syntax error; `error` and the offset of the value it stops in (`failedAt`), where kubectl stops
 * (the objects before it are applied, the rest is not).
 */
export function scanJsonStream(text: string): { readonly values: readonly JsonValueSpan[]; readonly error?: JsonSyntaxError; readonly failedAt?: number } {
  const scanner = new Scanner(text);
  const values: JsonValueSpan[] = [];
  let start = 0;
  try {
    scanner.space();
    while (scanner.i < text.length) {
      start = scanner.i;
      scanner.value();
      values.push({ start, end: scanner.i });
      scanner.space();
    }
    return { values };
  } catch (e) {
    if (e instanceof Failure) return { values, error: { message: e.message, line: lineAtOffset(text, e.at) }, failedAt: start };
    throw e;
  }
}

class Failure extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Scanner {
  i = 0;
  constructor(private readonly text: string) {}

  space(): void {
    // A byte order mark starts the file in some editors' output; Go's decoder skips only JSON white space, but kubectl strips the BOM first.
    while (this.i < this.text.length && ' \t\r\n\ufeff'.includes(this.text[this.i])) this.i++;
  }

  value(): void {
    const c = this.text[this.i];
    if (c === '{') return this.container('}', () => {
      this.string('looking for beginning of object key string');
      this.space();
      this.expect(':', 'after object key');
      this.space();
      this.value();
    });
    if (c === '[') return this.container(']', () => this.value());
    if (c === '"') return this.string('looking for beginning of value');
    const literal = LITERALS.find((l) => this.text.startsWith(l, this.i));
    if (literal) return void (this.i += literal.length);
    NUMBER.lastIndex = this.i;
    if (c !== undefined && NUMBER.test(this.text)) return void (this.i = NUMBER.lastIndex);
    throw this.unexpected('looking for beginning of value');
  }

  /** `{…}` or `[…]`: items separated by commas, none after the last (encoding/json has no trailing comma). */
  private container(close: string, item: () => void): void {
    this.i++;
    this.space();
    if (this.text[this.i] === close) return void this.i++;
    for (;;) {
      item();
      this.space();
      if (this.text[this.i] === close) return void this.i++;
      const comma = this.i;
      this.expect(',', close === '}' ? 'after object key:value pair' : 'after array element');
      this.space();
      if (this.text[this.i] === close) throw new Failure(`a comma before "${close}": JSON allows no trailing comma (kubectl's JSON decoder refuses it: invalid character '${close}' looking for beginning of ${close === '}' ? 'object key string' : 'value'})`, comma);
    }
  }

  private string(context: string): void {
    if (this.text[this.i] !== '"') throw this.unexpected(context);
    STRING.lastIndex = this.i;
    if (!STRING.test(this.text)) throw new Failure('invalid JSON string (an unescaped control character, a bad escape or no closing quote)', this.i);
    this.i = STRING.lastIndex;
  }

  private expect(c: string, context: string): void {
    if (this.text[this.i] !== c) throw this.unexpected(context);
    this.i++;
  }

  private unexpected(context: string): Failure {
    const c = this.text[this.i];
    return c === undefined ? new Failure('unexpected end of JSON input', this.i) : new Failure(`invalid character ${JSON.stringify(c)} ${context}`, this.i);
  }
}
