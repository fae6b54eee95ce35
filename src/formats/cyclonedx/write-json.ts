import type { SbomDocument, SbomIssue } from '../sbom/model.js';
import { isSupportedVersion, SUPPORTED_VERSIONS } from './versions.js';
import { buildBom } from './write-model.js';

/**
 * Writes the model as a CycloneDX JSON BOM of `specVersion` (1.2–1.6), two-space indented with
 * a final newline. Fields the version cannot hold come back as `not-representable` warnings.
 */
export function serializeCycloneDxJson(doc: SbomDocument, specVersion = '1.6'): { text: string; issues: SbomIssue[] } {
  if (!isSupportedVersion(specVersion)) {
    return { text: '', issues: [unsupportedTarget(specVersion)] };
  }
  const { bom, issues } = buildBom(doc, specVersion, 'json');
  return { text: `${JSON.stringify(bom, null, 2)}\n`, issues };
}

export function unsupportedTarget(specVersion: string): SbomIssue {
  return {
    severity: 'error',
    code: 'unsupported-version',
    message: `Cannot write CycloneDX ${specVersion}; supported: ${SUPPORTED_VERSIONS.join(', ')}.`,
  };
}
