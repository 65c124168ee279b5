/** Runs `run` with a PATH that holds no `helm` (nor anything else), as on a machine without Helm; PATH restored after. */
export async function withoutHelm<T>(run: () => Promise<T>): Promise<T> {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    return await run();
  } finally {
    process.env.PATH = path;
  }
}
