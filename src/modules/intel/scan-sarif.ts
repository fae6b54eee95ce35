import { SARIF_SCHEMA_URI, SARIF_VERSION, type SarifLevel, type SarifLog, type SarifResult, type SarifRule } from '../../formats/sarif/types.js';
import { advisorySource, type ScanFinding, type ScanResult } from './scan.js';
import type { SeverityLevel } from './severity.js';

/**
 * A scan as SARIF 2.1.0 (docs/ci.md): one rule per vulnerability, one result per finding,
 * located at the SBOM file (the component's declaration line when known) with the component
 * as logical location. GitHub code scanning reads `security-severity` from rule properties
 * and tracks results across runs by `partialFingerprints`.
 */

/** critical and high fail a check, medium warns, the rest are notes. */
export function sarifLevel(level: SeverityLevel): SarifLevel {
  return level === 'critical' || level === 'high' ? 'error' : level === 'medium' ? 'warning' : 'note';
}

export interface SarifOptions {
  /** The SBOM as a URI reference (relative to the repository root, or a file: URI). */
  readonly sbomUri: string;
  /** Declaration line of each component ref (scan-locate.ts), when known. */
  readonly lines?: ReadonlyMap<string, number>;
  readonly toolVersion: string;
}

const componentLabel = (f: ScanFinding) => `${f.component.group ? `${f.component.group}/` : ''}${f.component.name}${f.component.version ? ` ${f.component.version}` : ''}`;

function resultMessage(f: ScanFinding): string {
  const rating = `${f.severity.level}${f.severity.score === null ? '' : ` ${f.severity.score}`}`;
  const signals = [f.kev ? 'CISA KEV' : '', f.epss ? `EPSS ${f.epss.epss}` : ''].filter(Boolean).join(', ');
  const fix = f.fixedVersions.length > 0 ? `Fixed in ${f.fixedVersions.join(', ')}.` : 'No fixed version is named by the matching records.';
  return `${componentLabel(f)} is affected by ${f.vulnId} (${rating}${signals ? `; ${signals}` : ''}). ${fix}`;
}

function rule(f: ScanFinding): SarifRule {
  const source = advisorySource(f.vulnId);
  const title = f.summary ?? f.vulnId;
  const aliases = f.aliases.length > 0 ? ` Also known as ${f.aliases.join(', ')}.` : '';
  return {
    id: f.vulnId,
    shortDescription: { text: title },
    fullDescription: { text: `${f.vulnId}: ${title}${aliases}` },
    helpUri: source.url,
    help: {
      text: `${title}\nSeverity: ${f.severity.level}${f.severity.vector ? ` (${f.severity.vector})` : ''}.${aliases}\nSee ${source.url}`,
      markdown: `**${title}**\n\nSeverity: ${f.severity.level}${f.severity.vector ? ` (\`${f.severity.vector}\`)` : ''}.${aliases}\n\n[${f.vulnId} at ${source.name}](${source.url})`,
    },
    defaultConfiguration: { level: sarifLevel(f.severity.level) },
    properties: {
      tags: ['security', 'vulnerability', ...f.cwes],
      ...(f.severity.score === null ? {} : { 'security-severity': f.severity.score.toFixed(1) }),
      kev: f.kev,
    },
  };
}

export function toSarif(result: ScanResult, options: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = result.findings.map((f) => {
    let index = ruleIndex.get(f.vulnId);
    if (index === undefined) {
      index = rules.push(rule(f)) - 1;
      ruleIndex.set(f.vulnId, index);
    }
    const line = options.lines?.get(f.component.ref);
    return {
      ruleId: f.vulnId,
      ruleIndex: index,
      level: sarifLevel(f.severity.level),
      message: { text: resultMessage(f) },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: options.sbomUri }, ...(line === undefined ? {} : { region: { startLine: line } }) },
          logicalLocations: [{ name: componentLabel(f), fullyQualifiedName: f.component.purl ?? f.component.cpe ?? f.component.ref, kind: 'module' }],
        },
      ],
      // Version-free, so an upgrade that does not fix it stays the same alert.
      partialFingerprints: { 'vigilFinding/v1': `${f.component.identity}|${f.vulnId}` },
      properties: {
        componentRef: f.component.ref,
        kev: f.kev,
        epss: f.epss?.epss ?? null,
        uncontrolled: f.uncontrolled.value,
        fixedVersions: f.fixedVersions,
        matchMethod: f.match.method,
        confidence: f.match.confidence,
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: 'Vigil', version: options.toolVersion, rules } },
        artifacts: [{ location: { uri: options.sbomUri }, roles: ['analysisTarget'] }],
        invocations: [{ executionSuccessful: true, properties: { policy: result.policy } }],
        results,
        properties: { intelligence: result.intelligence, summary: result.summary },
      },
    ],
  };
}
