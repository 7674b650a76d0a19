// Running `coffre` on a real pseudo-terminal (util-linux `script`), to check what a person at a
// terminal sees: prompts that do not echo, progress bars on stderr.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { coffreBin } from './paths.js';

/** A `coffre` run on a pseudo-terminal. */
export interface TerminalRun {
  /** Everything the terminal showed so far (stdout and stderr together, as on a screen). */
  readonly screen: () => string;
  /** Resolves once the screen shows `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Types `text` (add `\r` for Enter). */
  type(text: string): void;
  /** Resolves with the exit code once the command ended. */
  exited: Promise<number | null>;
  child: ChildProcess;
}

/** Starts `coffre <args>` on a pseudo-terminal with exactly `env` (plus PATH). */
export function runOnTerminal(args: readonly string[], env: Record<string, string>): TerminalRun {
  const command = [process.execPath, coffreBin, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  // -q: no banner; -e: exit with the command's code; -f: flush output at once; log to nowhere.
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    screen += chunk.toString();
    for (const waiter of waiters.filter((entry) => screen.includes(entry.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = once(child, 'close').then(([code]) => code as number | null);
  return {
    screen: () => screen,
    waitFor: (text, timeoutMs = 20_000) =>
      screen.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the terminal never showed ${JSON.stringify(text)}; it shows:\n${screen}`)), timeoutMs);
            waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
          }),
    type: (text) => child.stdin.write(text),
    exited,
    child,
  };
}
