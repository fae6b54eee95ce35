import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComponentsSplitter, type SplitEvent } from './json-splitter.js';

/** Splits `bytes` at the given cut points and feeds the pieces in order. */
function split(bytes: Uint8Array, cuts: readonly number[] = [], capture = true): SplitEvent[] {
  const splitter = new ComponentsSplitter({ capture });
  const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const events: SplitEvent[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    // A fresh copy per chunk, overwritten afterwards: the splitter must not keep views of it.
    const chunk = Buffer.from(bytes.subarray(at, p));
    events.push(...splitter.push(chunk));
    chunk.fill(0x20);
    at = p;
  }
  events.push(...splitter.end());
  return events;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The pieces as JSON.parse reads them, from captured bytes or by offsets into the whole input. */
function pieces(events: readonly SplitEvent[], whole?: Buffer): { members: [string, unknown][]; elements: unknown[]; problems: string[] } {
  const text = (e: { start: number; end: number; bytes?: Uint8Array }): string =>
    whole ? whole.toString('utf8', e.start, e.end) : Buffer.from(e.bytes!).toString('utf8');
  const members: [string, unknown][] = [];
  const elements: unknown[] = [];
  const problems: string[] = [];
  for (const e of events) {
    if (e.kind === 'member') members.push([e.key, JSON.parse(text(e))]);
    else if (e.kind === 'element') elements.push(JSON.parse(text(e)));
    else if (e.kind === 'problem') problems.push(e.message);
  }
  return { members, elements, problems };
}

describe('ComponentsSplitter', () => {
  it('cuts out each element of components, nested components inside, and reports the other members', () => {
    const doc = utf8('{"bomFormat":"CycloneDX", "version":1,"components":[{"name":"a","components":[{"name":"a1"}]} , {"name":"b"}],"dependencies":[{"ref":"a"}],"x":null}');
    const events = split(doc);
    expect(events.map((e) => e.kind)).toEqual(['member', 'member', 'components', 'element', 'element', 'components-end', 'member', 'member']);
    expect(pieces(events)).toEqual({
      members: [['bomFormat', 'CycloneDX'], ['version', 1], ['dependencies', [{ ref: 'a' }]], ['x', null]],
      elements: [{ name: 'a', components: [{ name: 'a1' }] }, { name: 'b' }],
      problems: [],
    });
  });

  it('counts depth as the depth guard does (root 0, members 1, elements 2)', () => {
    const events = split(utf8('{"a":[[1]],"b":2,"components":[{"x":[{}]},3]}'));
    const depths = events.flatMap((e) => (e.kind === 'member' || e.kind === 'element' ? [e.maxDepth] : []));
    expect(depths).toEqual([2, 0, 4, 0]);
  });

  it('is not fooled by brackets, quotes, escapes and multi-byte characters inside strings', () => {
    const tricky = { name: 'a } ] [ { " \\" \\\\ \u2028 é 𝄞 ,:', 'k"}': ['\\', '\\\\"', ''] };
    const doc = utf8(JSON.stringify({ 'com\\"ponents': '[', components: [tricky, tricky] }));
    for (const cuts of [[], [1, 2, 3, 30, 31, 32, 33, 60, 61]]) {
      expect(pieces(split(doc, cuts))).toEqual({ members: [['com\\"ponents', '[']], elements: [tricky, tricky], problems: [] });
    }
  });

  it('skips a UTF-8 byte order mark, and only at the start', () => {
    expect(pieces(split(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('{"components":[1]}')]), [1, 2])).elements).toEqual([1]);
    expect(pieces(split(utf8(' \uFEFF{"components":[1]}'))).problems).toHaveLength(1);
  });

  it('gives exactly what JSON.parse gives, wherever the chunks are cut, capturing or by offsets', () => {
    const element = fc.oneof(fc.record({ type: fc.constant('library'), name: fc.string({ unit: 'grapheme' }), x: fc.jsonValue() }, { requiredKeys: ['name'] }), fc.jsonValue());
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 8 }),
        fc.dictionary(fc.string({ unit: 'grapheme-composite' }).filter((k) => k !== 'components' && k !== '__proto__'), fc.jsonValue(), { maxKeys: 4 }),
        fc.array(fc.nat(), { maxLength: 16 }),
        fc.boolean(),
        fc.boolean(),
        (components, others, cuts, pretty, componentsFirst) => {
          const value = componentsFirst ? { components, ...others } : { ...others, components };
          const doc = utf8(JSON.stringify(value, null, pretty ? 2 : undefined));
          const points = cuts.map((c) => c % (doc.length + 1));
          const expected = JSON.parse(doc.toString('utf8')) as { components: unknown[] };
          const expectedMembers = Object.entries(expected).filter(([k]) => k !== 'components');
          for (const [captured, whole] of [[true, undefined], [false, doc]] as const) {
            const got = pieces(split(doc, points, captured), whole);
            expect(got.problems).toEqual([]);
            expect(got.elements).toEqual(expected.components);
            expect(got.members).toEqual(expectedMembers);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('finds broken structure, or leaves a piece JSON.parse refuses, for every truncation of a document', () => {
    const doc = utf8(JSON.stringify({ bomFormat: 'CycloneDX', components: [{ name: 'a', v: [1, 'x]'] }, 'b'], version: 1 }));
    for (let cut = 0; cut < doc.length; cut++) {
      const events = split(doc.subarray(0, cut), [Math.floor(cut / 2)]);
      const parsesAll = (): boolean => {
        try {
          pieces(events);
          return true;
        } catch {
          return false;
        }
      };
      expect(events.some((e) => e.kind === 'problem') || !parsesAll()).toBe(true);
    }
  });

  it('reports structural errors with their byte offset', () => {
    const problem = (text: string) => split(utf8(text)).find((e) => e.kind === 'problem');
    expect(problem('[{"components":[]}]')).toMatchObject({ offset: 0, message: expect.stringContaining('not an object') });
    expect(problem('')).toMatchObject({ message: expect.stringContaining('empty') });
    expect(problem('{"a" 1}')).toMatchObject({ offset: 5 });
    expect(problem('{"a":1,}')).toMatchObject({ offset: 7 });
    expect(problem('{"components":[1,]}')).toMatchObject({ offset: 17 });
    expect(problem('{"components":[1 2]}')).toMatchObject({ offset: 17 });
    expect(problem('{"components":[{"a":1}')).toMatchObject({ message: expect.stringContaining('element 1') });
    expect(problem('{} x')).toMatchObject({ offset: 3 });
    expect(problem('{"a":"\\')).toMatchObject({ message: expect.stringContaining('end of the document') });
    expect(split(utf8('{}'))).toEqual([]);
  });

  it('scans 50 MB of components at tens of MB/s', () => {
    const one = JSON.stringify({ type: 'library', name: 'x'.repeat(40), description: 'a "quoted" \\ text '.repeat(20), hashes: [{ alg: 'SHA-256', content: 'ab'.repeat(32) }] });
    const doc = utf8(`{"components":[${Array.from({ length: 50 * 1024 * 1024 / one.length }, () => one).join(',')}]}`);
    const start = performance.now();
    const events = new ComponentsSplitter().push(doc);
    const ms = performance.now() - start;
    expect(events.length).toBeGreaterThan(50_000);
    expect(ms).toBeLessThan(5000);
  });
});
