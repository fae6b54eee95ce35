/**
 * SPDX 2.2 / 2.3 (JSON and tag-value) ⇄ the SBOM model. docs/formats/spdx.md describes the
 * mapping and what travels in annotations.
 */
import type { SbomDocument, SbomIssue } from '../sbom/model.js';
import { isSpdxVersion, validateSpdxSchema } from './schema.js';
import { toTagValue } from './tag-value.js';
import type { Json } from './read.js';
import { writeSpdx } from './write.js';

export { parseSpdxJson, type SpdxParseOptions } from './json.js';
export { parseSpdxTagValue } from './tag-value.js';
export { validateSpdxSchema, SPDX_VERSIONS, type SpdxVersion } from './schema.js';

function unsupported(specVersion: string): { text: string; issues: SbomIssue[] } {
  return {
    text: '',
    issues: [{ severity: 'error', code: 'unsupported-version', message: `SPDX ${specVersion} cannot be written (2.2 and 2.3 can).` }],
  };
}

function build(doc: SbomDocument, specVersion: string): { raw: Json; issues: SbomIssue[] } {
  const issues: SbomIssue[] = [];
  return { raw: writeSpdx(doc, specVersion, issues), issues };
}

/**
 * Writes a model document as SPDX JSON (`2.3` by default, or `2.2`). The output is checked against
 * the official schema of that version; a violation (which would be a bug here) is returned as an
 * error issue rather than thrown. Same model in, same text out.
 */
export function serializeSpdxJson(doc: SbomDocument, specVersion = '2.3'): { text: string; issues: SbomIssue[] } {
  if (!isSpdxVersion(specVersion)) return unsupported(specVersion);
  const { raw, issues } = build(doc, specVersion);
  issues.push(...validateSpdxSchema(raw, specVersion));
  return { text: `${JSON.stringify(raw, null, 2)}\n`, issues };
}

/**
 * Writes a model document as SPDX tag-value (`2.3` by default, or `2.2`); {@link parseSpdxTagValue}
 * reads it back into an equal model. The same content is checked against the JSON schema first,
 * so both serializations hold the same, valid document.
 */
export function serializeSpdxTagValue(doc: SbomDocument, specVersion = '2.3'): { text: string; issues: SbomIssue[] } {
  if (!isSpdxVersion(specVersion)) return unsupported(specVersion);
  const { raw, issues } = build(doc, specVersion);
  issues.push(...validateSpdxSchema(raw, specVersion));
  return { text: toTagValue(raw, issues), issues };
}
