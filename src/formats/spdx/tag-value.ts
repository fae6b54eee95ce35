import type { SbomIssue, SbomParseResult } from '../sbom/model.js';
import { DEFAULT_MAX_LENGTH, versionOf, type SpdxParseOptions } from './json.js';
import { objects, readSpdx, str, type Json } from './read.js';
import { isSpdxVersion } from './schema.js';
import { DOCUMENT_ID } from './vocabulary.js';

interface Entry {
  readonly tag: string;
  readonly value: string;
  readonly line: number;
}

const TEXT_OPEN = '<text>';
const TEXT_CLOSE = '</text>';

/** Splits tag-value text into entries, joining `<text>…</text>` values that span lines. */
function tokenize(text: string, issues: SbomIssue[]): Entry[] | undefined {
  // Old Mac line ends (CR alone) occur in the wild (cbor-sbom.spdx), so all three are line ends.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const entries: Entry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const colon = raw.indexOf(':');
    const tag = colon > 0 ? raw.slice(0, colon).trim() : '';
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(tag)) {
      issues.push({ severity: 'warning', code: 'syntax', message: `Not a "Tag: value" line: "${trimmed.slice(0, 80)}".`, location: `line ${i + 1}` });
      continue;
    }
    const rest = raw.slice(colon + 1).trimStart();
    if (!rest.startsWith(TEXT_OPEN)) {
      entries.push({ tag, value: rest.trim(), line: i + 1 });
      continue;
    }
    const start = i;
    let body = rest.slice(TEXT_OPEN.length);
    let close = body.indexOf(TEXT_CLOSE);
    const parts: string[] = [];
    while (close < 0) {
      parts.push(body);
      i++;
      if (i >= lines.length) {
        issues.push({ severity: 'error', code: 'unterminated-text', message: `${tag}: <text> is never closed by </text>.`, location: `line ${start + 1}` });
        return undefined;
      }
      body = lines[i] as string;
      close = body.indexOf(TEXT_CLOSE);
    }
    parts.push(body.slice(0, close));
    entries.push({ tag, value: parts.join('\n'), line: start + 1 });
  }
  return entries;
}

type Kind = 'document' | 'package' | 'file' | 'snippet' | 'license' | 'annotation' | 'review';

interface Builder {
  readonly doc: Json;
  readonly lines: Map<string, number>;
  readonly issues: SbomIssue[];
  readonly annotations: { target?: string; annotation: Json; line: number }[];
  kind: Kind;
  element: Json;
  pointer: string;
  externalRef?: Json;
  relationship?: Json;
}

function push(obj: Json, key: string, value: unknown): number {
  const list = Array.isArray(obj[key]) ? (obj[key] as unknown[]) : [];
  obj[key] = list;
  list.push(value);
  return list.length - 1;
}

function startElement(b: Builder, kind: Kind, key: string, first: Json, line: number): void {
  const index = push(b.doc, key, first);
  b.kind = kind;
  b.element = first;
  b.pointer = `/${key}/${index}`;
  b.lines.set(b.pointer, line);
}

function set(b: Builder, key: string, value: unknown, line: number): void {
  b.element[key] = value;
  b.lines.set(`${b.pointer}/${key}`, line);
}

function checksum(value: string): Json {
  const colon = value.indexOf(':');
  return colon < 0 ? { algorithm: value, checksumValue: '' } : { algorithm: value.slice(0, colon).trim(), checksumValue: value.slice(colon + 1).trim() };
}

/** Tags of a package block: tag → JSON field (arrays marked with `[]`). */
const PACKAGE_TAGS: Readonly<Record<string, string>> = {
  PackageVersion: 'versionInfo',
  PackageFileName: 'packageFileName',
  PackageSupplier: 'supplier',
  PackageOriginator: 'originator',
  PackageDownloadLocation: 'downloadLocation',
  PackageHomePage: 'homepage',
  PackageSourceInfo: 'sourceInfo',
  PackageLicenseConcluded: 'licenseConcluded',
  PackageLicenseInfoFromFiles: 'licenseInfoFromFiles[]',
  PackageLicenseDeclared: 'licenseDeclared',
  PackageLicenseComments: 'licenseComments',
  PackageCopyrightText: 'copyrightText',
  PackageSummary: 'summary',
  PackageDescription: 'description',
  PackageComment: 'comment',
  PackageAttributionText: 'attributionTexts[]',
  ReleaseDate: 'releaseDate',
  BuiltDate: 'builtDate',
  ValidUntilDate: 'validUntilDate',
};

const FILE_TAGS: Readonly<Record<string, string>> = {
  FileType: 'fileTypes[]',
  LicenseInfoInFile: 'licenseInfoInFiles[]',
  FileCopyrightText: 'copyrightText',
  FileComment: 'comment',
  FileNotice: 'noticeText',
  FileContributor: 'fileContributors[]',
  FileAttributionText: 'attributionTexts[]',
  FileDependency: 'fileDependencies[]',
};

const SNIPPET_TAGS: Readonly<Record<string, string>> = {
  SnippetFromFileSPDXID: 'snippetFromFile',
  SnippetLicenseConcluded: 'licenseConcluded',
  LicenseInfoInSnippet: 'licenseInfoInSnippets[]',
  SnippetLicenseComments: 'licenseComments',
  SnippetCopyrightText: 'copyrightText',
  SnippetComment: 'comment',
  SnippetName: 'name',
  SnippetAttributionText: 'attributionTexts[]',
};

const LICENSE_TAGS: Readonly<Record<string, string>> = {
  ExtractedText: 'extractedText',
  LicenseName: 'name',
  LicenseCrossReference: 'seeAlsos[]',
  LicenseComment: 'comment',
};

const DOCUMENT_TAGS: Readonly<Record<string, string>> = {
  SPDXVersion: 'spdxVersion',
  DataLicense: 'dataLicense',
  DocumentName: 'name',
  DocumentNamespace: 'documentNamespace',
  DocumentComment: 'comment',
};

/** Tags whose information the model does not use; recognized so they are not reported as unknown. */
const IGNORED_TAGS = new Set(['ArtifactOfProjectName', 'ArtifactOfProjectHomePage', 'ArtifactOfProjectURI', 'SnippetByteRange', 'SnippetLineRange']);

function applyMapped(b: Builder, field: string, value: string, line: number): void {
  if (field.endsWith('[]')) {
    const key = field.slice(0, -2);
    const i = push(b.element, key, value);
    b.lines.set(`${b.pointer}/${key}/${i}`, line);
  } else set(b, field, value, line);
}

function inKind(b: Builder, kinds: readonly Kind[], e: Entry): boolean {
  if (kinds.includes(b.kind)) return true;
  b.issues.push({ severity: 'warning', code: 'misplaced-tag', message: `${e.tag} outside a ${kinds.join('/')} block is ignored.`, location: `line ${e.line}` });
  return false;
}

function applyStructural(b: Builder, e: Entry): boolean {
  const { tag, value, line } = e;
  switch (tag) {
    case 'PackageName':
      startElement(b, 'package', 'packages', { name: value }, line);
      return true;
    case 'FileName':
      startElement(b, 'file', 'files', { fileName: value }, line);
      return true;
    case 'SnippetSPDXID':
      startElement(b, 'snippet', 'snippets', { SPDXID: value }, line);
      return true;
    case 'LicenseID':
      startElement(b, 'license', 'hasExtractedLicensingInfos', { licenseId: value }, line);
      return true;
    case 'SPDXID':
      if (inKind(b, ['document', 'package', 'file'], e)) set(b, 'SPDXID', value, line);
      return true;
    case 'Relationship':
      relationshipOf(b, value, line);
      return true;
    case 'RelationshipComment':
      if (b.relationship !== undefined) b.relationship['comment'] = value;
      return true;
    case 'ExternalRef':
      if (inKind(b, ['package'], e)) externalRefOf(b, value, line);
      return true;
    case 'ExternalRefComment':
      if (b.externalRef !== undefined) b.externalRef['comment'] = value;
      return true;
    default:
      return false;
  }
}

function externalRefOf(b: Builder, value: string, line: number): void {
  const [category, type, ...locator] = value.split(/\s+/);
  const ref: Json = { referenceCategory: category ?? '', referenceType: type ?? '', referenceLocator: locator.join(' ') };
  const i = push(b.element, 'externalRefs', ref);
  b.lines.set(`${b.pointer}/externalRefs/${i}`, line);
  b.externalRef = ref;
  if (locator.length === 0) b.issues.push({ severity: 'error', code: 'syntax', message: 'ExternalRef needs "category type locator".', location: `line ${line}` });
}

function relationshipOf(b: Builder, value: string, line: number): void {
  const parts = value.split(/\s+/);
  const rel: Json = { spdxElementId: parts[0] ?? '', relationshipType: parts[1] ?? '', relatedSpdxElement: parts[2] ?? '' };
  if (parts.length !== 3) b.issues.push({ severity: 'error', code: 'syntax', message: 'Relationship needs "element TYPE element".', location: `line ${line}` });
  const i = push(b.doc, 'relationships', rel);
  b.lines.set(`/relationships/${i}`, line);
  b.relationship = rel;
}

function applyAnnotation(b: Builder, e: Entry): boolean {
  const current = b.annotations[b.annotations.length - 1];
  switch (e.tag) {
    case 'Annotator':
      b.annotations.push({ annotation: { annotator: e.value }, line: e.line });
      return true;
    case 'AnnotationDate':
    case 'AnnotationType':
    case 'AnnotationComment':
    case 'SPDXREF':
      if (current === undefined) b.issues.push({ severity: 'warning', code: 'misplaced-tag', message: `${e.tag} before any Annotator is ignored.`, location: `line ${e.line}` });
      else if (e.tag === 'SPDXREF') current.target = e.value;
      else current.annotation[{ AnnotationDate: 'annotationDate', AnnotationType: 'annotationType', AnnotationComment: 'comment' }[e.tag]] = e.value;
      return true;
    default:
      return false;
  }
}

function applyDocument(b: Builder, e: Entry): boolean {
  const info = (b.doc['creationInfo'] ??= {}) as Json;
  const field = DOCUMENT_TAGS[e.tag];
  if (field !== undefined) {
    b.doc[field] = e.value;
    b.lines.set(`/${field}`, e.line);
    return true;
  }
  switch (e.tag) {
    case 'Creator':
      b.lines.set(`/creationInfo/creators/${push(info, 'creators', e.value)}`, e.line);
      return true;
    case 'Created':
    case 'CreatorComment':
    case 'LicenseListVersion': {
      const key = { Created: 'created', CreatorComment: 'comment', LicenseListVersion: 'licenseListVersion' }[e.tag];
      info[key] = e.value;
      b.lines.set(`/creationInfo/${key}`, e.line);
      return true;
    }
    case 'ExternalDocumentRef': {
      const [id, uri, ...sum] = e.value.split(/\s+/);
      push(b.doc, 'externalDocumentRefs', { externalDocumentId: id ?? '', spdxDocument: uri ?? '', checksum: checksum(sum.join(' ')) });
      return true;
    }
    case 'Reviewer':
    case 'ReviewDate':
    case 'ReviewComment':
      return true;
    default:
      return false;
  }
}

function applyElement(b: Builder, e: Entry): boolean {
  const { tag, value, line } = e;
  const packageField = PACKAGE_TAGS[tag];
  if (packageField !== undefined) {
    if (inKind(b, ['package'], e)) applyMapped(b, packageField, value, line);
    return true;
  }
  const fileField = FILE_TAGS[tag] ?? SNIPPET_TAGS[tag] ?? LICENSE_TAGS[tag];
  if (fileField !== undefined) {
    const kind: Kind = FILE_TAGS[tag] !== undefined ? 'file' : SNIPPET_TAGS[tag] !== undefined ? 'snippet' : 'license';
    if (inKind(b, [kind], e)) applyMapped(b, fileField, value, line);
    return true;
  }
  switch (tag) {
    case 'PackageChecksum':
    case 'FileChecksum':
      if (inKind(b, [tag === 'PackageChecksum' ? 'package' : 'file'], e)) b.lines.set(`${b.pointer}/checksums/${push(b.element, 'checksums', checksum(value))}`, line);
      return true;
    case 'FilesAnalyzed':
      if (inKind(b, ['package'], e)) set(b, 'filesAnalyzed', value.toLowerCase() === 'true', line);
      return true;
    case 'PackageVerificationCode':
      if (inKind(b, ['package'], e)) set(b, 'packageVerificationCode', { packageVerificationCodeValue: value.split(/\s/)[0] ?? '' }, line);
      return true;
    case 'PrimaryPackagePurpose':
      if (inKind(b, ['package'], e)) set(b, 'primaryPackagePurpose', value.replace(/-/g, '_'), line);
      return true;
    case 'LicenseConcluded':
    case 'LicenseComments':
      if (inKind(b, ['file', 'snippet'], e)) set(b, tag === 'LicenseConcluded' ? 'licenseConcluded' : 'licenseComments', value, line);
      return true;
    default:
      return IGNORED_TAGS.has(tag);
  }
}

/** Annotations name their element with SPDXREF; they are attached once every element is known. */
function attachAnnotations(b: Builder): void {
  const byId = new Map<string, Json>();
  for (const key of ['packages', 'files']) for (const el of objects(b.doc[key])) {
    const id = str(el['SPDXID']);
    if (id !== undefined && !byId.has(id)) byId.set(id, el);
  }
  const documentId = str(b.doc['SPDXID']) ?? DOCUMENT_ID;
  for (const a of b.annotations) {
    const target = a.target === undefined || a.target === documentId ? b.doc : byId.get(a.target);
    if (target === undefined) {
      b.issues.push({ severity: 'warning', code: 'dangling-annotation', message: `Annotation names "${a.target ?? ''}", which is no element of this document; kept on the document.`, location: `line ${a.line}` });
    }
    push(target ?? b.doc, 'annotations', a.annotation);
  }
}

const MANDATORY_DOCUMENT: readonly (readonly [string, (d: Json) => unknown])[] = [
  ['SPDXVersion', (d) => d['spdxVersion']],
  ['DataLicense', (d) => d['dataLicense']],
  ['SPDXID', (d) => d['SPDXID']],
  ['DocumentName', (d) => d['name']],
  ['DocumentNamespace', (d) => d['documentNamespace']],
  ['Creator', (d) => (d['creationInfo'] as Json | undefined)?.['creators']],
  ['Created', (d) => (d['creationInfo'] as Json | undefined)?.['created']],
];

/** Mandatory fields of SPDX 2.3 (spec clauses 6, 7 and 8): document creation fields, package name/SPDXID/download location, file name/SPDXID/checksum. */
function checkMandatory(b: Builder): void {
  const missing = (what: string, location: string): void => {
    b.issues.push({ severity: 'error', code: 'missing-field', message: `Mandatory ${what} is missing.`, location });
  };
  for (const [tag, get] of MANDATORY_DOCUMENT) if (get(b.doc) === undefined) missing(`document field ${tag}`, 'line 1');
  objects(b.doc['packages']).forEach((p, i) => {
    const at = `line ${b.lines.get(`/packages/${i}`) ?? 1}`;
    if (p['SPDXID'] === undefined) missing(`SPDXID of package "${String(p['name'])}"`, at);
    if (p['downloadLocation'] === undefined) missing(`PackageDownloadLocation of package "${String(p['name'])}"`, at);
  });
  objects(b.doc['files']).forEach((f, i) => {
    const at = `line ${b.lines.get(`/files/${i}`) ?? 1}`;
    if (f['SPDXID'] === undefined) missing(`SPDXID of file "${String(f['fileName'])}"`, at);
    if (f['checksums'] === undefined) missing(`FileChecksum of file "${String(f['fileName'])}"`, at);
  });
}

function applyEntry(b: Builder, e: Entry): void {
  if (applyStructural(b, e) || applyAnnotation(b, e) || applyElement(b, e) || applyDocument(b, e)) return;
  b.issues.push({ severity: 'warning', code: 'unknown-tag', message: `Unknown tag "${e.tag}" is ignored.`, location: `line ${e.line}` });
}

function locator(lines: ReadonlyMap<string, number>): (pointer: string) => string {
  return (pointer) => {
    for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
      const line = lines.get(p);
      if (line !== undefined) return `line ${line}`;
    }
    return pointer;
  };
}

/**
 * Reads an SPDX 2.2 or 2.3 tag-value document. Issues name lines: unknown tags and tags outside
 * their block are warnings, missing mandatory fields (SPDX 2.3) and an unterminated `<text>`
 * are errors. The text is converted to the JSON shape and mapped exactly like
 * {@link parseSpdxJson}, so both serializations of one document give the same model.
 */
export function parseSpdxTagValue(text: string, options: SpdxParseOptions = {}): SbomParseResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength)
    return { issues: [{ severity: 'error', code: 'too-large', message: `The document has ${text.length} characters; at most ${maxLength} are accepted.` }] };
  const issues: SbomIssue[] = [];
  const entries = tokenize(text, issues);
  if (entries === undefined) return { issues };
  const doc: Json = {};
  const b: Builder = { doc, lines: new Map(), issues, annotations: [], kind: 'document', element: doc, pointer: '' };
  for (const e of entries) applyEntry(b, e);
  const declared = str(doc['spdxVersion']);
  const version = versionOf(declared);
  if (version === undefined || !isSpdxVersion(version)) {
    const message = declared === undefined ? 'SPDXVersion is missing: not an SPDX 2.x tag-value document.' : `SPDXVersion "${declared.slice(0, 50)}" is not supported (SPDX-2.2 and SPDX-2.3 are).`;
    return { issues: [...issues, { severity: 'error', code: 'unsupported-version', message, location: `line ${b.lines.get('/spdxVersion') ?? 1}` }] };
  }
  attachAnnotations(b);
  checkMandatory(b);
  const document = readSpdx(doc, version, issues, locator(b.lines));
  return { document, issues };
}

// ---------------------------------------------------------------- writing

function textValue(v: string, issues: SbomIssue[], pointer: string): string {
  if (v.includes(TEXT_CLOSE)) {
    issues.push({ severity: 'warning', code: 'not-representable', message: 'A value containing "</text>" cannot be written in tag-value; "</text>" was replaced by "</ text>".', location: pointer });
    return `${TEXT_OPEN}${v.split(TEXT_CLOSE).join('</ text>')}${TEXT_CLOSE}`;
  }
  return `${TEXT_OPEN}${v}${TEXT_CLOSE}`;
}

/** Single-line values are written bare; anything the line syntax would alter (line breaks, edge spaces, a leading `<text>`) goes in `<text>`. */
function value(v: string, issues: SbomIssue[], pointer: string, alwaysText = false): string {
  const bare = !alwaysText && v !== '' && !/[\r\n]/.test(v) && v === v.trim() && !v.startsWith(TEXT_OPEN);
  if (bare) return v;
  if (alwaysText && (v === 'NOASSERTION' || v === 'NONE')) return v;
  return textValue(v, issues, pointer);
}

class Lines {
  readonly out: string[] = [];
  constructor(private readonly issues: SbomIssue[]) {}
  tag(tag: string, v: unknown, pointer: string, alwaysText = false): void {
    if (typeof v === 'string') this.out.push(`${tag}: ${value(v, this.issues, pointer, alwaysText)}`);
    else if (typeof v === 'boolean') this.out.push(`${tag}: ${String(v)}`);
  }
  blank(): void {
    this.out.push('');
  }
}

function writeAnnotations(l: Lines, annotations: unknown, target: string, pointer: string): void {
  objects(annotations).forEach((a, i) => {
    l.tag('Annotator', a['annotator'], `${pointer}/annotations/${i}`);
    l.tag('AnnotationDate', a['annotationDate'], `${pointer}/annotations/${i}`);
    l.tag('AnnotationType', a['annotationType'], `${pointer}/annotations/${i}`);
    l.tag('SPDXREF', target, `${pointer}/annotations/${i}`);
    l.tag('AnnotationComment', a['comment'], `${pointer}/annotations/${i}/comment`, true);
    l.blank();
  });
}

function writePackageBlock(l: Lines, p: Json, pointer: string): void {
  l.tag('PackageName', p['name'], pointer);
  l.tag('SPDXID', p['SPDXID'], pointer);
  for (const [tag, field] of Object.entries(PACKAGE_TAGS)) {
    if (field.endsWith('[]') || tag === 'PackageCopyrightText' || tag === 'PackageDescription' || tag === 'PackageComment') continue;
    l.tag(tag, p[field], `${pointer}/${field}`);
    if (tag === 'PackageDownloadLocation') l.tag('FilesAnalyzed', p['filesAnalyzed'], pointer);
  }
  for (const c of objects(p['checksums'])) l.out.push(`PackageChecksum: ${String(c['algorithm'])}: ${String(c['checksumValue'])}`);
  l.tag('PackageCopyrightText', p['copyrightText'], `${pointer}/copyrightText`, true);
  l.tag('PackageDescription', p['description'], `${pointer}/description`, true);
  l.tag('PackageComment', p['comment'], `${pointer}/comment`, true);
  objects(p['externalRefs']).forEach((r, i) => {
    const loc = String(r['referenceLocator']);
    l.out.push(`ExternalRef: ${String(r['referenceCategory'])} ${String(r['referenceType'])} ${loc}`);
    l.tag('ExternalRefComment', r['comment'], `${pointer}/externalRefs/${i}/comment`, true);
  });
  const purpose = str(p['primaryPackagePurpose']);
  if (purpose !== undefined) l.out.push(`PrimaryPackagePurpose: ${purpose.replace(/_/g, '-')}`);
  l.blank();
  writeAnnotations(l, p['annotations'], String(p['SPDXID']), pointer);
}

function writeFileBlock(l: Lines, f: Json, pointer: string): void {
  l.tag('FileName', f['fileName'], pointer);
  l.tag('SPDXID', f['SPDXID'], pointer);
  for (const c of objects(f['checksums'])) l.out.push(`FileChecksum: ${String(c['algorithm'])}: ${String(c['checksumValue'])}`);
  l.tag('LicenseConcluded', f['licenseConcluded'], `${pointer}/licenseConcluded`);
  for (const x of Array.isArray(f['licenseInfoInFiles']) ? (f['licenseInfoInFiles'] as unknown[]) : []) l.tag('LicenseInfoInFile', x, pointer);
  l.tag('FileCopyrightText', f['copyrightText'], `${pointer}/copyrightText`, true);
  l.blank();
  writeAnnotations(l, f['annotations'], String(f['SPDXID']), pointer);
}

/** Writes the JSON shape produced by `writeSpdx` as tag-value (SPDX 2.3 clause order: document, packages, files, relationships, annotations). */
export function toTagValue(doc: Json, issues: SbomIssue[]): string {
  const l = new Lines(issues);
  for (const [tag, field] of Object.entries(DOCUMENT_TAGS)) {
    if (tag === 'DocumentName') l.tag('SPDXID', doc['SPDXID'], '/SPDXID');
    l.tag(tag, doc[field], `/${field}`, tag === 'DocumentComment');
  }
  const info = (doc['creationInfo'] ?? {}) as Json;
  for (const c of Array.isArray(info['creators']) ? (info['creators'] as unknown[]) : []) l.tag('Creator', c, '/creationInfo/creators');
  l.tag('Created', info['created'], '/creationInfo/created');
  l.blank();
  objects(doc['packages']).forEach((p, i) => writePackageBlock(l, p, `/packages/${i}`));
  objects(doc['files']).forEach((f, i) => writeFileBlock(l, f, `/files/${i}`));
  for (const r of objects(doc['relationships']))
    l.out.push(`Relationship: ${String(r['spdxElementId'])} ${String(r['relationshipType'])} ${String(r['relatedSpdxElement'])}`);
  if (objects(doc['relationships']).length > 0) l.blank();
  writeAnnotations(l, doc['annotations'], String(doc['SPDXID']), '');
  return `${l.out.join('\n').trimEnd()}\n`;
}
