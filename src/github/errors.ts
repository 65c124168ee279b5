/** One line describing an error for a check run's summary: GitHub's status and request when it was an API call. */
export function describeError(error: unknown): string {
  const e = error as { status?: number; message?: string; request?: { method?: string; url?: string } };
  const where = e.request?.method && e.request.url ? ` (${e.request.method} ${e.request.url.replace(/\?.*$/, '')})` : '';
  const status = e.status ? `GitHub answered ${e.status}${where}: ` : '';
  return `${status}${e.message ?? String(error)}`;
}
