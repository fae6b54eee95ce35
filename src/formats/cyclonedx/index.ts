/**
 * CycloneDX 1.2–1.6 in JSON and XML: read into and write from the format-neutral SBOM model
 * (src/formats/sbom/model.ts). See docs/formats/cyclonedx.md for the mapping.
 */
export { parseCycloneDxJson } from './parse-json.js';
export { prepareCycloneDxJson, type ComponentSink, type PreparedCycloneDxJson, type ReadyCycloneDxJson, type StreamedResult, type StreamOptions } from './stream-json.js';
export { parseCycloneDxXml } from './parse-xml.js';
export { serializeCycloneDxJson } from './write-json.js';
export { serializeCycloneDxXml } from './write-xml.js';
export type { CycloneDxParseOptions } from './options.js';
export { SUPPORTED_VERSIONS, type CycloneDxVersion } from './versions.js';
export { MAX_COMPONENT_NESTING } from './read-model.js';
export { validateAgainstSchema } from './schema.js';
