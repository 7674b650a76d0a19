/**
 * Runs once when the server starts. Next.js compiles this file for the Edge runtime too, where
 * nothing can exit, so the check itself lives in a file only the Node.js server loads.
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is a constant Next.js sets per bundle, so the other bundle drops this branch.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkWebConfigOrExit } = await import('./lib/server/check-web-config.ts');
    checkWebConfigOrExit();
  }
}
