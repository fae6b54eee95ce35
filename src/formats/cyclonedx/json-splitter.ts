/**
 * An incremental splitter over the bytes of a CycloneDX JSON document: it finds each element
 * of the top-level `components` array (nested components stay inside their element) and each
 * other top-level member, without building any value, so a document of hundreds of MB is read
 * one element at a time. Each piece then goes to `JSON.parse`.
 *
 * Why hand-written rather than a streaming JSON library: none is a dependency, and none is
 * needed. Cutting JSON into pieces takes only nesting depth and string/escape state; `JSON.parse`
 * (native, exact) then reads each piece. A token-level streaming parser would rebuild every
 * value in JavaScript, slower and with more code to trust. The splitter works on bytes, not
 * text: every structural character of JSON is ASCII and no byte of a multi-byte UTF-8 sequence
 * is below 0x80, so a byte can be mistaken for a quote, bracket or backslash never. Inside
 * strings it jumps from quote to backslash with `indexOf` (memchr), so most bytes are never
 * looked at in JavaScript.
 *
 * It does not validate the pieces — `JSON.parse` does, and a broken piece is a syntax error
 * there — but it does check the structure between them (braces, brackets, commas, colons,
 * member names), so a document whose every piece parses is valid JSON exactly when the splitter
 * reports no `problem`. Depth is counted as the depth guard counts it (the top-level object is
 * depth 0, its members' values 1, the elements of `components` 2), so the guard needs no tree.
 */

/** What the splitter found. Offsets are absolute byte offsets; `end` is exclusive. */
export type SplitEvent =
  /** A top-level member other than the `components` array. `bytes` only with `capture`. */
  | { readonly kind: 'member'; readonly key: string; readonly start: number; readonly end: number; readonly maxDepth: number; readonly bytes?: Uint8Array }
  /** The `components` array opens (its elements follow, then `components-end`). */
  | { readonly kind: 'components'; readonly start: number }
  | { readonly kind: 'element'; readonly index: number; readonly start: number; readonly end: number; readonly maxDepth: number; readonly bytes?: Uint8Array }
  | { readonly kind: 'components-end'; readonly end: number }
  /** The structure is broken, or (`notAnObject`) the top-level value is no object; nothing more is reported. */
  | { readonly kind: 'problem'; readonly message: string; readonly offset: number; readonly notAnObject?: true };

export interface SplitterOptions {
  /** Deliver each piece's bytes (a copy, so chunks may be reused). Off when the caller holds the whole input and slices it by offsets. */
  readonly capture?: boolean;
  /** The array member to split (default `components`). */
  readonly arrayKey?: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
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

/** Where the splitter is between values. */
type State = 'start' | 'key' | 'first-key' | 'colon' | 'value' | 'after' | 'array-first' | 'array-value' | 'array-after' | 'end';

/** A value being scanned: a container (depth counting), a string, or a bare literal (number, true, false, null). */
type ValueKind = 'container' | 'string' | 'literal';

export class ComponentsSplitter {
  private readonly capture: boolean;
  private readonly arrayKey: string;
  private offset = 0;
  private state: State = 'start';
  private failed = false;
  private events: SplitEvent[] = [];
  // The value being scanned, if any.
  private kind: ValueKind | undefined;
  private inElement = false;
  private valueStart = 0;
  private depth = 0;
  private baseDepth = 0;
  private maxDepth = 0;
  private inString = false;
  private escapeNext = false;
  private parts: Uint8Array[] = [];
  // The member name being read, and the last one read.
  private readingKey = false;
  private keyParts: Uint8Array[] = [];
  private keyStart = 0;
  private key = '';
  private nextIndex = 0;
  private nextBackslash = -1;
  private bom = 0;

  constructor(options: SplitterOptions = {}) {
    this.capture = options.capture ?? false;
    this.arrayKey = options.arrayKey ?? 'components';
  }

  /** Feeds the next chunk; returns what was completed inside it. */
  push(chunk: Uint8Array): SplitEvent[] {
    this.events = [];
    if (this.failed) return this.events;
    const n = chunk.length;
    this.nextBackslash = -1;
    let i = 0;
    while (i < n && !this.failed) {
      if (this.kind !== undefined) i = this.scanValue(chunk, i);
      else if (this.readingKey) i = this.scanKey(chunk, i);
      else i = this.between(chunk, i);
    }
    // Pieces that continue into the next chunk keep a copy of their part (the caller may reuse its buffer).
    if (this.kind !== undefined && this.capture) this.parts.push(copy(chunk.subarray(Math.max(0, this.valueStart - this.offset))));
    if (this.readingKey) this.keyParts.push(copy(chunk.subarray(Math.max(0, this.keyStart - this.offset))));
    this.offset += n;
    return this.events;
  }

  /** Signals the end of input; reports truncation. */
  end(): SplitEvent[] {
    this.events = [];
    if (this.failed) return this.events;
    if (this.state === 'start') this.fail('The document is empty.', this.offset);
    else if (this.state !== 'end') {
      const where = this.inElement || this.state.startsWith('array') ? ` inside element ${this.nextIndex} of "${this.arrayKey}"` : '';
      this.fail(`Unexpected end of the document${where} (truncated?).`, this.offset);
    }
    return this.events;
  }

  /** Structural characters between values. Returns the next index to look at. */
  private between(chunk: Uint8Array, i: number): number {
    const c = chunk[i] as number;
    if (isWhitespace(c)) return i + 1;
    const at = this.offset + i;
    switch (this.state) {
      case 'start':
        // A UTF-8 byte order mark is common in files written on Windows and is not JSON.
        if (at === this.bom && this.bom < 3 && c === UTF8_BOM[this.bom]) {
          this.bom++;
          return i + 1;
        }
        if (c !== OPEN_BRACE || (this.bom > 0 && this.bom < 3)) {
          this.fail('The top-level value is not an object.', at);
          this.events[this.events.length - 1] = { kind: 'problem', message: 'The top-level value is not an object.', offset: at, notAnObject: true };
          return Number.MAX_SAFE_INTEGER;
        }
        this.state = 'first-key';
        return i + 1;
      case 'first-key':
      case 'key':
        if (c === QUOTE) {
          this.readingKey = true;
          this.keyStart = at + 1;
          this.keyParts = [];
          return i + 1;
        }
        if (c === CLOSE_BRACE && this.state === 'first-key') {
          this.state = 'end';
          return i + 1;
        }
        return this.fail('Expected a member name.', at);
      case 'colon':
        if (c !== COLON) return this.fail('Expected ":" after a member name.', at);
        this.state = 'value';
        return i + 1;
      case 'value':
        if (this.key === this.arrayKey && c === OPEN_BRACKET) {
          this.events.push({ kind: 'components', start: at });
          this.state = 'array-first';
          return i + 1;
        }
        return this.beginValue(chunk, i, false);
      case 'after':
        if (c === COMMA) this.state = 'key';
        else if (c === CLOSE_BRACE) this.state = 'end';
        else return this.fail('Expected "," or "}" after a member.', at);
        return i + 1;
      case 'array-first':
      case 'array-value':
        if (c === CLOSE_BRACKET && this.state === 'array-first') return this.closeArray(at, i);
        if (c === CLOSE_BRACKET || c === CLOSE_BRACE || c === COMMA || c === COLON) return this.fail(`Expected an element of "${this.arrayKey}".`, at);
        return this.beginValue(chunk, i, true);
      case 'array-after':
        if (c === COMMA) {
          this.state = 'array-value';
          return i + 1;
        }
        if (c === CLOSE_BRACKET) return this.closeArray(at, i);
        return this.fail(`Expected "," or "]" in "${this.arrayKey}".`, at);
      case 'end':
        return this.fail('Unexpected content after the top-level object.', at);
    }
  }

  private closeArray(at: number, i: number): number {
    this.events.push({ kind: 'components-end', end: at + 1 });
    this.state = 'after';
    return i + 1;
  }

  private beginValue(chunk: Uint8Array, i: number, inElement: boolean): number {
    const c = chunk[i] as number;
    this.inElement = inElement;
    this.valueStart = this.offset + i;
    this.parts = [];
    this.baseDepth = inElement ? 1 : 0;
    this.depth = this.baseDepth;
    this.maxDepth = 0;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.kind = 'container';
      this.depth++;
      this.maxDepth = this.depth;
    } else if (c === QUOTE) {
      this.kind = 'string';
      this.inString = true;
      this.escapeNext = false;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA || c === COLON) {
      return this.fail('Expected a value.', this.offset + i);
    } else {
      this.kind = 'literal';
    }
    return i + 1;
  }

  /** Continues the current value from `i`; returns the index after it, or the chunk length. */
  private scanValue(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    if (this.kind === 'literal') {
      while (i < n) {
        const c = chunk[i] as number;
        if (isWhitespace(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          this.finishValue(chunk, i);
          return i; // the delimiter is structural: look at it again
        }
        i++;
      }
      return n;
    }
    while (i < n) {
      if (this.inString) {
        i = this.scanString(chunk, i);
        if (this.inString) return n;
        if (this.kind === 'string') {
          this.finishValue(chunk, i);
          return i;
        }
        continue;
      }
      const c = chunk[i] as number;
      if (c === QUOTE) {
        this.inString = true;
        this.escapeNext = false;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++this.depth > this.maxDepth) this.maxDepth = this.depth;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--this.depth === this.baseDepth) {
          this.finishValue(chunk, i + 1);
          return i + 1;
        }
      }
      i++;
    }
    return n;
  }

  /** Inside a string from `i`: returns the index after its closing quote (inString cleared), or the chunk length. */
  private scanString(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    for (;;) {
      if (this.escapeNext) {
        if (i >= n) return n;
        this.escapeNext = false;
        i++;
      }
      const quote = indexOf(chunk, QUOTE, i);
      if (this.nextBackslash < i && this.nextBackslash !== -2) {
        this.nextBackslash = indexOf(chunk, BACKSLASH, i);
        // -2: no backslash in the rest of this chunk, stop looking.
        if (this.nextBackslash === -1) this.nextBackslash = -2;
      }
      const backslash = this.nextBackslash >= i ? this.nextBackslash : -1;
      if (backslash !== -1 && (quote === -1 || backslash < quote)) {
        this.escapeNext = true;
        i = backslash + 1;
        continue;
      }
      if (quote === -1) return n;
      this.inString = false;
      return quote + 1;
    }
  }

  /** Reads a member name up to its closing quote. */
  private scanKey(chunk: Uint8Array, i: number): number {
    this.inString = true;
    const end = this.scanString(chunk, i);
    if (this.inString) {
      this.inString = false;
      return end;
    }
    const closing = this.offset + end - 1;
    const last = chunk.subarray(Math.max(0, this.keyStart - this.offset), end - 1);
    const raw = this.keyParts.length === 0 ? last : concat([...this.keyParts, last]);
    this.readingKey = false;
    this.keyParts = [];
    try {
      this.key = JSON.parse(`"${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')}"`) as string;
    } catch {
      return this.fail('A member name is not a valid JSON string.', closing);
    }
    this.state = 'colon';
    return end;
  }

  private finishValue(chunk: Uint8Array, end: number): void {
    const start = this.valueStart;
    const absoluteEnd = this.offset + end;
    let bytes: Uint8Array | undefined;
    if (this.capture) {
      const last = chunk.subarray(Math.max(0, start - this.offset), end);
      bytes = this.parts.length === 0 ? copy(last) : concat([...this.parts, last]);
    }
    this.parts = [];
    this.kind = undefined;
    const maxDepth = this.maxDepth;
    if (this.inElement) {
      const index = this.nextIndex++;
      this.events.push(bytes ? { kind: 'element', index, start, end: absoluteEnd, maxDepth, bytes } : { kind: 'element', index, start, end: absoluteEnd, maxDepth });
      this.state = 'array-after';
    } else {
      const key = this.key;
      this.events.push(bytes ? { kind: 'member', key, start, end: absoluteEnd, maxDepth, bytes } : { kind: 'member', key, start, end: absoluteEnd, maxDepth });
      this.state = 'after';
    }
    this.inElement = false;
  }

  private fail(message: string, offset: number): number {
    this.failed = true;
    this.kind = undefined;
    this.readingKey = false;
    this.events.push({ kind: 'problem', message, offset });
    return Number.MAX_SAFE_INTEGER;
  }
}

function indexOf(chunk: Uint8Array, byte: number, from: number): number {
  return from >= chunk.length ? -1 : chunk.indexOf(byte, from);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

function copy(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes);
}
