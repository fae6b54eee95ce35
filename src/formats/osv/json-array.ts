/** One element of a streamed JSON array: its text, or the fact that it was larger than allowed. */
export type ArrayElement =
  | { readonly index: number; readonly text: string }
  | { readonly index: number; readonly tooLong: true; readonly bytes: number };

/** The stream is not one well-formed JSON array at the top level. */
export class JsonArrayError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/**
 * Splits a byte stream holding one JSON array into the texts of its elements without
 * parsing the whole array, so a file of thousands of records costs one record's memory. Only
 * the structure is scanned (strings, escapes, nesting); each element is parsed later on its
 * own. An element above `maxElementBytes` is skipped and reported as `tooLong`. Throws
 * {@link JsonArrayError} when the structure itself is broken.
 */
export async function* splitJsonArray(chunks: AsyncIterable<Buffer>, maxElementBytes: number): AsyncGenerator<ArrayElement> {
  const scan = new ArrayScanner(maxElementBytes);
  for await (const chunk of chunks) yield* scan.feed(chunk);
  scan.finish();
}

type State = 'start' | 'between' | 'element' | 'end';

class ArrayScanner {
  private state: State = 'start';
  private expectValue = true;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private index = 0;
  private pieces: Buffer[] = [];
  private length = 0;
  private bomBytes = 0;

  constructor(private readonly maxElementBytes: number) {}

  *feed(chunk: Buffer): Generator<ArrayElement> {
    let start = this.state === 'element' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.state === 'element') {
        const end = this.elementEnd(b, i);
        if (end === undefined) continue;
        this.take(chunk.subarray(start, end));
        yield this.emit();
        start = -1;
        if (end === i) i--; // the comma or bracket that ended a scalar belongs to the array
        continue;
      }
      if (this.structural(b)) {
        start = i;
        i--; // rescan the element's first byte in element state
      }
    }
    if (this.state === 'element' && start !== -1) this.take(chunk.subarray(start));
  }

  finish(): void {
    if (this.state !== 'end') throw new JsonArrayError('the JSON array is not closed');
  }

  /** Handles a byte outside any element; `true` when it starts one. */
  private structural(b: number): boolean {
    if (isBlank(b)) return false;
    if (this.state === 'start') {
      if (b === OPEN_BRACKET) this.state = 'between';
      else if (this.bomBytes < 3 && (b === 0xef || b === 0xbb || b === 0xbf)) this.bomBytes++;
      else throw new JsonArrayError('the document is not a JSON array');
      return false;
    }
    if (this.state === 'end') throw new JsonArrayError('data after the end of the JSON array');
    if (b === CLOSE_BRACKET && (!this.expectValue || this.index === 0)) {
      this.state = 'end';
      return false;
    }
    if (b === COMMA && !this.expectValue) {
      this.expectValue = true;
      return false;
    }
    if (!this.expectValue || b === COMMA || b === CLOSE_BRACKET) throw new JsonArrayError(`unexpected "${String.fromCharCode(b)}" after element ${this.index - 1}`);
    this.state = 'element';
    this.expectValue = false;
    this.depth = 0;
    return true;
  }

  /** Scans a byte inside an element; the exclusive end offset when the element ends here. */
  private elementEnd(b: number, i: number): number | undefined {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) this.inString = false;
      return undefined;
    }
    if (b === QUOTE) this.inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
    else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && this.depth > 0) {
      this.depth--;
      if (this.depth === 0) return i + 1;
    } else if (this.depth === 0 && (b === COMMA || b === CLOSE_BRACKET || isBlank(b))) return i;
    return undefined;
  }

  private take(part: Buffer): void {
    this.length += part.length;
    if (this.length > this.maxElementBytes) this.pieces = [];
    else this.pieces.push(part);
  }

  private emit(): ArrayElement {
    const index = this.index++;
    const element: ArrayElement =
      this.length > this.maxElementBytes
        ? { index, tooLong: true, bytes: this.length }
        : { index, text: Buffer.concat(this.pieces, this.length).toString('utf8') };
    this.pieces = [];
    this.length = 0;
    this.state = 'between';
    return element;
  }
}
