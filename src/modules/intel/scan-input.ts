import { gunzipSync } from 'node:zlib';
import type { SbomDocument, SbomIssue } from '../../formats/sbom/model.js';
import { readSbom, type SbomEncoding } from '../../formats/sbom/read.js';

/**
 * The SBOM a scan reads, from its bytes: gzip inflated with a hard cap, then the existing
 * readers (CycloneDX JSON/XML 1.2–1.6, SPDX 2.2/2.3 JSON and tag-value) with their schema
 * validation. Nothing is stored, so the whole-document readers are used; the cap bounds
 * their memory. Shared by the CLI and the server route, which turn a refusal into exit 2
 * or a 4xx problem.
 */

/** Largest SBOM a scan reads, after decompression (a gzip bomb stops here). */
export const MAX_SCAN_SBOM_BYTES = 64 * 1024 * 1024;

export type ScanSbom =
  | { readonly ok: true; readonly document: SbomDocument; readonly encoding: SbomEncoding; readonly text: string; readonly warnings: readonly SbomIssue[] }
  | { readonly ok: false; readonly reason: 'too-large' | 'corrupt-gzip' | 'unsupported' | 'invalid'; readonly message: string; readonly issues: readonly SbomIssue[] };

const MIB = 2 ** 20;

/** The SBOM's text: gzip inflated (told by its magic, not a name) within the cap. */
export function decodeScanBytes(bytes: Buffer): { ok: true; text: string } | { ok: false; reason: 'too-large' | 'corrupt-gzip'; message: string } {
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes, { maxOutputLength: MAX_SCAN_SBOM_BYTES });
    } catch (error) {
      const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than|maxOutputLength/i.test((error as Error).message);
      return tooBig
        ? { ok: false, reason: 'too-large', message: `The SBOM inflates beyond ${MAX_SCAN_SBOM_BYTES / MIB} MiB, the most a scan reads.` }
        : { ok: false, reason: 'corrupt-gzip', message: `The gzip data is corrupt (${(error as Error).message}).` };
    }
  }
  if (raw.length > MAX_SCAN_SBOM_BYTES) return { ok: false, reason: 'too-large', message: `The SBOM is ${(raw.length / MIB).toFixed(1)} MiB; a scan reads at most ${MAX_SCAN_SBOM_BYTES / MIB} MiB.` };
  return { ok: true, text: raw.toString('utf8') };
}

export function readScanSbom(bytes: Buffer): ScanSbom {
  const decoded = decodeScanBytes(bytes);
  if (!decoded.ok) return { ...decoded, issues: [] };
  const text = decoded.text;
  const read = readSbom(text);
  const errors = read.issues.filter((i) => i.severity === 'error');
  if (!read.document || !read.encoding || errors.length > 0) {
    const unsupported = errors.some((e) => e.code === 'unknown-format' || e.code === 'unsupported-version' || e.code === 'not-cyclonedx');
    const first = errors[0];
    const message = `${errors.length} error(s) in the SBOM; the first${first?.location ? ` at ${first.location}` : ''}: ${first?.message ?? 'it could not be read'}`;
    return { ok: false, reason: unsupported ? 'unsupported' : 'invalid', message, issues: errors };
  }
  return { ok: true, document: read.document, encoding: read.encoding, text, warnings: read.issues };
}
