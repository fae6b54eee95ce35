/**
 * Metric names and allowed values per CVSS version, in the order of each specification's
 * vector-string table. The array order *is* the canonical order used for validation (when a
 * version requires it) and for formatting.
 */

/** One metric of a vector string. */
export interface MetricDefinition {
  readonly key: string;
  /** Allowed values, including the Not Defined value for optional metrics. */
  readonly values: readonly string[];
  /** Mandatory metrics must be present (v2.0/v3.x/v4.0 base metrics). */
  readonly required: boolean;
  /** Metric group, used for nomenclature and for deciding which scores a vector defines. */
  readonly group: 'base' | 'temporal' | 'threat' | 'environmental' | 'supplemental';
}

function base(key: string, values: readonly string[]): MetricDefinition {
  return { key, values, required: true, group: 'base' };
}
function optional(key: string, values: readonly string[], group: MetricDefinition['group']): MetricDefinition {
  return { key, values, required: false, group };
}

/** CVSS v2.0 guide, section 2.4 / table 13: base, temporal, environmental; Not Defined is `ND`. */
export const V2_METRICS: readonly MetricDefinition[] = [
  base('AV', ['L', 'A', 'N']),
  base('AC', ['H', 'M', 'L']),
  base('Au', ['M', 'S', 'N']),
  base('C', ['N', 'P', 'C']),
  base('I', ['N', 'P', 'C']),
  base('A', ['N', 'P', 'C']),
  optional('E', ['U', 'POC', 'F', 'H', 'ND'], 'temporal'),
  optional('RL', ['OF', 'TF', 'W', 'U', 'ND'], 'temporal'),
  optional('RC', ['UC', 'UR', 'C', 'ND'], 'temporal'),
  optional('CDP', ['N', 'L', 'LM', 'MH', 'H', 'ND'], 'environmental'),
  optional('TD', ['N', 'L', 'M', 'H', 'ND'], 'environmental'),
  optional('CR', ['L', 'M', 'H', 'ND'], 'environmental'),
  optional('IR', ['L', 'M', 'H', 'ND'], 'environmental'),
  optional('AR', ['L', 'M', 'H', 'ND'], 'environmental'),
];

/** CVSS v3.0 and v3.1 specification, table 15 (identical metric sets); Not Defined is `X`. */
export const V3_METRICS: readonly MetricDefinition[] = [
  base('AV', ['N', 'A', 'L', 'P']),
  base('AC', ['L', 'H']),
  base('PR', ['N', 'L', 'H']),
  base('UI', ['N', 'R']),
  base('S', ['U', 'C']),
  base('C', ['H', 'L', 'N']),
  base('I', ['H', 'L', 'N']),
  base('A', ['H', 'L', 'N']),
  optional('E', ['X', 'H', 'F', 'P', 'U'], 'temporal'),
  optional('RL', ['X', 'U', 'W', 'T', 'O'], 'temporal'),
  optional('RC', ['X', 'C', 'R', 'U'], 'temporal'),
  optional('CR', ['X', 'H', 'M', 'L'], 'environmental'),
  optional('IR', ['X', 'H', 'M', 'L'], 'environmental'),
  optional('AR', ['X', 'H', 'M', 'L'], 'environmental'),
  optional('MAV', ['X', 'N', 'A', 'L', 'P'], 'environmental'),
  optional('MAC', ['X', 'L', 'H'], 'environmental'),
  optional('MPR', ['X', 'N', 'L', 'H'], 'environmental'),
  optional('MUI', ['X', 'N', 'R'], 'environmental'),
  optional('MS', ['X', 'U', 'C'], 'environmental'),
  optional('MC', ['X', 'H', 'L', 'N'], 'environmental'),
  optional('MI', ['X', 'H', 'L', 'N'], 'environmental'),
  optional('MA', ['X', 'H', 'L', 'N'], 'environmental'),
];

/**
 * CVSS v4.0 specification, section 7 / table 23 (order as corrected by the specification
 * authors: VC/VI/VA before SC/SI/SA, see RedHatProductSecurity/cvss-v4-calculator issue #44);
 * Not Defined is `X`.
 */
export const V4_METRICS: readonly MetricDefinition[] = [
  base('AV', ['N', 'A', 'L', 'P']),
  base('AC', ['L', 'H']),
  base('AT', ['N', 'P']),
  base('PR', ['N', 'L', 'H']),
  base('UI', ['N', 'P', 'A']),
  base('VC', ['H', 'L', 'N']),
  base('VI', ['H', 'L', 'N']),
  base('VA', ['H', 'L', 'N']),
  base('SC', ['H', 'L', 'N']),
  base('SI', ['H', 'L', 'N']),
  base('SA', ['H', 'L', 'N']),
  optional('E', ['X', 'A', 'P', 'U'], 'threat'),
  optional('CR', ['X', 'H', 'M', 'L'], 'environmental'),
  optional('IR', ['X', 'H', 'M', 'L'], 'environmental'),
  optional('AR', ['X', 'H', 'M', 'L'], 'environmental'),
  optional('MAV', ['X', 'N', 'A', 'L', 'P'], 'environmental'),
  optional('MAC', ['X', 'L', 'H'], 'environmental'),
  optional('MAT', ['X', 'N', 'P'], 'environmental'),
  optional('MPR', ['X', 'N', 'L', 'H'], 'environmental'),
  optional('MUI', ['X', 'N', 'P', 'A'], 'environmental'),
  optional('MVC', ['X', 'H', 'L', 'N'], 'environmental'),
  optional('MVI', ['X', 'H', 'L', 'N'], 'environmental'),
  optional('MVA', ['X', 'H', 'L', 'N'], 'environmental'),
  optional('MSC', ['X', 'H', 'L', 'N'], 'environmental'),
  optional('MSI', ['X', 'S', 'H', 'L', 'N'], 'environmental'),
  optional('MSA', ['X', 'S', 'H', 'L', 'N'], 'environmental'),
  optional('S', ['X', 'N', 'P'], 'supplemental'),
  optional('AU', ['X', 'N', 'Y'], 'supplemental'),
  optional('R', ['X', 'A', 'U', 'I'], 'supplemental'),
  optional('V', ['X', 'D', 'C'], 'supplemental'),
  optional('RE', ['X', 'L', 'M', 'H'], 'supplemental'),
  optional('U', ['X', 'Clear', 'Green', 'Amber', 'Red'], 'supplemental'),
];

/** The Not Defined spelling of each version. */
export const NOT_DEFINED: Readonly<Record<'2.0' | '3.0' | '3.1' | '4.0', string>> = {
  '2.0': 'ND',
  '3.0': 'X',
  '3.1': 'X',
  '4.0': 'X',
};
