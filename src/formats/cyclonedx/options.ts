/** Limits that keep a hostile or broken input from exhausting memory or the stack. */
export interface CycloneDxParseOptions {
  /** Largest accepted input, in UTF-16 code units (string length). Default 256 Mi. */
  readonly maxLength?: number;
  /** Deepest accepted JSON value / XML element nesting. Default 1000 (components may nest 100 deep). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_LENGTH = 256 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 1000;
