import { randomUUID } from 'node:crypto';
import { advisorySource, type ScanFinding, type ScanRating, type ScanResult } from './scan.js';

/**
 * A scan as a CycloneDX 1.6 Vulnerability Disclosure Report (docs/ci.md): a BOM whose
 * `vulnerabilities[]` say which components are affected by what, with ratings, CWEs and a
 * description — and no `analysis`, since a scan states facts from intelligence, not an
 * exploitability decision (that is VEX, made in triage). `affects[].ref` is a bom-ref, which
 * the schema defines as an element of the same BOM, so the affected components are copied in
 * with the refs they have in the scanned SBOM; when that SBOM is CycloneDX with a serial
 * number, a `bom` external reference names it as a BOM-Link.
 */

const RATING_SOURCES: Record<string, string> = { nvd: 'NVD', cve5: 'CVE Program', ghsa: 'GitHub Advisories', osv: 'OSV' };

function method(vector: string | null): string {
  if (!vector) return 'other';
  if (vector.startsWith('CVSS:4.0/')) return 'CVSSv4';
  if (vector.startsWith('CVSS:3.1/')) return 'CVSSv31';
  if (vector.startsWith('CVSS:3.0/')) return 'CVSSv3';
  if (/^AV:[LAN]\/AC:/.test(vector)) return 'CVSSv2';
  return 'other';
}

function rating(r: ScanRating) {
  const m = method(r.vector);
  return {
    source: { name: r.source ?? RATING_SOURCES[r.kind] ?? r.kind },
    ...(r.score === null ? {} : { score: r.score }),
    severity: r.level,
    method: m,
    // A qualitative rating (GHSA "MODERATE") is no vector; it is kept as the justification.
    ...(m === 'other' ? (r.vector ? { justification: `${r.recordId} rates it ${r.vector}` } : {}) : { vector: r.vector }),
  };
}

const cweNumber = (cwe: string) => {
  const n = /^CWE-(\d+)$/.exec(cwe)?.[1];
  return n ? Number(n) : undefined;
};

function component(f: ScanFinding) {
  const c = f.component;
  return {
    type: c.type,
    'bom-ref': c.ref,
    name: c.name,
    ...(c.group ? { group: c.group } : {}),
    ...(c.version ? { version: c.version } : {}),
    ...(c.purl ? { purl: c.purl } : {}),
    ...(c.cpe ? { cpe: c.cpe } : {}),
  };
}

/** `urn:cdx:<uuid>/<version>` of the scanned CycloneDX SBOM (CycloneDX BOM-Link), when it has a urn:uuid serial number. */
function bomLink(result: ScanResult): string | undefined {
  const serial = result.sbom.serialNumber;
  if (result.sbom.format !== 'cyclonedx' || !serial || !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(serial)) return undefined;
  return `urn:cdx:${serial.slice('urn:uuid:'.length)}/${result.sbom.version ?? 1}`;
}

export function toVdr(result: ScanResult, options: { readonly toolVersion: string; readonly serialNumber?: string }): Record<string, unknown> {
  const byVuln = new Map<string, ScanFinding[]>();
  for (const f of result.findings) byVuln.set(f.vulnId, [...(byVuln.get(f.vulnId) ?? []), f]);
  const components = new Map<string, ReturnType<typeof component>>();
  for (const f of result.findings) if (!components.has(f.component.ref)) components.set(f.component.ref, component(f));
  const link = bomLink(result);
  const vulnerabilities = [...byVuln].map(([vulnId, findings]) => {
    const first = findings[0]!;
    const cwes = [...new Set(first.cwes.map(cweNumber).filter((n): n is number => n !== undefined && n >= 1))];
    const fixes = findings.filter((f) => f.fixedVersions.length > 0).map((f) => `upgrade ${f.component.name} to ${f.fixedVersions.join(' or ')} or later`);
    return {
      id: vulnId,
      source: advisorySource(vulnId),
      ...(first.aliases.length > 0 ? { references: first.aliases.map((id) => ({ id, source: advisorySource(id) })) } : {}),
      ratings: first.ratings.map(rating),
      ...(cwes.length > 0 ? { cwes } : {}),
      ...(first.summary ? { description: first.summary } : {}),
      ...(fixes.length > 0 ? { recommendation: `${[...new Set(fixes)].join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) } : {}),
      affects: findings.map((f) => ({ ref: f.component.ref, ...(f.component.version ? { versions: [{ version: f.component.version, status: 'affected' }] } : {}) })),
      properties: [
        { name: 'vigil:kev', value: String(first.kev) },
        ...(first.epss ? [{ name: 'vigil:epss', value: String(first.epss.epss) }, { name: 'vigil:epss-percentile', value: String(first.epss.percentile) }] : []),
        { name: 'vigil:uncontrolled', value: String(first.uncontrolled.value) },
      ],
    };
  });
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: options.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: result.scannedAt,
      tools: { components: [{ type: 'application', name: 'Vigil', version: options.toolVersion }] },
      properties: [
        { name: 'vigil:scan:intelligence', value: `${result.intelligence.source} of ${result.intelligence.org} as of ${result.intelligence.asOf}` },
        { name: 'vigil:scan:policy', value: result.policy.passed ? 'passed' : `failed: ${result.policy.violations.map((v) => v.rule).join(', ')}` },
      ],
    },
    ...(link ? { externalReferences: [{ type: 'bom', url: link, comment: 'The SBOM this report is about' }] } : {}),
    components: [...components.values()],
    vulnerabilities,
  };
}
