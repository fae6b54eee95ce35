import { parseCycloneDxJson, parseCycloneDxXml } from '../cyclonedx/index.js';
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
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return 'cyclonedx-xml';
  if (head.startsWith('{')) {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head) || /"\$schema"\s*:\s*"[^"]*cyclonedx/i.test(head)) return 'cyclonedx-json';
    if (/"spdxVersion"\s*:/.test(head) || /"SPDXID"\s*:/.test(head)) return 'spdx-json';
    // Large documents may put the marker after 4 KB of metadata: let the readers decide by field.
    return text.includes('"bomFormat"') ? 'cyclonedx-json' : text.includes('"spdxVersion"') ? 'spdx-json' : null;
  }
  if (/^(SPDXVersion|DataLicense|SPDXID|DocumentName)\s*:/m.test(head)) return 'spdx-tag-value';
  return null;
}

export interface ReadSbomResult extends SbomParseResult {
  readonly encoding: SbomEncoding | null;
}

/** Reads any supported SBOM document into the format-neutral model. */
export function readSbom(text: string): ReadSbomResult {
  const encoding = detectSbomEncoding(text);
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
