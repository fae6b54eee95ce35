/** SARIF 2.1.0: the object model Vigil writes and validation against the official schema. */
export * from './types.js';
export { validateSarif, sarifSchema, type SarifIssue } from './validate.js';
