import { err, ok, unwrap, type Result } from '../result.js';
import type { Purl } from './types.js';
import type { PurlDraft } from './type-rules.js';
import { decodeComponent } from './encoding.js';
import {
  finishPurl,
  invalidQualifierKeyCharAt,
  invalidTypeCharAt,
  isDroppedSubpathSegment,
} from './components.js';

/** Offsets of the structural separators of one purl string, found in a single pass each. */
interface Layout {
  readonly typeStart: number;
  readonly typeEnd: number;
  /** Start of namespace+name (after the type's `/`), or -1 when there is no `/` after the type. */
  readonly pathStart: number;
  readonly pathEnd: number;
  /** Offset of the `?`, or -1. */
  readonly query: number;
  /** Offset of the `#`, or -1. */
  readonly hash: number;
}

function controlCharAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return i;
  }
  return -1;
}

function layout(s: string): Result<Layout> {
  const colon = s.indexOf(':');
  if (colon < 0) return err('purl.scheme.missing', 'A purl must start with "pkg:".', 0);
  if (s.slice(0, colon).toLowerCase() !== 'pkg')
    return err('purl.scheme.invalid', 'The purl scheme must be "pkg".', 0);
  let typeStart = colon + 1;
  // "pkg://" and "pkg:///" are tolerated (5.6.1): leading slashes are not significant.
  while (s.charCodeAt(typeStart) === 47) typeStart++;
  // '#' then '?' are located from the left, as a URL parser would: an unencoded '?'
  // inside a qualifier value then stays in the value instead of truncating the path.
  const hash = s.indexOf('#', typeStart);
  const end = hash < 0 ? s.length : hash;
  const q = s.indexOf('?', typeStart);
  const query = q >= 0 && q < end ? q : -1;
  const pathEnd = query >= 0 ? query : end;
  const slash = s.indexOf('/', typeStart);
  const typeEnd = slash >= 0 && slash < pathEnd ? slash : pathEnd;
  return ok({ typeStart, typeEnd, pathStart: typeEnd < pathEnd ? typeEnd + 1 : -1, pathEnd, query, hash });
}

/**
 * Finds the `@` that separates the version: the right-most one in the path, unless it
 * opens a path segment that is followed by more segments (an unencoded npm scope such
 * as `@babel/core`, which the purl test suite accepts).
 */
function versionSeparator(s: string, start: number, end: number): number {
  const at = end > start ? s.lastIndexOf('@', end - 1) : -1;
  if (at < start) return -1;
  const opensSegment = at === start || s.charCodeAt(at - 1) === 47;
  if (opensSegment) {
    const nextSlash = s.indexOf('/', at);
    if (nextSlash >= 0 && nextSlash < end) return -1;
  }
  return at;
}

function parseNamespace(s: string, start: number, end: number): Result<string | undefined> {
  const segments: string[] = [];
  let segStart = start;
  while (segStart <= end) {
    let segEnd = s.indexOf('/', segStart);
    if (segEnd < 0 || segEnd > end) segEnd = end;
    if (segEnd > segStart) {
      const decoded = decodeComponent(s, segStart, segEnd);
      if (!decoded.ok) return decoded;
      if (decoded.value.includes('/'))
        return err('purl.namespace.slash', 'A namespace segment must not contain an encoded "/".', segStart);
      segments.push(decoded.value);
    }
    segStart = segEnd + 1;
  }
  return ok(segments.length > 0 ? segments.join('/') : undefined);
}

function parseQualifiers(s: string, start: number, end: number): Result<Map<string, string>> {
  const qualifiers = new Map<string, string>();
  let pairStart = start;
  while (pairStart <= end) {
    let pairEnd = s.indexOf('&', pairStart);
    if (pairEnd < 0 || pairEnd > end) pairEnd = end;
    if (pairEnd > pairStart) {
      const eq = s.indexOf('=', pairStart);
      if (eq < 0 || eq >= pairEnd)
        return err('purl.qualifier.format', 'A qualifier must have the form key=value.', pairStart);
      const key = s.slice(pairStart, eq).toLowerCase();
      const bad = invalidQualifierKeyCharAt(key);
      if (bad >= 0)
        return err('purl.qualifier.key', 'A qualifier key must start with a letter and use only letters, digits, ".", "-" and "_".', pairStart + bad);
      if (qualifiers.has(key)) return err('purl.qualifier.duplicate', `Qualifier "${key}" appears twice.`, pairStart);
      const value = decodeComponent(s, eq + 1, pairEnd);
      if (!value.ok) return value;
      // An empty value is the same as an absent qualifier (5.6.6).
      if (value.value !== '') qualifiers.set(key, value.value);
    }
    pairStart = pairEnd + 1;
  }
  return ok(qualifiers);
}

function parseSubpath(s: string, start: number, end: number): Result<string | undefined> {
  const segments: string[] = [];
  let segStart = start;
  while (segStart <= end) {
    let segEnd = s.indexOf('/', segStart);
    if (segEnd < 0 || segEnd > end) segEnd = end;
    const decoded = decodeComponent(s, segStart, segEnd);
    if (!decoded.ok) return decoded;
    if (decoded.value.includes('/'))
      return err('purl.subpath.slash', 'A subpath segment must not contain an encoded "/".', segStart);
    if (!isDroppedSubpathSegment(decoded.value)) segments.push(decoded.value);
    segStart = segEnd + 1;
  }
  return ok(segments.length > 0 ? segments.join('/') : undefined);
}

/**
 * Parses and normalizes a package URL (ECMA-427 / purl-spec 1.0 and the registered
 * type rules). Linear in the input length; errors carry the offending offset.
 */
export function parsePurl(input: string): Result<Purl> {
  const control = controlCharAt(input);
  if (control >= 0) return err('purl.char.control', 'A purl must not contain control characters.', control);
  const lay = layout(input);
  if (!lay.ok) return lay;
  const { typeStart, typeEnd, pathStart, pathEnd, query, hash } = lay.value;

  const type = input.slice(typeStart, typeEnd);
  const badType = invalidTypeCharAt(type);
  if (badType >= 0)
    return err('purl.type.invalid', 'A purl type must start with a letter and use only letters, digits, "." and "-".', typeStart + badType);
  if (pathStart < 0) return err('purl.name.missing', 'A purl requires a name after the type.', typeEnd);

  const at = versionSeparator(input, pathStart, pathEnd);
  const nameEnd = at >= 0 ? at : pathEnd;
  let version: string | undefined;
  if (at >= 0) {
    if (at + 1 === pathEnd) return err('purl.version.empty', 'The version after "@" must not be empty.', at);
    const decoded = decodeComponent(input, at + 1, pathEnd);
    if (!decoded.ok) return decoded;
    version = decoded.value;
  }
  const lastSlash = nameEnd > pathStart ? input.lastIndexOf('/', nameEnd - 1) : -1;
  const nameStart = lastSlash >= pathStart ? lastSlash + 1 : pathStart;
  if (nameStart === nameEnd) return err('purl.name.missing', 'A purl requires a non-empty name.', nameStart);
  const name = decodeComponent(input, nameStart, nameEnd);
  if (!name.ok) return name;
  const namespace = nameStart > pathStart ? parseNamespace(input, pathStart, nameStart - 1) : ok(undefined);
  if (!namespace.ok) return namespace;

  const qualifiersEnd = hash >= 0 ? hash : input.length;
  const qualifiers = query >= 0 ? parseQualifiers(input, query + 1, qualifiersEnd) : ok(new Map<string, string>());
  if (!qualifiers.ok) return qualifiers;
  const subpath = hash >= 0 ? parseSubpath(input, hash + 1, input.length) : ok(undefined);
  if (!subpath.ok) return subpath;

  const draft: PurlDraft = {
    type: type.toLowerCase(),
    namespace: namespace.value,
    name: name.value,
    version,
    qualifiers: qualifiers.value,
    subpath: subpath.value,
  };
  return finishPurl(draft, {
    type: typeStart,
    namespace: pathStart,
    name: nameStart,
    version: at >= 0 ? at + 1 : pathEnd,
    qualifiers: query >= 0 ? query + 1 : qualifiersEnd,
    subpath: hash >= 0 ? hash + 1 : input.length,
  });
}

/** {@link parsePurl} that throws a `CoreParseError` instead of returning an error. */
export function parsePurlOrThrow(input: string): Purl {
  return unwrap(parsePurl(input));
}
