/** A file that could not be read or parsed: the message names the file (and line) and never holds the file's content. */
export class InputError extends Error {
  public constructor(public readonly file: string, public readonly line: number | undefined, message: string) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = 'InputError';
  }
}
