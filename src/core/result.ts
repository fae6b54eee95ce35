/**
 * Every parser in `src/core` reports invalid input as a value, never by throwing an
 * untyped error: callers (SBOM import, matching, the CLI) must be able to say *where*
 * an input went wrong without a try/catch around each call.
 */

/** Why an input was rejected. `position` is a 0-based character offset into the input. */
export interface CoreError {
  /** Stable machine-readable code, e.g. `purl.type.invalid`, `version.npm.invalid`. */
  readonly code: string;
  /** One sentence a user can act on. */
  readonly message: string;
  /** 0-based offset of the offending character in the input, when one can be named. */
  readonly position?: number;
}

export type Result<T, E = CoreError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err(code: string, message: string, position?: number): Result<never> {
  return { ok: false, error: position === undefined ? { code, message } : { code, message, position } };
}

/** Thrown only by the `...OrThrow` conveniences, so callers that prefer exceptions get a typed one. */
export class CoreParseError extends Error {
  readonly code: string;
  readonly position: number | undefined;
  constructor(error: CoreError) {
    super(error.position === undefined ? error.message : `${error.message} (at ${error.position})`);
    this.name = 'CoreParseError';
    this.code = error.code;
    this.position = error.position;
  }
}

/** Unwraps a Result, throwing a {@link CoreParseError} when it failed. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new CoreParseError(result.error);
}
