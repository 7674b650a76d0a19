// Reading a secret from the terminal without echoing it. Raw mode hands every key press over
// one by one, so the typed characters never appear, not even as asterisks (which would show
// the password's length to anyone looking).
import { CliError } from '../cli-error.js';

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\x7f', '\b']);
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_U = '\x15';

/** The streams a prompt uses: a TTY to read from and somewhere to write the question. */
export interface PromptStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WritableStream;
}

/**
 * Asks `question` on `output` and reads one line from the terminal `input` without echo.
 * @throws CliError INTERRUPTED on Ctrl-C, or Ctrl-D on an empty line.
 */
export function promptSecret(question: string, { input, output }: PromptStreams): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const wasRaw = input.isRaw;
    // Echo goes off before the question appears: whatever is typed once it shows is never echoed.
    input.setRawMode(true);
    output.write(question);
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (ENTER.has(char)) return finish(() => resolve(typed));
        if (char === CTRL_C || (char === CTRL_D && typed === '')) {
          return finish(() => reject(new CliError('INTERRUPTED', 'Interrupted.')));
        }
        if (BACKSPACE.has(char)) typed = [...typed].slice(0, -1).join('');
        else if (char === CTRL_U) typed = '';
        else if (char >= ' ') typed += char;
      }
    };
    input.resume();
    input.on('data', onData);
  });
}
