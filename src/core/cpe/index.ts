/** CPE 2.3 names: both bindings, WFN conversion, NISTIR 7696 matching and NVD configuration evaluation. */
export { ANY, NA, CPE_ATTRIBUTES, cpeValue, makeWfn, validateWfn, invalidWfnValueAt } from './wfn.js';
export type { CpeAttribute, CpeValue, Wfn } from './wfn.js';
export { parseCpe23, formatCpe23 } from './formatted-string.js';
export { parseCpeUri, formatCpeUri } from './uri.js';
export { parseCpe, parseCpeOrThrow, cpeUriToFormattedString, cpeFormattedStringToUri } from './parse.js';
export { compareCpeValues, compareWfns, isDisjoint, isEqual, isSubset, isSuperset, cpeMatches } from './match.js';
export type { CpeRelation } from './match.js';
export { matchesCriterion, evaluateConfiguration } from './nvd.js';
export type { NvdCpeMatch, NvdNode, NvdConfiguration, CriterionMatch, ConfigurationResult, VersionCompare } from './nvd.js';
