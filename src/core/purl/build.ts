import { err, type Result } from '../result.js';
import type { Purl, PurlParts } from './types.js';
import type { PurlDraft } from './type-rules.js';
import { finishPurl, invalidQualifierKeyCharAt, invalidTypeCharAt, isDroppedSubpathSegment } from './components.js';

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

function joinSegments(path: string | null | undefined, drop: (segment: string) => boolean): string | undefined {
  if (!present(path)) return undefined;
  const kept = path.split('/').filter((segment) => !drop(segment));
  return kept.length > 0 ? kept.join('/') : undefined;
}

/**
 * Builds a normalized purl from decoded components, applying the same component
 * and type rules as {@link parsePurl}. Errors have no position (there is no string).
 */
export function buildPurl(parts: PurlParts): Result<Purl> {
  if (!present(parts.type)) return err('purl.type.missing', 'A purl requires a type.');
  if (invalidTypeCharAt(parts.type) >= 0)
    return err('purl.type.invalid', 'A purl type must start with a letter and use only letters, digits, "." and "-".');
  if (!present(parts.name)) return err('purl.name.missing', 'A purl requires a non-empty name.');
  const qualifiers = new Map<string, string>();
  for (const [rawKey, value] of Object.entries(parts.qualifiers ?? {})) {
    const key = rawKey.toLowerCase();
    if (invalidQualifierKeyCharAt(key) >= 0)
      return err('purl.qualifier.key', `Qualifier key "${rawKey}" must start with a letter and use only letters, digits, ".", "-" and "_".`);
    if (qualifiers.has(key)) return err('purl.qualifier.duplicate', `Qualifier "${key}" appears twice.`);
    if (present(value)) qualifiers.set(key, value);
  }
  const draft: PurlDraft = {
    type: parts.type.toLowerCase(),
    namespace: joinSegments(parts.namespace, (s) => s === ''),
    name: parts.name,
    version: present(parts.version) ? parts.version : undefined,
    qualifiers,
    subpath: joinSegments(parts.subpath, isDroppedSubpathSegment),
  };
  return finishPurl(draft);
}
