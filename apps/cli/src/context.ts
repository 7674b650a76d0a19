// What every command gets: settings, the terminal, output in the chosen mode, the API client,
// the stored session, secrets from the environment or a prompt, and progress bars.
import { type CliConfig, DEFAULT_CLI_SERVER, DEFAULT_CLI_WEB_URL } from '@coffre/config/cli';
import { type CoffreClient, createClient } from '@coffre/sdk/client';
import { CliError } from './cli-error.js';
import { createPinFile } from './store/pin-file.js';
import { type OpenSession, loadSession } from './store/session-file.js';
import { loadSettings } from './store/settings-file.js';
import { createProgressBar, type Progress, silentProgress } from './terminal/progress.js';
import { promptSecret } from './terminal/prompt.js';
import { USER_AGENT } from './version.js';

/** The process's streams (tests and the entry point pass the real ones). */
export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Options every command accepts. */
export interface GlobalOptions {
  server?: string;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

/** What the CLI is started with. */
export interface CliDependencies {
  config: CliConfig;
  io: Io;
  /** The platform's fetch unless given. */
  fetch?: typeof fetch;
}

/** The secrets the CLI may ask for, each with its environment variable. */
export type SecretKind = 'password' | 'newPassword' | 'recoveryKey' | 'linkPassword';

const SECRET_SOURCES: Record<SecretKind, { variable: string; question: string }> = {
  password: { variable: 'COFFRE_PASSWORD', question: 'Password: ' },
  newPassword: { variable: 'COFFRE_NEW_PASSWORD', question: 'New password: ' },
  recoveryKey: { variable: 'COFFRE_RECOVERY_KEY', question: 'Recovery key: ' },
  linkPassword: { variable: 'COFFRE_LINK_PASSWORD', question: 'Link password: ' },
};

/** A signed-in command's session: the stored session, keys open, and a client using its token. */
export interface SignedInContext extends OpenSession {
  client: CoffreClient;
}

/** The context of one command. */
export class CommandContext {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly quiet: boolean;
  private readonly fetchWithAgent: typeof fetch;
  private sessionLoaded = false;

  constructor(
    private readonly dependencies: CliDependencies,
    private readonly options: GlobalOptions,
  ) {
    this.json = options.json === true;
    this.verbose = options.verbose === true;
    this.quiet = options.quiet === true;
    const baseFetch = dependencies.fetch ?? globalThis.fetch.bind(globalThis);
    this.fetchWithAgent = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('user-agent', USER_AGENT);
      return baseFetch(input, { ...init, headers });
    };
  }

  get config(): CliConfig {
    return this.dependencies.config;
  }

  get io(): Io {
    return this.dependencies.io;
  }

  /** The fetch the CLI's clients use: the platform's, with the CLI's User-Agent. */
  get fetch(): typeof fetch {
    return this.fetchWithAgent;
  }

  /** True once the command loaded the stored session (its token is then the one in use). */
  get usedSession(): boolean {
    return this.sessionLoaded;
  }

  /** The server named on the command line or by COFFRE_SERVER, if any. */
  get explicitServer(): string | undefined {
    const flag = this.options.server?.replace(/\/+$/, '');
    if (flag !== undefined && !/^https?:$/.test(URL.parse(flag)?.protocol ?? '')) {
      throw new CliError('USAGE', `--server must be an http:// or https:// URL, not "${this.options.server}".`);
    }
    return flag ?? this.config.server;
  }

  /**
   * The server to sign up or sign in to, or to fetch links from: --server, COFFRE_SERVER, the
   * stored session's, config.json's, or the local default, in that order.
   */
  async server(): Promise<string> {
    const explicit = this.explicitServer;
    if (explicit !== undefined) return explicit;
    const session = await loadSession(this.config.stateDir).catch(() => undefined);
    return session?.server ?? (await loadSettings(this.config.configDir)).server ?? DEFAULT_CLI_SERVER;
  }

  /**
   * The web drive's origin that share links made against `server` open on: COFFRE_WEB_URL,
   * config.json's `web`, the web drive beside the local default API, or else the API's own origin.
   */
  async webUrl(server: string): Promise<string> {
    return this.config.webUrl ?? (await loadSettings(this.config.configDir)).web ?? (server === DEFAULT_CLI_SERVER ? DEFAULT_CLI_WEB_URL : server);
  }

  /** A client of `server`, with the pin file and, when given, a session's token. */
  client(server: string, token?: string): CoffreClient {
    return createClient({ baseUrl: server, pinStore: createPinFile(this.config.configDir), fetch: this.fetchWithAgent, ...(token !== undefined && { token }) });
  }

  /**
   * The stored session, with a client on its server.
   * @throws CliError NOT_SIGNED_IN when there is none, or when --server / COFFRE_SERVER names
   *   another server than the session's.
   */
  async signedIn(): Promise<SignedInContext> {
    const session = await loadSession(this.config.stateDir);
    if (session === undefined) throw new CliError('NOT_SIGNED_IN', 'Not signed in: run `coffre login <email>` (or `coffre signup <email>`).');
    const explicit = this.explicitServer;
    if (explicit !== undefined && explicit !== session.server) {
      throw new CliError('NOT_SIGNED_IN', `Signed in to ${session.server}, not ${explicit}: run \`coffre login <email> --server ${explicit}\`.`);
    }
    this.sessionLoaded = true;
    return { ...session, client: this.client(session.server, session.token) };
  }

  /**
   * A secret: from its environment variable if set, else asked on the terminal without echo
   * (twice when `confirm`, for a new password). Never from the command line.
   * @throws CliError NO_SECRET when neither is available; USAGE when the two entries differ or
   *   the secret is empty.
   */
  async secret(kind: SecretKind, confirm = false): Promise<string> {
    const { variable, question } = SECRET_SOURCES[kind];
    const fromEnvironment = this.config.secrets[kind];
    if (fromEnvironment !== undefined) return fromEnvironment;
    const { stdin, stderr } = this.io;
    if (!stdin.isTTY) throw new CliError('NO_SECRET', `No ${question.slice(0, -2).toLowerCase()}: set ${variable}, or run coffre in a terminal to be asked.`);
    const streams = { input: stdin, output: stderr };
    const value = await promptSecret(question, streams);
    if (value === '') throw new CliError('USAGE', `The ${question.slice(0, -2).toLowerCase()} cannot be empty.`);
    if (confirm && (await promptSecret(`Repeat ${question[0]!.toLowerCase()}${question.slice(1)}`, streams)) !== value) {
      throw new CliError('USAGE', 'The two entries did not match.');
    }
    return value;
  }

  /** Prints the result: `value` as one line of JSON with --json, else `human()` (if any) as text. */
  result(value: unknown, human?: () => string): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value)}\n`);
    else if (human !== undefined) {
      const text = human();
      if (text !== '') this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  /** A line of a result for people, printed as it happens (nothing with --json). */
  say(text: string): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** A remark for people on stderr (warnings, hints); silent with --json or --quiet. */
  note(text: string): void {
    if (!this.json && !this.quiet) this.io.stderr.write(`${text}\n`);
  }

  /** A progress bar on stderr when it is a terminal and neither --json nor --quiet is set. */
  progress(label: string, total: number): Progress {
    const { stderr } = this.io;
    return stderr.isTTY && !this.json && !this.quiet ? createProgressBar(stderr, label, total) : silentProgress;
  }
}
