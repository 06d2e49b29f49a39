import { CliIo } from './main';

/** A run shows progress once it has taken this long (milliseconds). */
export const PROGRESS_AFTER_MS = 2000;
/** The progress line is redrawn at most this often (milliseconds). */
const REDRAW_MS = 100;

/**
 * One line of progress on standard error, redrawn in place (`\r`), for long runs only: shown once
 * the run passes PROGRESS_AFTER_MS, and only when standard error is a terminal and the output is
 * not meant for a program (`--format json`). Cleared when the run is done, so it never mixes with
 * the findings.
 */
export class Progress {
  /** The progress of a command run with `io`; `machineOutput` (JSON) turns it off. */
  public static of(name: string, io: CliIo, machineOutput: boolean): Progress {
    const now = io.now ?? (() => performance.now());
    return new Progress(name, io, now, io.stderrIsTTY === true && !machineOutput);
  }

  private readonly start: number;
  private drawnAt: number | undefined;

  private constructor(
    private readonly name: string,
    private readonly io: CliIo,
    private readonly now: () => number,
    private readonly enabled: boolean,
  ) {
    this.start = now();
  }

  /** Shows `text()` (called only when drawn) if the run is long enough and the line was not drawn just now. */
  public update(text: () => string): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.start < PROGRESS_AFTER_MS || (this.drawnAt !== undefined && t - this.drawnAt < REDRAW_MS)) return;
    this.drawnAt = t;
    this.io.stderr(`\r\x1b[K${this.name}: ${text()}`);
  }

  /** Clears the line, if it was drawn. */
  public done(): void {
    if (this.drawnAt !== undefined) this.io.stderr('\r\x1b[K');
    this.drawnAt = undefined;
  }
}

/** `3/10 files, 12000 objects read`. */
export function readingText(p: { filesDone: number; filesTotal: number; objects: number }): string {
  return `${p.filesDone}/${p.filesTotal} file${p.filesTotal === 1 ? '' : 's'}, ${p.objects} object${p.objects === 1 ? '' : 's'} read`;
}
