import { validateAgainstSchema } from '../cyclonedx/index.js';
import { AUTHOR_ROLE_PROPERTY } from './cyclonedx-read.js';
import { compact, isUuidUrn, uuidUrnFor, type Json } from './json.js';
import type { AnalysisState, Vex, VexComponent, VexStatement, VexWriteResult } from './model.js';
import { fromCisaJustification, justificationFromCisaLoss } from './vocabulary.js';
import { at, modelErrors, WriteLog } from './write-support.js';

const SEVERITIES = new Set(['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown']);
const METHODS = new Set(['CVSSv2', 'CVSSv3', 'CVSSv31', 'CVSSv4', 'OWASP', 'SSVC', 'other']);

/** The `affects[].versions[].status` a statement's state implies (in_triage: not known yet). */
const VERSION_STATUS: Readonly<Record<AnalysisState, string>> = {
  exploitable: 'affected',
  in_triage: 'unknown',
  not_affected: 'unaffected',
  false_positive: 'unaffected',
  resolved: 'unaffected',
  resolved_with_pedigree: 'unaffected',
};

/** The CycloneDX versions VEX is written as (1.6 unless asked). */
export const CYCLONEDX_VEX_WRITE_VERSIONS = ['1.4', '1.5', '1.6'] as const;
export type CycloneDxVexWriteVersion = (typeof CYCLONEDX_VEX_WRITE_VERSIONS)[number];

export interface CycloneDxVexWriteOptions {
  /** 1.6 by default; 1.5 holds the same VEX fields; 1.4 has no annotations, analysis times or workaround (listed in `lost`). */
  readonly specVersion?: CycloneDxVexWriteVersion;
}

/** Score methods CycloneDX 1.4 knows (1.5 added CVSSv4 and SSVC). */
const METHODS_1_4 = new Set(['CVSSv2', 'CVSSv3', 'CVSSv31', 'OWASP', 'other']);

/**
 * Writes the model as a dedicated CycloneDX VEX BOM (1.6 unless `specVersion` says 1.5 or
 * 1.4), checked against the official schema of that version.
 *
 * - Each statement is one `vulnerabilities[]` entry (CycloneDX allows the same id several
 *   times, as the CISA use cases do for different versions).
 * - Products are `components` (type `application`, bom-ref = the model's ref, else the purl),
 *   referenced from `affects[].ref`; versions and ranges go to `affects[].versions` with the
 *   status the state implies. A BOM-Link ref (`urn:cdx:…`) is referenced as it is: the product
 *   lives in that other BOM.
 * - `analysis.detail` takes the detail, else the impact statement, else the status notes; the
 *   action statement is `recommendation`, the workaround `workaround`.
 * - The statement history becomes `annotations` (1.5+) on the vulnerability's bom-ref.
 * - 1.4 has no annotations, no `analysis.firstIssued`/`lastUpdated`, no `workaround`, tools as
 *   an array, and no CVSSv4/SSVC score method (written as other): each is listed in `lost`.
 * - The author role goes to the `vigil:vex:author-role` metadata property (no CycloneDX field).
 * Whatever has no place is listed in `lost` (docs/formats/vex.md).
 */
export function toCycloneDxVex(vex: Vex, options: CycloneDxVexWriteOptions = {}): VexWriteResult {
  const specVersion = options.specVersion ?? '1.6';
  const log = new WriteLog();
  for (const e of modelErrors(vex)) log.refuse(e.location ?? '/', e.code, e.message);
  const d = vex.document;
  let serialNumber = d.id;
  if (serialNumber !== undefined && !isUuidUrn(serialNumber)) {
    serialNumber = uuidUrnFor(serialNumber);
    log.lose('/document/id', `document id "${d.id ?? ''}" is not a urn:uuid, as CycloneDX serial numbers must be; written as ${serialNumber}`);
  }
  if (d.versionLabel !== undefined && d.versionLabel !== String(d.version)) log.lose('/document/versionLabel', `version ${d.versionLabel} is written as the integer ${d.version}`);
  log.loseIf(d.lastUpdated, '/document/lastUpdated', 'CycloneDX metadata has one timestamp (the first issue); the last-updated time has no place');
  log.loseIf(d.authorUrl, '/document/authorUrl', 'CycloneDX authors have no URL');
  log.loseIf(d.title, '/document/title', 'CycloneDX has no document title');
  log.loseIf(d.status, '/document/status', 'CycloneDX has no document status');
  log.loseIf(d.tlp, '/document/tlp', 'CycloneDX 1.6 has no TLP marking of the BOM');
  log.loseIf(d.notes, '/document/notes', 'CycloneDX has no document notes');
  log.loseIf(d.revisions, '/document/revisions', 'CycloneDX has no revision history');

  const components = new Components(log);
  const annotations: Json[] = [];
  const vulnerabilities = vex.statements.map((s, i) => writeVulnerability(s, i, components, annotations, log, specVersion));
  if (log.refused) return { lost: log.lost, issues: log.issues };
  const metadata = compact({
    timestamp: d.timestamp,
    tools: d.tooling === undefined ? undefined : specVersion === '1.4' ? [{ name: d.tooling }] : { components: [{ type: 'application', name: d.tooling }] },
    authors: d.author !== undefined ? [{ name: d.author }] : undefined,
    properties: d.authorRole !== undefined ? [{ name: AUTHOR_ROLE_PROPERTY, value: d.authorRole }] : undefined,
  });
  const document = compact({
    $schema: `http://cyclonedx.org/schema/bom-${specVersion}.schema.json`,
    bomFormat: 'CycloneDX',
    specVersion,
    serialNumber,
    version: d.version,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    components: components.list.length > 0 ? components.list : undefined,
    vulnerabilities,
    annotations: annotations.length > 0 ? annotations : undefined,
  });
  const schema = validateAgainstSchema(document, specVersion);
  if (schema.length > 0) return { lost: log.lost, issues: schema };
  return { document, lost: log.lost, issues: [] };
}

/**
 * The BOM's components, one per product (versions live in `affects`). Products are matched by
 * their first identifier (ref, else purl, else CPE, else name); a later description of the
 * same product fills in what the component lacks, a conflicting one gets its own bom-ref.
 */
class Components {
  readonly list: Json[] = [];
  private readonly byRef = new Map<string, Json>();

  constructor(private readonly log: WriteLog) {}

  /** The `affects[].ref` for a product, adding or completing its component. */
  refFor(c: VexComponent, where: string): string {
    if (c.ref?.startsWith('urn:cdx:')) {
      for (const k of ['purl', 'cpe', 'name'] as const) {
        this.log.loseIf(c[k], `${where}/${k}`, `a BOM-Link product lives in the BOM it links to; its ${k} is not repeated in the VEX BOM`);
      }
      return c.ref;
    }
    const wanted = compact({ purl: c.purl, cpe: c.cpe, name: c.name });
    let ref = c.ref ?? c.purl ?? c.cpe ?? c.name ?? `vex-product-${this.list.length + 1}`;
    const existing = this.byRef.get(ref);
    if (existing) {
      const conflict = (Object.keys(wanted) as (keyof typeof wanted)[]).some((k) => existing[k] !== undefined && existing[k] !== wanted[k] && !(k === 'name' && existing['name'] === existing['bom-ref']));
      if (!conflict) {
        Object.assign(existing, wanted);
        return ref;
      }
      const renamed = `${ref}#${this.list.length + 1}`;
      this.log.lose(`${where}/ref`, `bom-ref "${ref}" already names a product described differently in this BOM; written as "${renamed}"`);
      ref = renamed;
    }
    // CycloneDX requires a component name; a product without one is named by its identifier.
    const component = compact({ type: 'application', 'bom-ref': ref, name: c.name ?? ref, purl: c.purl, cpe: c.cpe });
    this.byRef.set(ref, component);
    this.list.push(component);
    return ref;
  }
}

function writeVulnerability(s: VexStatement, i: number, components: Components, annotations: Json[], log: WriteLog, specVersion: CycloneDxVexWriteVersion): Json {
  const v14 = specVersion === '1.4';
  const v = s.vulnerability;
  let justification = s.justification;
  if (s.cisaJustification !== undefined) {
    justification ??= fromCisaJustification(s.cisaJustification);
    const widened = justificationFromCisaLoss(s.cisaJustification);
    if (widened) log.lose(at(i, 'cisaJustification'), widened);
  }
  const texts = [s.detail, s.impactStatement, s.statusNotes];
  const detail = texts.find((t) => t !== undefined);
  (['detail', 'impactStatement', 'statusNotes'] as const).forEach((k) => {
    const t = s[k];
    if (t !== undefined && t !== detail) log.lose(at(i, k), `CycloneDX has one analysis text (analysis.detail), taken by another text; the ${k} has no place`);
  });
  log.loseIf(s.actionStatementTimestamp, at(i, 'actionStatementTimestamp'), 'CycloneDX has no time of the recommendation');
  log.loseIf(s.notes, at(i, 'notes'), 'CycloneDX vulnerabilities have no notes');
  let bomRef = s.id;
  if (v14) {
    log.loseIf(s.history, at(i, 'history'), 'CycloneDX 1.4 has no annotations (added in 1.5) to carry the statement history');
    log.loseIf(s.firstIssued, at(i, 'firstIssued'), 'CycloneDX 1.4 analysis has no firstIssued (added in 1.5)');
    log.loseIf(s.lastUpdated, at(i, 'lastUpdated'), 'CycloneDX 1.4 analysis has no lastUpdated (added in 1.5)');
    log.loseIf(s.workaround, at(i, 'workaround'), 'CycloneDX 1.4 has no workaround field (added in 1.5)');
  } else {
    if (bomRef === undefined && s.history.length > 0) bomRef = `vex-statement-${i + 1}`;
    s.history.forEach((h, k) => {
      if (h.author === undefined || bomRef === undefined) {
        log.lose(at(i, 'history', k), 'a CycloneDX annotation needs an annotator; this history entry has no author');
        return;
      }
      annotations.push({ subjects: [bomRef], annotator: { organization: { name: h.author } }, timestamp: h.timestamp, text: h.text });
    });
  }
  const source = compact({ name: v.sourceName, url: v.url });
  return compact({
    'bom-ref': bomRef,
    id: v.id,
    source: Object.keys(source).length > 0 ? source : undefined,
    references: v.aliases.length > 0 ? v.aliases.map((a) => ({ id: a.id, source: compact({ name: a.system }) })) : undefined,
    ratings: s.ratings.length > 0 ? s.ratings.map((r, k) => writeRating(r, at(i, 'ratings', k), log, v14 ? METHODS_1_4 : METHODS)) : undefined,
    description: v.description,
    recommendation: s.actionStatement,
    workaround: v14 ? undefined : s.workaround,
    analysis: compact({
      state: s.state,
      justification,
      response: s.responses.length > 0 ? [...s.responses] : undefined,
      detail,
      firstIssued: v14 ? undefined : s.firstIssued,
      lastUpdated: v14 ? undefined : s.lastUpdated,
    }),
    affects: writeAffects(s, i, components, log),
  });
}

function writeRating(r: VexStatement['ratings'][number], where: string, log: WriteLog, methods: ReadonlySet<string>): Json {
  const severity = r.severity !== undefined && SEVERITIES.has(r.severity) ? r.severity : undefined;
  if (r.severity !== undefined && severity === undefined) log.lose(`${where}/severity`, `severity "${r.severity}" is not a CycloneDX severity`);
  const method = r.method !== undefined && methods.has(r.method) ? r.method : r.method !== undefined ? 'other' : undefined;
  if (r.method !== undefined && method !== r.method) log.lose(`${where}/method`, `method "${r.method}" is not a CycloneDX score method; written as other`);
  const source = compact({ name: r.sourceName, url: r.sourceUrl });
  return compact({ source: Object.keys(source).length > 0 ? source : undefined, score: r.score, severity, method, vector: r.vector });
}

function writeAffects(s: VexStatement, i: number, components: Components, log: WriteLog): Json[] | undefined {
  const byRef = new Map<string, { bare: boolean; versions: Json[] }>();
  s.products.forEach((p, j) => {
    const where = at(i, 'products', j);
    log.loseIf(p.subcomponents, `${where}/subcomponents`, 'CycloneDX affects name the affected element only; the subcomponents have no place');
    const ref = components.refFor(p, where);
    const entry = byRef.get(ref) ?? { bare: false, versions: [] };
    byRef.set(ref, entry);
    if (p.version === undefined && p.range === undefined) {
      entry.bare = true;
      return;
    }
    if (p.version !== undefined && p.range !== undefined) log.lose(`${where}/version`, 'a CycloneDX affected version is a version or a range, not both; the range is written');
    const versionOrRange = p.range !== undefined ? { range: p.range } : { version: p.version };
    entry.versions.push({ ...versionOrRange, status: VERSION_STATUS[s.state] });
  });
  const affects: Json[] = [];
  for (const [ref, e] of byRef) {
    if (e.bare) affects.push({ ref });
    if (e.versions.length > 0) affects.push({ ref, versions: e.versions });
  }
  return affects.length > 0 ? affects : undefined;
}

