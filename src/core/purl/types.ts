/**
 * A parsed, normalized package URL (ECMA-427 / purl-spec 1.0).
 *
 * All string fields hold *decoded* values (no percent-encoding); `namespace` and
 * `subpath` keep `/` as their segment separator. Optional components are absent
 * rather than empty so that structural equality is meaningful.
 */
export interface Purl {
  /** Lowercase package type, e.g. `npm`, `maven`. */
  readonly type: string;
  /** Decoded namespace segments joined by `/`, e.g. `@angular` or `github.com/gorilla`. */
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  /** Qualifiers with lowercase keys, inserted in sorted key order, no empty values. */
  readonly qualifiers?: Readonly<Record<string, string>>;
  /** Decoded subpath segments joined by `/`, without `.`, `..` or empty segments. */
  readonly subpath?: string;
}

/** Input to {@link buildPurl}: decoded components; `null`/`undefined`/`''` mean absent. */
export interface PurlParts {
  readonly type: string | null | undefined;
  readonly namespace?: string | null;
  readonly name: string | null | undefined;
  readonly version?: string | null;
  readonly qualifiers?: Readonly<Record<string, string | null | undefined>> | null;
  readonly subpath?: string | null;
}
