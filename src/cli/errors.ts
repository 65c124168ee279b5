/**
 * An error the user can fix; printed as one line (or a few), exit code 2, never a stack trace.
 * `command`: the command the arguments were for; the message is then prefixed `reachdiff CMD:`.
 * `help`: add a line pointing to the help that lists the valid choices: that command's (a name), or the global one (`true`).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly context: { readonly command?: string; readonly help?: string | true } = {},
  ) {
    super(message);
  }
}

/** The text `main` prints for a UsageError (with a final newline). */
export function usageErrorText(e: UsageError): string {
  const { command, help } = e.context;
  const head = `reachdiff${command ? ` ${command}` : ''}: ${e.message}\n`;
  if (help === undefined) return head;
  return head + (help === true ? `run 'reachdiff --help' for the commands and options\n` : `run 'reachdiff ${help} --help' for its options\n`);
}
