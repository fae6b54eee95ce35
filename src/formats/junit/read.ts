import { SaxesParser } from 'saxes';

/**
 * JUnit XML test reports (the de-facto format of Ant, Maven Surefire, pytest, Jest, vitest,
 * Go's go-junit-report, CTest...): `<testsuites>` or a single `<testsuite>` root, nested suites,
 * `<testcase>` with `<failure>`, `<error>` or `<skipped>` children and `<properties>`. Read with
 * a streaming parser (saxes); a DOCTYPE is refused so no entity is ever defined or expanded,
 * and the size, nesting and case count are bounded. Every error names its line and column.
 */

export const MAX_JUNIT_BYTES = 20 * 1024 * 1024;
export const MAX_JUNIT_DEPTH = 64;
export const MAX_JUNIT_CASES = 100_000;

export type JUnitOutcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface JUnitProperty {
  readonly name: string;
  readonly value: string;
}

export interface JUnitCase {
  /** The innermost enclosing suite's name ('' when it has none). */
  readonly suite: string;
  readonly classname: string | null;
  readonly name: string;
  /** Seconds, when the report gives a number. */
  readonly time: number | null;
  readonly outcome: JUnitOutcome;
  /** The failure/error/skipped message (attribute, else the element's text, first 2000 characters). */
  readonly message: string | null;
  readonly properties: readonly JUnitProperty[];
  /** Where the <testcase> starts. */
  readonly line: number;
}

export interface JUnitReport {
  /** The root suite's (or first suite's) name, if any. */
  readonly name: string | null;
  readonly cases: readonly JUnitCase[];
  readonly counts: Readonly<Record<JUnitOutcome, number>>;
}

export interface JUnitError {
  readonly code: 'junit-too-large' | 'xml-doctype' | 'xml-syntax' | 'junit-root' | 'junit-too-deep' | 'junit-too-many-cases' | 'junit-testcase';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export type JUnitResult = { readonly ok: true; readonly report: JUnitReport } | { readonly ok: false; readonly error: JUnitError };

class Stop extends Error {
  constructor(readonly error: JUnitError) {
    super(error.message);
  }
}

interface OpenCase {
  suite: string;
  classname: string | null;
  name: string;
  time: number | null;
  outcome: JUnitOutcome;
  message: string | null;
  properties: JUnitProperty[];
  line: number;
  /** Collecting the text of a failure/error/skipped element without a message attribute. */
  collecting: boolean;
  text: string;
}

const MESSAGE_MAX = 2000;
/** The worse of two outcomes wins when a case carries several result elements. */
const RANK: Record<JUnitOutcome, number> = { passed: 0, skipped: 1, failed: 2, error: 3 };

export function readJUnit(text: string, limits: { maxBytes?: number; maxCases?: number } = {}): JUnitResult {
  const maxBytes = limits.maxBytes ?? MAX_JUNIT_BYTES;
  const maxCases = limits.maxCases ?? MAX_JUNIT_CASES;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    return { ok: false, error: { code: 'junit-too-large', message: `The JUnit report is larger than ${maxBytes} bytes.`, line: 1, column: 1 } };
  }
  const parser = new SaxesParser({ position: true });
  const stop = (code: JUnitError['code'], message: string): never => {
    throw new Stop({ code, message, line: parser.line, column: parser.column });
  };
  const suites: string[] = [];
  const cases: JUnitCase[] = [];
  let depth = 0;
  let rootName: string | null = null;
  let sawRoot = false;
  let current: OpenCase | undefined;
  let inProperties = false;

  parser.on('doctype', () => stop('xml-doctype', 'XML with a DOCTYPE is refused (entity expansion and external entities are attack vectors).'));
  parser.on('opentag', (tag) => {
    depth++;
    if (depth > MAX_JUNIT_DEPTH) stop('junit-too-deep', `Elements are nested deeper than ${MAX_JUNIT_DEPTH} levels.`);
    const attr = (name: string): string | undefined => {
      const v = tag.attributes[name];
      return typeof v === 'string' ? v : undefined;
    };
    if (depth === 1) {
      if (tag.name !== 'testsuites' && tag.name !== 'testsuite') stop('junit-root', `The root element is <${tag.name}>; a JUnit report starts with <testsuites> or <testsuite>.`);
      sawRoot = true;
    }
    if (tag.name === 'testsuite') {
      const name = attr('name') ?? '';
      rootName ??= name || null;
      suites.push(name);
      return;
    }
    if (tag.name === 'testcase') {
      if (current) stop('junit-testcase', 'A <testcase> inside another <testcase>.');
      const name = attr('name');
      if (name === undefined || name.trim() === '') stop('junit-testcase', 'A <testcase> without a name attribute.');
      if (cases.length >= maxCases) stop('junit-too-many-cases', `More than ${maxCases} test cases.`);
      const time = attr('time');
      const seconds = time !== undefined && /^\d+(\.\d+)?$/.test(time.trim()) ? Number(time) : null;
      current = { suite: suites.at(-1) ?? '', classname: attr('classname') ?? null, name: name!, time: seconds, outcome: 'passed', message: null, properties: [], line: parser.line, collecting: false, text: '' };
      return;
    }
    if (!current) return;
    if (tag.name === 'failure' || tag.name === 'error' || tag.name === 'skipped') {
      const outcome: JUnitOutcome = tag.name === 'failure' ? 'failed' : tag.name;
      if (RANK[outcome] >= RANK[current.outcome]) {
        current.outcome = outcome;
        const message = attr('message');
        current.message = message ? message.slice(0, MESSAGE_MAX) : null;
        current.collecting = !message;
        current.text = '';
      }
      return;
    }
    if (tag.name === 'properties') inProperties = true;
    else if (tag.name === 'property' && inProperties) {
      const name = attr('name');
      if (name) current.properties.push({ name, value: attr('value') ?? '' });
    }
  });
  const onText = (t: string) => {
    if (current?.collecting && current.text.length < MESSAGE_MAX) current.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    depth--;
    if (tag.name === 'testsuite') suites.pop();
    else if (tag.name === 'properties') inProperties = false;
    else if (current && (tag.name === 'failure' || tag.name === 'error' || tag.name === 'skipped') && current.collecting) {
      const t = current.text.trim();
      current.message = t ? t.slice(0, MESSAGE_MAX) : null;
      current.collecting = false;
    } else if (tag.name === 'testcase' && current) {
      const { collecting: _c, text: _t, ...done } = current;
      cases.push(done);
      current = undefined;
    }
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof Stop) return { ok: false, error: e.error };
    // saxes messages start with "line:column: "; the position is reported on its own.
    const message = (e as Error).message.replace(/^[^:]*:\d+:\d+: /, '');
    return { ok: false, error: { code: 'xml-syntax', message: `Not well-formed XML: ${message}`, line: parser.line, column: parser.column } };
  }
  if (!sawRoot) return { ok: false, error: { code: 'junit-root', message: 'The file holds no XML element; a JUnit report starts with <testsuites> or <testsuite>.', line: parser.line, column: parser.column } };
  const counts: Record<JUnitOutcome, number> = { passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const c of cases) counts[c.outcome]++;
  return { ok: true, report: { name: rootName, cases, counts } };
}
