/**
 * Vigil's core library: pure functions with no I/O, used by SBOM import, matching, triage
 * and the CLI. This is the one entry point; docs/core.md lists what each part implements.
 *
 * - purl: package URLs per the purl specification
 * - cpe: CPE 2.3 bindings, name matching, NVD configurations
 * - versions: ordering per ecosystem (npm, PyPI, Maven, Go, NuGet, RubyGems, Composer,
 *   crates, Hex, Pub, Debian, RPM, Alpine, generic)
 * - ranges: OSV affected[], vers, and native range syntaxes (npm, Maven, PyPI, GHSA, NVD)
 * - cvss: CVSS v2.0, v3.0, v3.1, v4.0 parsing and scoring
 * - rubric: the MITRE medical-device CVSS rubric as versioned data
 * - risk: the patient-safety exploitability × severity matrix
 */
export * from './result.js';
export * from './purl/index.js';
export * from './cpe/index.js';
export * from './versions/index.js';
export * from './ranges/index.js';
export * from './cvss/index.js';
export * from './rubric/index.js';
export * from './risk/index.js';
