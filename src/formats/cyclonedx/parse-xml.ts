import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { SbomIssue, SbomParseResult } from '../sbom/model.js';
import { checkDocument } from './checks.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type CycloneDxParseOptions } from './options.js';
import { readBom } from './read-model.js';
import { validateAgainstSchema } from './schema.js';
import { isSupportedVersion, SUPPORTED_VERSIONS, versionOfNamespace, type CycloneDxVersion } from './versions.js';
import { bom as bomSpec, type Json, type Spec } from './xml-shape.js';

/**
 * Reads a CycloneDX 1.2–1.6 XML BOM with a streaming parser (saxes), building the JSON shape
 * of the elements Vigil maps, then the same checks and mapping as JSON. The XSD is not applied
 * (that needs libxmljs2); instead the mapped elements are checked against the official JSON
 * schema of the same version — required elements and attributes, enumerations, patterns —
 * with every issue located by line. A DOCTYPE is refused before parsing, so no entity is ever
 * declared, let alone expanded.
 */
export function parseCycloneDxXml(text: string, options: CycloneDxParseOptions = {}): SbomParseResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) return fail('too-large', `The document is larger than ${maxLength} characters.`);
  const doctypeLine = doctypeInProlog(text);
  if (doctypeLine !== undefined) {
    return fail('xml-doctype', 'XML with a DOCTYPE is refused (entity expansion and external entities are attack vectors).', doctypeLine);
  }
  const built = buildShape(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (!built.ok) return { issues: [built.issue] };
  const { value, version, lines } = built;
  const locate = (pointer: string): string => `line ${lineOf(lines, pointer)}`;
  const schemaIssues = validateAgainstSchema(value, version).map((i) => withLine(i, locate));
  if (schemaIssues.length > 0) return { issues: schemaIssues };
  const issues: SbomIssue[] = [];
  const componentPointers: string[] = [];
  const servicePointers: string[] = [];
  const doc = readBom(value, { version, issues, locate, componentPointers, servicePointers });
  issues.push(
    ...checkDocument(doc, {
      component: (i, field) => {
        const p = componentPointers[i];
        return p === undefined ? undefined : locate(field === undefined ? p : `${p}/${field}`);
      },
      service: (i) => {
        const p = servicePointers[i];
        return p === undefined ? undefined : locate(`${p}/bom-ref`);
      },
      dependency: (i) => locate(`/dependencies/${i}`),
    }),
  );
  return issues.some((i) => i.severity === 'error') ? { issues } : { document: doc, issues };
}

function fail(code: string, message: string, line?: number): SbomParseResult {
  const issue: SbomIssue =
    line === undefined ? { severity: 'error', code, message } : { severity: 'error', code, message, location: `line ${line}` };
  return { issues: [issue] };
}

/** Schema issues carry a JSON pointer of the mapped shape; for XML the location is its line, the pointer goes in the message. */
function withLine(issue: SbomIssue, locate: (pointer: string) => string): SbomIssue {
  if (issue.location === undefined) return issue;
  return { ...issue, message: `${issue.location}: ${issue.message}`, location: locate(issue.location) };
}

/** The line of the nearest recorded element at or above `pointer` (attributes and text live on their element). */
function lineOf(lines: ReadonlyMap<string, number>, pointer: string): number {
  let p = pointer === '/' ? '' : pointer;
  for (;;) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === '') return 1;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/**
 * Line of a DOCTYPE in the prolog (before the root element), skipping the XML declaration,
 * processing instructions, comments and whitespace. The prolog is the only place one may be.
 */
export function doctypeInProlog(text: string): number | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/u.test(text[i] ?? '')) i++;
    if (text.startsWith('<?', i)) i = skipPast(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i, '-->');
    else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') return lineAt(text, i);
    else return undefined;
    if (i < 0) return undefined;
  }
}

function skipPast(text: string, from: number, end: string): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

type Built =
  | { ok: true; value: Json; version: CycloneDxVersion; lines: Map<string, number> }
  | { ok: false; issue: SbomIssue };

interface Frame {
  readonly spec: Spec | undefined;
  readonly pointer: string;
  /** The JSON key or array this element's value goes to in its parent (undefined: skipped element). */
  readonly attach: ((value: unknown) => void) | undefined;
  readonly value: Json | unknown[] | undefined;
  text: string;
}

/** Thrown inside saxes handlers to stop parsing with an issue. */
class Stop extends Error {
  constructor(readonly issue: SbomIssue) {
    super(issue.message);
  }
}

function buildShape(text: string, maxDepth: number): Built {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const frames: Frame[] = [];
  const lines = new Map<string, number>();
  let namespace = '';
  let version: CycloneDxVersion | undefined;
  let result: Json | undefined;
  const stop = (code: string, message: string): never => {
    throw new Stop({ severity: 'error', code, message, location: `line ${parser.line}` });
  };
  parser.on('doctype', () => stop('xml-doctype', 'XML with a DOCTYPE is refused.'));
  parser.on('opentag', (tag) => {
    if (frames.length >= maxDepth) stop('nesting-too-deep', `XML nesting is deeper than ${maxDepth} levels.`);
    if (frames.length === 0) {
      const root = openRoot(tag, stop);
      namespace = root.namespace;
      version = root.version;
      lines.set('', parser.line);
      frames.push({ spec: bomSpec(), pointer: '', attach: (v) => (result = v as Json), value: initialValue(bomSpec(), tag), text: '' });
      return;
    }
    const frame = childFrame(frames[frames.length - 1] as Frame, tag, namespace);
    if (frame.spec) lines.set(frame.pointer, parser.line);
    frames.push(frame);
  });
  const onText = (s: string): void => {
    const top = frames[frames.length - 1];
    if (top?.spec) top.text += s;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const frame = frames.pop();
    if (frame?.spec && frame.attach) frame.attach(finish(frame));
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof Stop) return { ok: false, issue: e.issue };
    return { ok: false, issue: { severity: 'error', code: 'xml-syntax', message: `Not well-formed XML: ${(e as Error).message}`, location: `line ${parser.line}` } };
  }
  if (!result || !version) return { ok: false, issue: { severity: 'error', code: 'xml-syntax', message: 'No root element.' } };
  return { ok: true, value: { bomFormat: 'CycloneDX', specVersion: version, ...result }, version, lines };
}

function openRoot(tag: SaxesTagNS, stop: (code: string, message: string) => never): { namespace: string; version: CycloneDxVersion } {
  const v = versionOfNamespace(tag.uri);
  if (tag.local !== 'bom' || v === undefined) {
    stop('not-cyclonedx', `The root element is {${tag.uri}}${tag.local}, not a CycloneDX bom.`);
  }
  if (v === undefined || !isSupportedVersion(v)) {
    return stop('unsupported-version', `CycloneDX ${String(v)} is not supported; supported: ${SUPPORTED_VERSIONS.join(', ')}.`);
  }
  return { namespace: tag.uri, version: v };
}

const SKIPPED: Omit<Frame, 'pointer'> = { spec: undefined, attach: undefined, value: undefined, text: '' };

/** The frame of a child element: mapped by the parent's spec, or skipped (other namespaces, elements Vigil does not read). */
function childFrame(parent: Frame, tag: SaxesTagNS, namespace: string): Frame {
  const skipped: Frame = { ...SKIPPED, pointer: parent.pointer, text: '' };
  const spec = parent.spec;
  if (!spec || tag.uri !== namespace || parent.value === undefined) return skipped;
  if (spec.kind === 'list') {
    const itemSpec = spec.items[tag.local];
    const arr = parent.value as unknown[];
    if (!itemSpec) return skipped;
    const child = itemSpec();
    return { spec: child, pointer: `${parent.pointer}/${arr.length}`, attach: (v) => arr.push(v), value: initialValue(child, tag), text: '' };
  }
  if (spec.kind !== 'object') return skipped;
  const field = spec.children?.[tag.local];
  if (!field) return skipped;
  const child = field.spec();
  const target = parent.value as Json;
  if (field.repeat) {
    const arr = (Array.isArray(target[field.key]) ? target[field.key] : (target[field.key] = [])) as unknown[];
    return { spec: child, pointer: `${parent.pointer}/${field.key}/${arr.length}`, attach: (v) => arr.push(v), value: initialValue(child, tag), text: '' };
  }
  return { spec: child, pointer: `${parent.pointer}/${field.key}`, attach: (v) => (target[field.key] = v), value: initialValue(child, tag), text: '' };
}

function initialValue(spec: Spec, tag: SaxesTagNS): Json | unknown[] | undefined {
  if (spec.kind === 'list') return [];
  if (spec.kind === 'text') return undefined;
  const o: Json = {};
  for (const attr of Object.values(tag.attributes)) {
    const f = attr.uri === '' ? spec.attrs?.[attr.local] : undefined;
    if (f) o[f.key] = f.type === 'integer' && /^-?\d+$/u.test(attr.value) ? Number(attr.value) : attr.value;
  }
  return o;
}

function finish(frame: Frame): unknown {
  const spec = frame.spec;
  if (!spec) return undefined;
  if (spec.kind === 'list') return frame.value;
  if (spec.kind === 'text') {
    const s = normalized(frame.text);
    const typed = spec.type === 'boolean' && (s === 'true' || s === 'false') ? s === 'true' : spec.type === 'integer' && /^-?\d+$/u.test(s) ? Number(s) : s;
    return spec.finish && typeof typed === 'string' ? spec.finish(typed) : typed;
  }
  const o = frame.value as Json;
  if (spec.textKey !== undefined) o[spec.textKey] = normalized(frame.text);
  return spec.finish ? spec.finish(o) : o;
}

/**
 * The XSD types of the mapped elements are xs:normalizedString (or collapse to it), whose
 * whitespace facet turns tab, CR and LF into spaces; the ends are trimmed as well.
 */
function normalized(text: string): string {
  return text.replace(/[\t\n\r]/gu, ' ').trim();
}
