import { InputError } from '../input';

/** Where a command writes: injectable so tests run commands in-process. */
export interface CliIo {
  /**
   * Whether standard error is a terminal (long runs then show progress on it).
   * @default false
   */
  readonly stderrIsTTY?: boolean;
  /**
   * The clock progress is timed with, in milliseconds (injectable for tests).
   * @default - performance.now
   */
  readonly now?: () => number;
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
}

/** A subcommand of `cdk8s-istio`. */
export interface CliCommand {
  /** The word that selects it, e.g. `validate`. */
  readonly name: string;
  /** One line for the usage text. */
  readonly summary: string;
  /** Runs it with the arguments after its name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit code for usage, I/O and parse errors (0 and 1 are each command's own). */
export const EXIT_USAGE = 2;

/** The subcommands, in the order `--help` lists them. */
const COMMANDS: CliCommand[] = [];

/** Registers a subcommand (index.ts registers each, its module loaded when it runs). */
export function registerCommand(command: CliCommand): void {
  COMMANDS.push(command);
}

const PROCESS_IO: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: process.stderr.isTTY === true,
};

function usage(): string {
  const width = Math.max(0, ...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cdk8s-istio <command> [options] PATH...',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `cdk8s-istio <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`cdk8s-istio: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // Whatever the input, one line and no stack: a bad file is the user's to fix, the rest is ours to report.
    io.stderr(`cdk8s-istio ${command.name}: ${failureMessage(e)}\n`);
    return EXIT_USAGE;
  }
}

/** One line for an exception that escaped a command: an input error as it is, anything else flagged as ours. */
export function failureMessage(e: unknown): string {
  if (e instanceof InputError) return e.message;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'the input is nested too deeply or too large to process';
  const message = e instanceof Error ? e.message : String(e);
  return `internal error (please report it): ${message.split('\n')[0]}`;
}
