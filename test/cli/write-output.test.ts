import { Writable } from 'node:stream';
import { writeOutput } from '../../src/cli/write-output.js';

/** A stdout whose reader goes away after `accepts` writes, as `| head` does. */
function pipe(accepts: number, code = 'EPIPE'): { stream: Writable; got: string[] } {
  const got: string[] = [];
  const stream = new Writable({
    highWaterMark: 4,
    write(chunk: Buffer, _enc, done) {
      if (got.length >= accepts) {
        done(Object.assign(new Error(`write ${code}`), { code }));
        return;
      }
      got.push(chunk.toString());
      done();
    },
  });
  return { stream, got };
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write(c: Buffer, _e, done) { text += c.toString(); done(); } }), text: () => text };
}

function* lines(n: number, produced: { count: number }): Generator<string> {
  for (let i = 0; i < n; i++) { produced.count++; yield `row ${i}\n`; }
}

describe('writeOutput', () => {
  test('writes stdout, every chunk, then stderr, and keeps the exit code', async () => {
    const out = sink(); const err = sink();
    const code = await writeOutput({ stdout: 'head\n', chunks: ['a\n', 'b\n'], stderr: 'note\n', exitCode: 1 }, out.stream, err.stream);
    expect(out.text()).toBe('head\na\nb\n');
    expect(err.text()).toBe('note\n');
    expect(code).toBe(1);
  });

  test('what is said first (a flag the command ignores) is on stderr before stdout is written', async () => {
    const order: string[] = [];
    const recorder = (name: string) => new Writable({ write(c: Buffer, _e, done) { order.push(`${name}:${c.toString()}`); done(); } });
    await writeOutput({ stdout: 'report\n', stderr: 'note\n', stderrFirst: 'warning: --target ignored\n', exitCode: 0 }, recorder('out'), recorder('err'));
    expect(order).toEqual(['err:warning: --target ignored\n', 'out:report\n', 'err:note\n']);
  });

  test('a reader that closes early (EPIPE) ends the run quietly with the verdict exit code and stops producing chunks', async () => {
    const out = pipe(3); const err = sink();
    const produced = { count: 0 };
    const code = await writeOutput({ stdout: 'head\n', chunks: lines(100000, produced), stderr: 'note\n', exitCode: 1 }, out.stream, err.stream);
    expect(code).toBe(1);
    expect(err.text()).toBe('note\n');
    expect(out.got.length).toBe(3);
    expect(produced.count).toBeLessThan(100000);
  });

  test('another write failure is one internal-error line and exit 2, never a stack trace', async () => {
    const out = pipe(1, 'EIO'); const err = sink();
    const code = await writeOutput({ stdout: 'head\n', chunks: ['a\n', 'b\n', 'c\n'], stderr: '', exitCode: 0 }, out.stream, err.stream);
    expect(code).toBe(2);
    expect(err.text()).toBe('reachdiff: internal error: write EIO\n');
  });

  test('a chunk that fails while being produced is said as main() says its own', async () => {
    const out = sink(); const err = sink();
    function* failing(): Generator<string> { yield 'a\n'; throw new Error('boom'); }
    const code = await writeOutput({ stdout: '', chunks: failing(), stderr: '', exitCode: 0 }, out.stream, err.stream);
    expect(code).toBe(2);
    expect(err.text()).toBe('reachdiff: internal error: boom\n');
    expect(out.text()).toBe('a\n');
  });
});
