/** An error the user can fix; printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {}
