import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonArraySplitter, type SplitEvent } from './json-array-splitter.js';

const LIMITS = { maxElementChars: 1 << 20, maxMemberChars: 1 << 16 };

/** Splits `text` at the given cut points and feeds the pieces in order. */
function split(text: string, cuts: readonly number[] = [], limits = LIMITS): SplitEvent[] {
  const splitter = new JsonArraySplitter('vulnerabilities', limits);
  const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
  const events: SplitEvent[] = [];
  let at = 0;
  for (const p of [...points, text.length]) {
    events.push(...splitter.push(text.slice(at, p)));
    at = p;
  }
  events.push(...splitter.end());
  return events;
}

function elements(events: readonly SplitEvent[]): unknown[] {
  return events.flatMap((e) => (e.kind === 'element' ? [JSON.parse(e.text)] : []));
}

describe('JsonArraySplitter', () => {
  it('cuts out each element and reports the other top-level members', () => {
    const events = split('{"format":"NVD_CVE","totalResults":2,"vulnerabilities":[{"cve":{"id":"a"}} , {"cve":{"id":"b"}}],"tail":[1,{"x":"]"}]}');
    expect(events).toEqual([
      { kind: 'member', key: 'format', text: '"NVD_CVE"' },
      { kind: 'member', key: 'totalResults', text: '2' },
      { kind: 'element', index: 0, text: '{"cve":{"id":"a"}}' },
      { kind: 'element', index: 1, text: '{"cve":{"id":"b"}}' },
      { kind: 'member', key: 'tail', text: '[1,{"x":"]"}]' },
    ]);
  });

  it('is not fooled by brackets, quotes and escapes inside strings', () => {
    const tricky = { cve: { id: 'x', d: 'a } ] [ { " \\" \\\\ \u2028 é 𝄞', n: [[], {}, '', null, true, -1.5e3] } };
    expect(elements(split(JSON.stringify({ vulnerabilities: [tricky, tricky] })))).toEqual([tricky, tricky]);
  });

  it('handles scalar elements and an empty array', () => {
    expect(elements(split('{"vulnerabilities":[1, "two", null, true,[3]]}'))).toEqual([1, 'two', null, true, [3]]);
    expect(split('{"vulnerabilities":[]}')).toEqual([]);
  });

  it('gives the same elements as JSON.parse wherever the chunks are cut', () => {
    const element = fc.record({ cve: fc.record({ id: fc.string(), v: fc.jsonValue() }) });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 8 }), fc.jsonValue(), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (items, other, cuts, pretty) => {
        const doc = JSON.stringify({ resultsPerPage: items.length, other, vulnerabilities: items, timestamp: 'x' }, null, pretty ? 2 : undefined);
        const events = split(doc, cuts.map((c) => c % (doc.length + 1)));
        expect(events.filter((e) => e.kind === 'problem')).toEqual([]);
        expect(elements(events)).toEqual((JSON.parse(doc) as { vulnerabilities: unknown[] }).vulnerabilities);
        const members = events.flatMap((e) => (e.kind === 'member' ? [[e.key, JSON.parse(e.text!)]] : []));
        expect(members).toEqual([['resultsPerPage', items.length], ['other', JSON.parse(JSON.stringify(other))], ['timestamp', 'x']]);
      }),
      { numRuns: 300 },
    );
  });

  it('skips an element over the limit without holding it', () => {
    const big = { cve: { id: 'x'.repeat(500) } };
    const events = split(JSON.stringify({ vulnerabilities: [big, { cve: { id: 'small' } }] }), [100, 300], { maxElementChars: 200, maxMemberChars: 10 });
    expect(events[0]).toMatchObject({ kind: 'oversized', index: 0 });
    expect(events[1]).toEqual({ kind: 'element', index: 1, text: '{"cve":{"id":"small"}}' });
  });

  it('reports truncation inside an element, after the elements before it', () => {
    const events = split('{"vulnerabilities":[{"cve":{"id":"a"}},{"cve":{"id":"b"');
    expect(events[0]).toMatchObject({ kind: 'element', index: 0 });
    expect(events[1]).toMatchObject({ kind: 'problem', message: expect.stringContaining('element 1') });
  });

  it('reports a top level that is not an object, an empty input and trailing content', () => {
    expect(split('[{"cve":{}}]')[0]).toMatchObject({ kind: 'problem', offset: 0 });
    expect(split('  ')[0]).toMatchObject({ kind: 'problem', message: expect.stringContaining('empty') });
    expect(split('{"vulnerabilities":[]} x')[0]).toMatchObject({ kind: 'problem', offset: 23 });
  });
});
