/** One line of a byte stream: its text, or the fact that it was longer than allowed. */
export type StreamLine =
  | { readonly lineNumber: number; readonly text: string }
  | { readonly lineNumber: number; readonly tooLong: true; readonly bytes: number };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into UTF-8 lines (`\n` or `\r\n`) without ever holding more than
 * `maxLineBytes` of one line: a longer line is skipped to its end and reported as `tooLong`,
 * so one runaway line cannot exhaust memory. The last line need not end with a newline.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<StreamLine> {
  let pieces: Buffer[] = [];
  let length = 0;
  let skipping = false;
  let lineNumber = 1;
  const finish = (): StreamLine => {
    const line: StreamLine = skipping
      ? { lineNumber, tooLong: true, bytes: length }
      : { lineNumber, text: Buffer.concat(pieces, length).toString('utf8').replace(/\r$/, '') };
    pieces = [];
    length = 0;
    skipping = false;
    lineNumber++;
    return line;
  };
  const take = (part: Buffer) => {
    length += part.length;
    if (skipping) return;
    if (length > maxLineBytes) {
      skipping = true;
      pieces = [];
    } else pieces.push(part);
  };
  for await (const chunk of chunks) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let nl = buffer.indexOf(NEWLINE, start); nl !== -1; nl = buffer.indexOf(NEWLINE, start)) {
      take(buffer.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    if (start < buffer.length) take(buffer.subarray(start));
  }
  if (length > 0 || skipping) yield finish();
}
