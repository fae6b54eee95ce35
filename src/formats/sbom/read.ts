import { parseCycloneDxJson, parseCycloneDxXml, prepareCycloneDxJson, type ReadyCycloneDxJson } from '../cyclonedx/index.js';
import { parseSpdxJson, parseSpdxTagValue } from '../spdx/index.js';
import type { SbomParseResult } from './model.js';

/** The four encodings Vigil reads. */
export type SbomEncoding = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-tag-value';

/**
 * Tells the encoding from the content, not from a file name or content type (real SBOMs
 * are often misnamed — bom-shelter has SPDX tag-value inside a `.spdx.json.gz`). Looks at
 * the first bytes only, so it costs nothing on large documents.
 */
export function detectSbomEncoding(text: string): SbomEncoding | null {
  return detectFromHead(text.slice(0, 4096), (marker) => text.includes(marker));
}

/** The same decision from the bytes of a document (UTF-8), without decoding more than its head. */
export function detectSbomEncodingBytes(bytes: Uint8Array): SbomEncoding | null {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // 16 KiB of UTF-8 hold at least the 4,096 UTF-16 code units the text version looks at.
  return detectFromHead(buf.toString('utf8', 0, Math.min(buf.length, 16_384)).slice(0, 4096), (marker) => buf.includes(marker));
}

function detectFromHead(start: string, contains: (marker: string) => boolean): SbomEncoding | null {
  const head = start.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return 'cyclonedx-xml';
  if (head.startsWith('{')) {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head) || /"\$schema"\s*:\s*"[^"]*cyclonedx/i.test(head)) return 'cyclonedx-json';
    if (/"spdxVersion"\s*:/.test(head) || /"SPDXID"\s*:/.test(head)) return 'spdx-json';
    // Large documents may put the marker after 4 KB of metadata: let the readers decide by field.
    return contains('"bomFormat"') ? 'cyclonedx-json' : contains('"spdxVersion"') ? 'spdx-json' : null;
  }
  if (/^(SPDXVersion|DataLicense|SPDXID|DocumentName)\s*:/m.test(head)) return 'spdx-tag-value';
  return null;
}

export interface ReadSbomResult extends SbomParseResult {
  readonly encoding: SbomEncoding | null;
}

/** Reads any supported SBOM document into the format-neutral model. */
export function readSbom(text: string): ReadSbomResult {
  return readText(text, detectSbomEncoding(text));
}

/** A CycloneDX JSON upload that passed pass 1 of the streaming reader; `read` delivers its components in batches. */
export interface StreamingSbom {
  readonly encoding: 'cyclonedx-json';
  readonly stream: ReadyCycloneDxJson;
}

/**
 * Reads an uploaded document from its bytes. CycloneDX JSON — the usual large case — goes
 * through the streaming reader (stream-json.ts: bounded memory, the components delivered in
 * batches); a document it refuses comes back as a result with its issues. The other encodings
 * are decoded and read whole.
 */
export function readSbomBytes(bytes: Uint8Array): ReadSbomResult | StreamingSbom {
  const encoding = detectSbomEncodingBytes(bytes);
  if (encoding === 'cyclonedx-json') {
    const prepared = prepareCycloneDxJson(bytes);
    return prepared.ok ? { encoding, stream: prepared } : { encoding, issues: prepared.issues };
  }
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return readText(buf.toString('utf8'), encoding);
}

function readText(text: string, encoding: SbomEncoding | null): ReadSbomResult {
  switch (encoding) {
    case 'cyclonedx-json':
      return { encoding, ...parseCycloneDxJson(text) };
    case 'cyclonedx-xml':
      return { encoding, ...parseCycloneDxXml(text) };
    case 'spdx-json':
      return { encoding, ...parseSpdxJson(text) };
    case 'spdx-tag-value':
      return { encoding, ...parseSpdxTagValue(text) };
    default:
      return {
        encoding: null,
        issues: [{ severity: 'error', code: 'unknown-format', message: 'Not a CycloneDX (JSON or XML) or SPDX (JSON or tag-value) document.' }],
      };
  }
}
