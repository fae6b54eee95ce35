/**
 * Version ranges: OSV `affected[]` evaluation with "why it matched" evidence, the purl
 * `vers` specifier, and the native range syntaxes of npm, Maven, PyPI, GitHub advisories and
 * NVD, all over one interval representation. See docs/core/ranges.md.
 */
export {
  EVERYTHING,
  excludePoints,
  formatInterval,
  intersectIntervals,
  intervalContains,
  intervalIsEmpty,
  intervalsContain,
  normalizeIntervals,
  pointInterval,
  type Bound,
  type VersionInterval,
} from './interval.js';
export { PreparedVersion, prepareVersion } from './prepared.js';
export {
  CompiledOsvAffected,
  compileOsvAdvisory,
  compileOsvAffected,
  defaultOsvResolver,
  describeOsvReason,
  evaluateOsvAdvisory,
  normalizeOsvPackageName,
  type CompiledOsvAdvisory,
  type OsvAdvisory,
  type OsvAffected,
  type OsvEvent,
  type OsvMatchReason,
  type OsvNotEvaluable,
  type OsvRange,
  type OsvSchemeResolver,
  type OsvVerdict,
} from './osv.js';
export {
  defaultSchemeForVersType,
  encodeVersVersion,
  formatVers,
  intervalsToVers,
  normalizeVers,
  parseVers,
  simplifyVersConstraints,
  versContains,
  versToIntervals,
  type ParsedVers,
  type VersComparator,
  type VersConstraint,
  type VersParseOptions,
  type VersRange,
} from './vers.js';
export { intervalsToVersString, versTypeForScheme, type NativeRange } from './native.js';
export { NPM_RANGE_MAX_LENGTH, parseNpmRange, type NpmRangeOptions } from './native-npm.js';
export { parseMavenRange, type MavenRange } from './native-maven.js';
export {
  PYPI_SPECIFIER_MAX_LENGTH,
  parsePypiSpecifiers,
  type PypiOperator,
  type PypiRange,
  type PypiSpecifier,
  type PypiSpecifierOptions,
} from './native-pypi.js';
export { GHSA_RANGE_MAX_LENGTH, parseGhsaRange, type GhsaOperator } from './native-ghsa.js';
export { parseNvdRange, type NvdBounds } from './native-nvd.js';
