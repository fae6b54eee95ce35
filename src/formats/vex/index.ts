/**
 * VEX in the three open formats — CycloneDX 1.4–1.6 (`vulnerabilities[].analysis`), OpenVEX
 * 0.2.0 and CSAF 2.0 (`csaf_vex` profile) — read into and written from one source-neutral model
 * (./model.ts). Pure: text in, values out. See docs/formats/vex.md for every mapping and loss.
 */
export * from './model.js';
export { parseCycloneDxVex, CYCLONEDX_VEX_VERSIONS, AUTHOR_ROLE_PROPERTY } from './cyclonedx-read.js';
export { toCycloneDxVex, CYCLONEDX_VEX_WRITE_VERSIONS, type CycloneDxVexWriteVersion, type CycloneDxVexWriteOptions } from './cyclonedx-write.js';
export { parseOpenVex, OPENVEX_CONTEXT } from './openvex-read.js';
export { toOpenVex } from './openvex-write.js';
export { validateOpenVexSchema } from './openvex-schema.js';
export { parseCsafVex } from './csaf-read.js';
export { toCsafVex, type CsafWriteOptions } from './csaf-write.js';
export { validateCsaf } from './csaf-validate.js';
export * as vocabulary from './vocabulary.js';
