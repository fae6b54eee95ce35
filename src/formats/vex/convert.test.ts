import { describe, expect, it } from 'vitest';
import { strictValidate } from '../cyclonedx/test-support.js';
import { parseCsafVex } from './csaf-read.js';
import { validateCsaf } from './csaf-validate.js';
import { toCsafVex } from './csaf-write.js';
import { parseCycloneDxVex } from './cyclonedx-read.js';
import { toCycloneDxVex } from './cyclonedx-write.js';
import type { Vex, VexComponent, VexParseResult, VexStatement, VexWriteResult } from './model.js';
import { parseOpenVex } from './openvex-read.js';
import { validateOpenVexSchema } from './openvex-schema.js';
import { toOpenVex } from './openvex-write.js';
import { fixture, richModel, vexOf } from './test-support.js';
import { cisaJustificationOf, fromCisaJustification, RESPONSE_WORDING } from './vocabulary.js';

/*
 * Round trips through each format, judged against what docs/formats/vex.md says the format
 * carries: each `carriedBy…` function below restates that table as a transformation of the
 * model, independently of the writers.
 */

type Format = 'cyclonedx' | 'openvex' | 'csaf';

function write(format: Format, vex: Vex): VexWriteResult {
  if (format === 'cyclonedx') return toCycloneDxVex(vex);
  if (format === 'openvex') return toOpenVex(vex);
  return toCsafVex(vex, { publisherNamespace: 'https://acme-medical.example' });
}

async function read(format: Format, text: string): Promise<VexParseResult> {
  if (format === 'cyclonedx') return parseCycloneDxVex(text);
  if (format === 'openvex') return parseOpenVex(text);
  return parseCsafVex(text);
}

async function through(format: Format, vex: Vex): Promise<Vex> {
  const written = write(format, vex);
  expect(written.issues).toEqual([]);
  const back = await read(format, JSON.stringify(written.document));
  expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return vexOf(back);
}

const without = <T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> => {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
};

/** CycloneDX: one analysis text, no subcomponents, no CISA label, no document notes/title/TLP/last update. */
function carriedByCycloneDx(vex: Vex): Vex {
  return {
    document: { ...without(vex.document, 'lastUpdated', 'authorUrl', 'title', 'status', 'tlp'), notes: [], revisions: [] },
    statements: vex.statements.map((s) => {
      const rest = without(s, 'impactStatement', 'statusNotes', 'actionStatementTimestamp', 'cisaJustification', 'detail');
      const detail = s.detail ?? s.impactStatement ?? s.statusNotes;
      const justification = s.justification ?? (s.cisaJustification ? fromCisaJustification(s.cisaJustification) : undefined);
      return { ...rest, ...(detail !== undefined ? { detail } : {}), ...(justification ? { justification } : {}), notes: [], products: s.products.map((p) => ({ ...p, subcomponents: [] })) };
    }),
  };
}

/** OpenVEX: products by IRI/purl/CPE only, three texts, no responses, ratings, notes, history; statuses of four. */
function carriedByOpenVex(vex: Vex): Vex {
  const component = (c: VexComponent): VexComponent => ({ ...(c.purl ? { purl: c.purl } : {}), ...(c.cpe ? { cpe: c.cpe } : {}) });
  return {
    document: { ...without(vex.document, 'authorUrl', 'title', 'status', 'tlp'), notes: [], revisions: [] },
    statements: vex.statements.map((s): VexStatement => {
      const notAffected = s.state === 'not_affected' || s.state === 'false_positive';
      const impactStatement = notAffected ? (s.impactStatement ?? s.detail) : s.impactStatement;
      const statusNotes = s.statusNotes ?? (notAffected ? (s.impactStatement !== undefined ? s.detail : undefined) : s.detail);
      const actionStatement = s.actionStatement ?? (s.state === 'exploitable' ? (s.workaround ?? s.responses.map((r) => RESPONSE_WORDING[r]).join('; ')) : undefined);
      const label = notAffected ? cisaJustificationOf(s) : undefined;
      const state = s.state === 'resolved_with_pedigree' ? 'resolved' : s.state === 'false_positive' ? 'not_affected' : s.state;
      return {
        ...without(s, 'detail', 'workaround', 'justification', 'cisaJustification', 'impactStatement', 'statusNotes', 'actionStatement'),
        vulnerability: { ...without(s.vulnerability, 'sourceName'), aliases: s.vulnerability.aliases.map((a) => ({ id: a.id })) },
        state,
        ...(label ? { justification: fromCisaJustification(label), cisaJustification: label } : {}),
        ...(impactStatement !== undefined ? { impactStatement } : {}),
        ...(statusNotes !== undefined ? { statusNotes } : {}),
        ...(actionStatement !== undefined ? { actionStatement } : {}),
        responses: [],
        ratings: [],
        notes: [],
        history: [],
        products: s.products.map((p) => ({ ...component(p), subcomponents: p.subcomponents.map(component) })),
      };
    }),
  };
}

/**
 * CSAF: statements regrouped per vulnerability (one description, aliases and notes for all its
 * statements), one product text, flag/threat date only, no statement id, history, last update,
 * rating source; a first version gets its revision entry.
 */
function carriedByCsaf(vex: Vex): Vex {
  const byVuln = new Map<string, VexStatement[]>();
  for (const s of vex.statements) byVuln.set(s.vulnerability.id, [...(byVuln.get(s.vulnerability.id) ?? []), s]);
  const d = vex.document;
  return {
    document: { ...d, revisions: [{ number: '1', date: d.lastUpdated ?? d.timestamp ?? '', summary: 'Initial version.' }] },
    statements: vex.statements.map((s): VexStatement => {
      const group = byVuln.get(s.vulnerability.id) ?? [s];
      const label = s.state === 'not_affected' || s.state === 'false_positive' ? cisaJustificationOf(s) : undefined;
      const detail = s.detail ?? s.impactStatement ?? s.statusNotes;
      const hasDate = label !== undefined || detail !== undefined;
      return {
        ...without(s, 'id', 'impactStatement', 'statusNotes', 'detail', 'lastUpdated', 'justification', 'cisaJustification', 'firstIssued'),
        vulnerability: {
          ...without(s.vulnerability, 'sourceName', 'description', 'url'),
          aliases: group.flatMap((x) => x.vulnerability.aliases),
          ...(group[0]?.vulnerability.url !== undefined ? { url: group[0].vulnerability.url } : {}),
          ...(group[0]?.vulnerability.description !== undefined ? { description: group[0].vulnerability.description } : {}),
        },
        state: s.state === 'resolved_with_pedigree' ? 'resolved' : s.state === 'false_positive' ? 'not_affected' : s.state,
        ...(label ? { justification: fromCisaJustification(label), cisaJustification: label } : {}),
        ...(detail !== undefined ? { detail } : {}),
        ...(hasDate && s.firstIssued !== undefined ? { firstIssued: s.firstIssued } : {}),
        ratings: s.ratings.map((r) => without(r, 'sourceName', 'sourceUrl')),
        notes: group.flatMap((x) => x.notes),
        history: [],
      };
    }),
  };
}

/** Statements in a fixed order (CSAF regroups them by vulnerability). */
function sorted(vex: Vex): Vex {
  const key = (s: VexStatement): string => `${s.vulnerability.id} ${s.state} ${JSON.stringify(s.products)}`;
  return { ...vex, statements: [...vex.statements].sort((a, b) => key(a).localeCompare(key(b))) };
}

describe('model → format → model keeps what the format carries', () => {
  it('CycloneDX 1.6', async () => {
    expect(await through('cyclonedx', richModel())).toEqual(carriedByCycloneDx(richModel()));
  });

  it('OpenVEX 0.2.0', async () => {
    expect(await through('openvex', richModel())).toEqual(carriedByOpenVex(richModel()));
  });

  it('CSAF 2.0', async () => {
    expect(sorted(await through('csaf', richModel()))).toEqual(sorted(carriedByCsaf(richModel())));
  });
});

describe('A → B → A', () => {
  const pairs: readonly [Format, Format][] = [
    ['cyclonedx', 'openvex'],
    ['openvex', 'cyclonedx'],
    ['cyclonedx', 'csaf'],
    ['csaf', 'cyclonedx'],
    ['openvex', 'csaf'],
    ['csaf', 'openvex'],
  ];
  for (const [a, b] of pairs) {
    it(`${a} → ${b} → ${a} keeps status, justification and texts`, async () => {
      const start = await through(a, richModel());
      const round = await through(a, await through(b, start));
      const facts = (v: Vex): unknown[] =>
        sorted(v).statements.map((s) => ({
          vulnerability: s.vulnerability.id,
          products: s.products.map((p) => p.purl),
          state: s.state === 'resolved_with_pedigree' ? 'resolved' : s.state,
          // The one justification word all three formats share for these statements.
          label: cisaJustificationOf(s) === 'component_not_present' ? 'vulnerable_code_not_present' : cisaJustificationOf(s),
          texts: [s.detail, s.impactStatement, s.statusNotes].filter((t) => t !== undefined).slice(0, 1),
          action: s.actionStatement,
        }));
      expect(facts(round)).toEqual(facts(start));
    });
  }
});

describe('written documents pass the official validators', () => {
  it('for every fixture and every target', async () => {
    const sources: VexParseResult[] = [parseCycloneDxVex(fixture('gateway.cdx-1.6.json')), parseOpenVex(fixture('gateway.openvex.json')), await parseCsafVex(fixture('gateway.csaf.json'))];
    const verdicts: string[] = [];
    for (const [i, source] of sources.entries()) {
      const vex = vexOf(source);
      const cdx = toCycloneDxVex(vex);
      verdicts.push(`${i} cyclonedx ${cdx.document ? String(await strictValidate(JSON.stringify(cdx.document), '1.6')) : JSON.stringify(cdx.issues.map((x) => x.code))}`);
      const ov = toOpenVex(vex);
      verdicts.push(`${i} openvex ${ov.document ? String(validateOpenVexSchema(ov.document).length) : JSON.stringify(ov.issues.map((x) => x.code))}`);
      const csaf = toCsafVex({ ...vex, document: { ...vex.document, revisions: vex.document.revisions.length > 0 ? vex.document.revisions : [{ number: '1', date: '2021-12-13T10:00:00Z', summary: 'Initial version.' }, { number: '2', date: '2021-12-20T16:30:00Z', summary: 'Update.' }, { number: '3', date: '2021-12-21T00:00:00Z', summary: 'Update.' }].slice(0, vex.document.version) } }, { publisherNamespace: 'https://acme-medical.example' });
      verdicts.push(`${i} csaf ${csaf.document ? String((await validateCsaf(csaf.document)).length) : JSON.stringify(csaf.issues.map((x) => x.code))}`);
    }
    expect(verdicts).toEqual([
      '0 cyclonedx null',
      // The CycloneDX fixture puts versions beside an unversioned purl: in OpenVEX 3.1.0 and
      // 3.1.1 become one product, fixed and affected at once.
      '0 openvex ["contradictory-statements"]',
      '0 csaf 0',
      '1 cyclonedx null',
      '1 openvex 0',
      '1 csaf 0',
      '2 cyclonedx null',
      // The CSAF fixture's 2.x range has no purl: OpenVEX cannot name it.
      '2 openvex ["unidentifiable-product"]',
      '2 csaf 0',
    ]);
  });
});
