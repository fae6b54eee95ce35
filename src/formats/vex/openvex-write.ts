import { compact, isAbsoluteIri, pointer, uuidUrnFor, type Json } from './json.js';
import type { Vex, VexComponent, VexProduct, VexStatement, VexWriteResult } from './model.js';
import { OPENVEX_CONTEXT, parseOpenVex } from './openvex-read.js';
import { validateOpenVexSchema } from './openvex-schema.js';
import { cisaJustificationOf, FALSE_POSITIVE_MEANING, justificationToCisaLoss, stateLoss, toOpenVexStatus } from './vocabulary.js';
import { at, modelErrors, responsesText, WriteLog } from './write-support.js';

/**
 * Writes the model as OpenVEX 0.2.0, checked against the vendored official schema.
 *
 * Text placement (OpenVEX has three text fields where CycloneDX and CSAF have one):
 * - not_affected: `impact_statement` = impact statement, else the analysis detail;
 *   `status_notes` = status notes, else the detail when the impact statement took the first slot.
 * - other statuses: `status_notes` = status notes, else the detail; `impact_statement` only
 *   when the model has one.
 * - `action_statement` = action statement; for affected, when the model has none, the
 *   workaround, else the responses in the CycloneDX schema's words ("Update to a different
 *   revision or release"). An affected statement with none of these is refused: OpenVEX
 *   requires an action statement.
 * - a false_positive with neither justification nor text gets the CycloneDX definition of
 *   false_positive as its impact statement (not_affected needs one).
 * Everything without a place is listed in `lost` (see docs/formats/vex.md).
 */
export function toOpenVex(vex: Vex): VexWriteResult {
  const log = new WriteLog();
  for (const e of modelErrors(vex)) log.refuse(e.location ?? '/', e.code, e.message);
  const d = vex.document;
  if (d.author === undefined) log.refuse('/document/author', 'missing-author', 'OpenVEX requires a document author');
  if (d.timestamp === undefined) log.refuse('/document/timestamp', 'missing-timestamp', 'OpenVEX requires a document timestamp');
  if (d.id === undefined) log.refuse('/document/id', 'missing-id', 'OpenVEX requires a document @id');
  if (vex.statements.length === 0) log.refuse('/statements', 'no-statements', 'OpenVEX requires at least one statement');
  let id = d.id;
  if (id !== undefined && !isAbsoluteIri(id)) {
    id = uuidUrnFor(id);
    log.lose('/document/id', `document id "${d.id ?? ''}" is not an IRI; written as @id ${id}`);
  }
  if (d.versionLabel !== undefined && d.versionLabel !== String(d.version)) log.lose('/document/versionLabel', `version ${d.versionLabel} is written as the integer ${d.version}`);
  log.loseIf(d.authorUrl, '/document/authorUrl', 'OpenVEX has no place for the author URL');
  log.loseIf(d.title, '/document/title', 'OpenVEX has no document title');
  log.loseIf(d.status, '/document/status', 'OpenVEX has no document status');
  log.loseIf(d.tlp, '/document/tlp', 'OpenVEX has no TLP marking');
  log.loseIf(d.notes, '/document/notes', 'OpenVEX has no document notes');
  log.loseIf(d.revisions, '/document/revisions', 'OpenVEX has no revision history');
  const statements = vex.statements.map((s, i) => writeStatement(s, i, log));
  if (log.refused) return { lost: log.lost, issues: log.issues };
  const document = compact({
    '@context': OPENVEX_CONTEXT,
    '@id': id,
    author: d.author,
    role: d.authorRole,
    timestamp: d.timestamp,
    last_updated: d.lastUpdated,
    version: d.version,
    tooling: d.tooling,
    statements,
  });
  const schema = validateOpenVexSchema(document);
  if (schema.length > 0) return { lost: log.lost, issues: schema };
  // OpenVEX has no product version beside the purl: products the model told apart by version
  // or range can collapse into one, and two statuses for it would be a contradiction the
  // reader refuses. Such a document is not written.
  const reread = parseOpenVex(JSON.stringify(document)).issues.filter((i) => i.severity === 'error');
  if (reread.length > 0) {
    return { lost: log.lost, issues: reread.map((i) => ({ ...i, message: `without product versions the written OpenVEX says: ${i.message}` })) };
  }
  return { document, lost: log.lost, issues: [] };
}

function writeStatement(s: VexStatement, i: number, log: WriteLog): Json {
  const status = toOpenVexStatus(s.state);
  const stateLost = stateLoss(s.state);
  if (stateLost) log.lose(at(i, 'state'), stateLost);
  let justification: string | undefined;
  let impact = s.impactStatement;
  let notes = s.statusNotes;
  if (status === 'not_affected') {
    justification = cisaJustificationOf(s);
    if (s.justification !== undefined && s.cisaJustification === undefined) {
      const narrowed = justificationToCisaLoss(s.justification);
      if (narrowed) log.lose(at(i, 'justification'), narrowed);
    }
    if (impact === undefined) impact = s.detail;
    else if (notes === undefined) notes = s.detail;
    else log.loseIf(s.detail, at(i, 'detail'), 'the impact statement and status notes take both OpenVEX text fields; the analysis detail has no place');
    if (impact === undefined && justification === undefined) impact = FALSE_POSITIVE_MEANING;
  } else if (notes === undefined) {
    notes = s.detail;
  } else {
    log.loseIf(s.detail, at(i, 'detail'), 'the status notes take the OpenVEX text field; the analysis detail has no place');
  }
  let action = s.actionStatement;
  if (action === undefined && status === 'affected') action = s.workaround ?? responsesText(s.responses);
  else log.loseIf(s.workaround, at(i, 'workaround'), 'OpenVEX has no workaround field and the action statement is taken');
  if (status === 'affected' && action === undefined) {
    log.refuse(at(i), 'missing-action-statement', `${s.vulnerability.id}: OpenVEX requires an action statement for affected, and the model has no action statement, workaround or response`);
  }
  log.loseIf(s.responses, at(i, 'responses'), `OpenVEX has no machine-readable responses${action !== undefined && s.actionStatement === undefined && s.workaround === undefined ? ' (written as the action statement text)' : ''}`);
  log.loseIf(s.ratings, at(i, 'ratings'), 'OpenVEX has no place for severity ratings (CVSS)');
  log.loseIf(s.notes, at(i, 'notes'), 'OpenVEX has no vulnerability notes');
  log.loseIf(s.history, at(i, 'history'), 'OpenVEX has no statement history');
  return compact({
    '@id': statementId(s, i, log),
    vulnerability: writeVulnerability(s, i, log),
    timestamp: s.firstIssued,
    last_updated: s.lastUpdated,
    products: writeProducts(s.products, i, log),
    status,
    status_notes: notes,
    justification,
    impact_statement: impact,
    action_statement: action,
    action_statement_timestamp: s.actionStatementTimestamp,
  });
}

function statementId(s: VexStatement, i: number, log: WriteLog): string | undefined {
  if (s.id === undefined || isAbsoluteIri(s.id)) return s.id;
  log.lose(at(i, 'id'), `statement id "${s.id}" is not an IRI, as OpenVEX requires`);
  return undefined;
}

function writeVulnerability(s: VexStatement, i: number, log: WriteLog): Json {
  const v = s.vulnerability;
  let url = v.url;
  if (url !== undefined && !isAbsoluteIri(url)) {
    log.lose(at(i, 'vulnerability', 'url'), `vulnerability URL "${url}" is not an IRI`);
    url = undefined;
  }
  if (v.aliases.some((a) => a.system !== undefined)) log.lose(at(i, 'vulnerability', 'aliases'), 'OpenVEX aliases are plain strings: the issuing system of each alias is not kept');
  log.loseIf(v.sourceName, at(i, 'vulnerability', 'sourceName'), 'OpenVEX has no vulnerability source name');
  const aliases = [...new Set(v.aliases.map((a) => a.id))];
  return compact({ '@id': url, name: v.id, description: v.description, aliases: aliases.length > 0 ? aliases : undefined });
}

function writeProducts(products: readonly VexProduct[], i: number, log: WriteLog): Json[] | undefined {
  if (products.length === 0) return undefined;
  const written = new Map<string, Json>();
  products.forEach((p, j) => {
    const where = at(i, 'products', j);
    const component = writeComponent(p, where, log);
    if (!component) return;
    const subs = p.subcomponents
      .map((c, k) => writeComponent(c, `${where}${pointer('subcomponents', k)}`, log))
      .filter((c): c is Json => c !== undefined);
    const uniqueSubs = [...new Map(subs.map((c) => [JSON.stringify(c), c])).values()];
    const product = compact({ ...component, subcomponents: uniqueSubs.length > 0 ? uniqueSubs : undefined });
    const key = JSON.stringify(product);
    if (written.has(key)) log.lose(where, 'without its name, version or range this product is identical to an earlier one of the statement and is written once');
    written.set(key, product);
  });
  return [...written.values()];
}

/**
 * Whether a reference can be an OpenVEX `@id`. Syntax alone is not enough: a CSAF product id
 * such as `SLOF-0:20171214-6.git…noarch` parses as an IRI with the scheme `SLOF-0`. Only
 * references in a scheme that names things outside the document are written: URLs, URNs
 * (BOM-Links, UUIDs) and purls.
 */
function isLinkable(ref: string): boolean {
  return /^(https?|urn|pkg):/iu.test(ref) && isAbsoluteIri(ref);
}

/** `@id` = the reference when it is linkable, else the purl, else the CPE; the other identifiers go to `identifiers`. */
function writeComponent(c: VexComponent, where: string, log: WriteLog): Json | undefined {
  const ref = c.ref !== undefined && isLinkable(c.ref) ? c.ref : undefined;
  if (c.ref !== undefined && ref === undefined) log.lose(`${where}/ref`, `reference "${c.ref}" is not an IRI and cannot be an OpenVEX @id (not a URL, URN or purl)`);
  const id = ref ?? c.purl ?? c.cpe;
  if (id === undefined) {
    log.refuse(where, 'unidentifiable-product', 'OpenVEX identifies a product by an IRI @id, a purl or a CPE; this one has none');
    return undefined;
  }
  log.loseIf(c.name, `${where}/name`, 'OpenVEX products have no name');
  log.loseIf(c.version, `${where}/version`, 'OpenVEX products have no version field (only what the purl or CPE says)');
  log.loseIf(c.range, `${where}/range`, 'OpenVEX products have no version range');
  const identifiers = compact({
    purl: c.purl !== undefined && c.purl !== id ? c.purl : undefined,
    cpe23: c.cpe !== undefined && c.cpe !== id && c.cpe.startsWith('cpe:2.3:') ? c.cpe : undefined,
    cpe22: c.cpe !== undefined && c.cpe !== id && !c.cpe.startsWith('cpe:2.3:') ? c.cpe : undefined,
  });
  return compact({ '@id': id, identifiers: Object.keys(identifiers).length > 0 ? identifiers : undefined });
}
