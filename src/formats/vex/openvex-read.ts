import { checkDocument, checkStatements, type Located } from './checks.js';
import { compact, isRecord, parseJson, pointer, records, str, strings, type Json } from './json.js';
import { CISA_JUSTIFICATIONS, type VexComponent, type VexDocument, type VexIssue, type VexParseResult, type VexProduct, type VexStatement } from './model.js';
import { validateOpenVexSchema } from './openvex-schema.js';
import { fromCisaJustification, fromOpenVexStatus, isOneOf, OPENVEX_STATUSES } from './vocabulary.js';

/** The JSON-LD context of OpenVEX 0.2.0, the only version read and written. */
export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';

/**
 * Reads an OpenVEX 0.2.0 document. Checked against the vendored official schema first (which
 * already refuses not_affected without justification or impact_statement and affected without
 * action_statement), then by the shared statement checks (./checks.ts). Not modelled, so not
 * read: product `hashes`, statement `version` and `supplier`.
 */
export function parseOpenVex(text: string): VexParseResult {
  const parsed = parseJson(text);
  if ('issue' in parsed) return failed([parsed.issue]);
  const value = parsed.value;
  const context = isRecord(value) ? value['@context'] : undefined;
  if (typeof context !== 'string' || !context.startsWith('https://openvex.dev/ns')) {
    return failed([{ severity: 'error', code: 'not-openvex', location: '/', message: 'not an OpenVEX document: no "@context" of https://openvex.dev/ns' }]);
  }
  if (context !== OPENVEX_CONTEXT) {
    // The spec: "If the version is omitted, it defaults to v0.0.1" — an older, different shape.
    return failed([{ severity: 'error', code: 'unsupported-version', location: '/@context', message: `OpenVEX context ${context} is not ${OPENVEX_CONTEXT}; only OpenVEX 0.2.0 is read` }]);
  }
  const schema = validateOpenVexSchema(value);
  if (schema.length > 0) return failed(schema);
  const doc = value as Json;
  const document = readDocument(doc);
  const located: Located[] = records(doc['statements']).map((s, i) => ({ statement: readStatement(s), location: pointer('statements', i) }));
  const issues = [...checkDocument(document), ...checkStatements(located, document.timestamp)];
  if (issues.some((i) => i.severity === 'error')) return failed(issues);
  return { document, statements: located.map((l) => l.statement), issues };
}

function failed(issues: readonly VexIssue[]): VexParseResult {
  return { statements: [], issues };
}

function readDocument(doc: Json): VexDocument {
  return compact({
    id: str(doc['@id']),
    author: str(doc['author']),
    authorRole: str(doc['role']),
    timestamp: str(doc['timestamp']),
    lastUpdated: str(doc['last_updated']),
    version: typeof doc['version'] === 'number' ? doc['version'] : 1,
    tooling: str(doc['tooling']),
    notes: [],
    revisions: [],
  });
}

function readStatement(s: Json): VexStatement {
  const vuln = isRecord(s['vulnerability']) ? s['vulnerability'] : {};
  const status = isOneOf(OPENVEX_STATUSES, s['status']) ? s['status'] : 'under_investigation';
  const label = isOneOf(CISA_JUSTIFICATIONS, s['justification']) ? s['justification'] : undefined;
  return compact({
    id: str(s['@id']),
    vulnerability: compact({
      id: str(vuln['name']) ?? '',
      aliases: strings(vuln['aliases']).map((id) => ({ id })),
      description: str(vuln['description']),
      url: str(vuln['@id']),
    }),
    products: records(s['products']).map(readProduct),
    state: fromOpenVexStatus(status),
    justification: label ? fromCisaJustification(label) : undefined,
    cisaJustification: label,
    responses: [],
    impactStatement: str(s['impact_statement']),
    actionStatement: str(s['action_statement']),
    actionStatementTimestamp: str(s['action_statement_timestamp']),
    statusNotes: str(s['status_notes']),
    firstIssued: str(s['timestamp']),
    lastUpdated: str(s['last_updated']),
    ratings: [],
    notes: [],
    history: [],
  });
}

function readProduct(p: Json): VexProduct {
  return { ...readComponent(p), subcomponents: records(p['subcomponents']).map(readComponent) };
}

/**
 * `@id` is an IRI; a purl or CPE there is the identifier itself, anything else (a BOM-Link, a
 * URL) is kept as the reference. `identifiers` win over `@id` for purl and CPE.
 */
function readComponent(c: Json): VexComponent {
  const id = str(c['@id']);
  const ids = isRecord(c['identifiers']) ? c['identifiers'] : {};
  const purl = str(ids['purl']) ?? (id?.startsWith('pkg:') ? id : undefined);
  const cpe = str(ids['cpe23']) ?? str(ids['cpe22']) ?? (id?.startsWith('cpe:') ? id : undefined);
  return compact({ ref: id !== undefined && id !== purl && id !== cpe ? id : undefined, purl, cpe });
}
