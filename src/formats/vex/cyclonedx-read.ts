import { validateAgainstSchema, type CycloneDxVersion } from '../cyclonedx/index.js';
import { checkDocument, checkStatements, type Located } from './checks.js';
import { compact, isRecord, parseJson, pointer, records, str, strings, type Json } from './json.js';
import {
  ANALYSIS_STATES,
  JUSTIFICATIONS,
  RESPONSES,
  type AnalysisState,
  type VexComponent,
  type VexDocument,
  type VexHistoryEntry,
  type VexIssue,
  type VexParseResult,
  type VexProduct,
  type VexRating,
  type VexStatement,
} from './model.js';
import { isOneOf } from './vocabulary.js';

/** CycloneDX versions with `vulnerabilities` (added in 1.4). */
export const CYCLONEDX_VEX_VERSIONS = ['1.4', '1.5', '1.6'] as const;

/**
 * CycloneDX has no field for the CISA "author role"; Vigil writes it as a metadata property in
 * its own namespace (properties are CycloneDX's extension point) and reads it back.
 */
export const AUTHOR_ROLE_PROPERTY = 'vigil:vex:author-role';

/**
 * Reads a CycloneDX 1.4–1.6 JSON BOM carrying VEX (a dedicated VEX BOM or a BOM with
 * embedded VEX). Validated against the official schema of its `specVersion` (the vendored
 * schemas of src/formats/cyclonedx), then:
 *
 * - each `vulnerabilities[]` entry with an `analysis` is one statement; entries without one
 *   (vulnerability data, not VEX) are skipped with a `no-analysis` warning, and a BOM with no
 *   analysed vulnerability at all is `not-vex`;
 * - each `affects[]` entry, and each of its `versions[]`, is one product; the ref is resolved to
 *   the component (metadata component, components, services) for name, version, purl and CPE;
 * - a version `status` contradicting the analysis state (`affected` under not_affected,
 *   false_positive or resolved; `unaffected` under exploitable) is `version-status-conflict`.
 *   A missing status is not read as the schema's default `affected`: the CISA use-case files
 *   leave it out under `resolved`.
 * Then the shared checks of ./checks.ts apply.
 */
export function parseCycloneDxVex(text: string): VexParseResult {
  const parsed = parseJson(text);
  if ('issue' in parsed) return failed([parsed.issue]);
  const bom = parsed.value;
  if (!isRecord(bom) || bom['bomFormat'] !== 'CycloneDX') {
    return failed([{ severity: 'error', code: 'not-cyclonedx', location: '/', message: 'not a CycloneDX BOM: no "bomFormat": "CycloneDX"' }]);
  }
  const version = bom['specVersion'];
  if (!isOneOf(CYCLONEDX_VEX_VERSIONS, version)) {
    return failed([{ severity: 'error', code: 'unsupported-version', location: '/specVersion', message: `CycloneDX ${JSON.stringify(version)}: VEX is read from 1.4, 1.5 and 1.6` }]);
  }
  const schema: VexIssue[] = validateAgainstSchema(bom, version satisfies CycloneDxVersion);
  if (schema.length > 0) return failed(schema);

  const index = componentIndex(bom);
  const annotations = annotationIndex(bom);
  const issues: VexIssue[] = [];
  const located: Located[] = [];
  records(bom['vulnerabilities']).forEach((v, i) => {
    const where = pointer('vulnerabilities', i);
    if (!isRecord(v['analysis'])) {
      issues.push({ severity: 'warning', code: 'no-analysis', location: where, message: `${str(v['id']) ?? 'vulnerability'} has no analysis: vulnerability data, not a VEX statement` });
      return;
    }
    const statement = readStatement(v, where, index, annotations, issues);
    if (statement) located.push({ statement, location: where });
  });
  if (located.length === 0 && !issues.some((i) => i.severity === 'error')) {
    return failed([{ severity: 'error', code: 'not-vex', location: '/vulnerabilities', message: 'the BOM has no vulnerability with an analysis, so it states no VEX' }]);
  }
  const document = readDocument(bom);
  issues.push(...checkDocument(document), ...checkStatements(located, document.timestamp));
  if (issues.some((i) => i.severity === 'error')) return failed(issues);
  return { document, statements: located.map((l) => l.statement), issues };
}

function failed(issues: readonly VexIssue[]): VexParseResult {
  return { statements: [], issues };
}

function readDocument(bom: Json): VexDocument {
  const metadata = isRecord(bom['metadata']) ? bom['metadata'] : {};
  const authors = records(metadata['authors']).map((a) => str(a['name'])).filter((n): n is string => n !== undefined);
  const role = records(metadata['properties']).find((p) => p['name'] === AUTHOR_ROLE_PROPERTY);
  return compact({
    id: str(bom['serialNumber']),
    author: authors.length > 0 ? authors.join(', ') : undefined,
    authorRole: role ? str(role['value']) : undefined,
    timestamp: str(metadata['timestamp']),
    version: typeof bom['version'] === 'number' ? bom['version'] : 1,
    tooling: toolingOf(metadata['tools']),
    notes: [],
    revisions: [],
  });
}

/** `metadata.tools`: an array of tools (1.4, deprecated later) or `{components, services}` (1.5+). */
function toolingOf(tools: unknown): string | undefined {
  const list = Array.isArray(tools) ? records(tools) : isRecord(tools) ? [...records(tools['components']), ...records(tools['services'])] : [];
  const names = list
    .map((t) => [str(t['vendor']) ?? str(t['group']), str(t['name']), str(t['version'])].filter((x) => x !== undefined).join(' '))
    .filter((n) => n !== '');
  return names.length > 0 ? names.join(', ') : undefined;
}

type ComponentIndex = ReadonlyMap<string, VexComponent>;

/** Every bom-ref'd component and service of the BOM (nested ones too), by bom-ref. */
function componentIndex(bom: Json): ComponentIndex {
  const index = new Map<string, VexComponent>();
  const visit = (c: Json): void => {
    const ref = str(c['bom-ref']);
    const purl = str(c['purl']);
    const cpe = str(c['cpe']);
    // A bom-ref that is the purl (or CPE) itself, common practice and what the writer does,
    // adds no identity of its own.
    const own = ref !== undefined && ref !== purl && ref !== cpe ? ref : undefined;
    if (ref !== undefined) index.set(ref, compact({ ref: own, name: str(c['name']), version: str(c['version']), purl, cpe }));
    records(c['components']).forEach(visit);
    records(c['services']).forEach(visit);
  };
  const metadata = isRecord(bom['metadata']) ? bom['metadata'] : {};
  if (isRecord(metadata['component'])) visit(metadata['component']);
  records(bom['components']).forEach(visit);
  records(bom['services']).forEach(visit);
  return index;
}

/** Annotations (1.5+) by subject bom-ref: a statement's history. */
function annotationIndex(bom: Json): ReadonlyMap<string, VexHistoryEntry[]> {
  const index = new Map<string, VexHistoryEntry[]>();
  for (const a of records(bom['annotations'])) {
    const annotator = isRecord(a['annotator']) ? a['annotator'] : {};
    const who = ['organization', 'individual', 'component', 'service'].map((k) => annotator[k]).find(isRecord);
    const entry: VexHistoryEntry = compact({ timestamp: str(a['timestamp']) ?? '', author: who ? str(who['name']) : undefined, text: str(a['text']) ?? '' });
    for (const subject of strings(a['subjects'])) index.set(subject, [...(index.get(subject) ?? []), entry]);
  }
  return index;
}

function readStatement(
  v: Json,
  where: string,
  index: ComponentIndex,
  annotations: ReadonlyMap<string, VexHistoryEntry[]>,
  issues: VexIssue[],
): VexStatement | undefined {
  const analysis = v['analysis'] as Json;
  const id = str(v['id']);
  if (id === undefined) {
    issues.push({ severity: 'error', code: 'missing-vulnerability-id', location: `${where}/id`, message: 'a VEX statement needs the vulnerability id (CISA minimum requirements)' });
    return undefined;
  }
  const state = analysis['state'];
  if (!isOneOf(ANALYSIS_STATES, state)) {
    issues.push({ severity: 'error', code: 'missing-state', location: `${where}/analysis/state`, message: `${id}: the analysis has no state, so the statement has no status` });
    return undefined;
  }
  const source = isRecord(v['source']) ? v['source'] : {};
  const bomRef = str(v['bom-ref']);
  const justification = analysis['justification'];
  return compact({
    id: bomRef,
    vulnerability: compact({
      id,
      aliases: records(v['references']).map((r) => {
        const rs = isRecord(r['source']) ? r['source'] : {};
        return compact({ id: str(r['id']) ?? '', system: str(rs['name']) });
      }),
      description: str(v['description']),
      url: str(source['url']),
      sourceName: str(source['name']),
    }),
    products: readProducts(v, where, state, index, issues),
    state,
    justification: isOneOf(JUSTIFICATIONS, justification) ? justification : undefined,
    responses: strings(analysis['response']).filter((r) => isOneOf(RESPONSES, r)),
    detail: str(analysis['detail']),
    actionStatement: str(v['recommendation']),
    workaround: str(v['workaround']),
    firstIssued: str(analysis['firstIssued']),
    lastUpdated: str(analysis['lastUpdated']),
    ratings: records(v['ratings']).map(readRating),
    notes: [],
    history: bomRef !== undefined ? (annotations.get(bomRef) ?? []) : [],
  });
}

function readRating(r: Json): VexRating {
  const source = isRecord(r['source']) ? r['source'] : {};
  return compact({
    method: str(r['method']),
    score: typeof r['score'] === 'number' ? r['score'] : undefined,
    severity: str(r['severity']),
    vector: str(r['vector']),
    sourceName: str(source['name']),
    sourceUrl: str(source['url']),
  });
}

/** Version statuses that contradict an analysis state. */
const CONFLICTING_VERSION_STATUS: Readonly<Partial<Record<AnalysisState, string>>> = {
  not_affected: 'affected',
  false_positive: 'affected',
  resolved: 'affected',
  resolved_with_pedigree: 'affected',
  exploitable: 'unaffected',
};

function readProducts(v: Json, where: string, state: AnalysisState, index: ComponentIndex, issues: VexIssue[]): VexProduct[] {
  const products: VexProduct[] = [];
  records(v['affects']).forEach((a, j) => {
    const ref = str(a['ref']) ?? '';
    const resolved = index.get(ref);
    if (!resolved && !ref.startsWith('urn:cdx:')) {
      issues.push({ severity: 'warning', code: 'unresolved-ref', location: `${where}${pointer('affects', j, 'ref')}`, message: `"${ref}" names no component or service of this BOM and is not a BOM-Link` });
    }
    const base: VexComponent = resolved ?? { ref };
    const versions = records(a['versions']);
    if (versions.length === 0) {
      products.push({ ...base, subcomponents: [] });
      return;
    }
    versions.forEach((ver, k) => {
      const status = str(ver['status']);
      if (status !== undefined && status === CONFLICTING_VERSION_STATUS[state]) {
        issues.push({
          severity: 'error',
          code: 'version-status-conflict',
          location: `${where}${pointer('affects', j, 'versions', k, 'status')}`,
          message: `${str(v['id']) ?? ''}: version status "${status}" contradicts the analysis state ${state}`,
        });
      }
      const { version: _componentVersion, ...identity } = base;
      products.push(compact({ ...identity, version: str(ver['version']), range: str(ver['range']), subcomponents: [] }));
    });
  });
  return products;
}
