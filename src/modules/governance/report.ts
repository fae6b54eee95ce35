import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { escapeHtml } from '../../platform/text/html.js';
import { loadGovernance } from './people.js';
import { listCycles, loadMaturity } from './service.js';

/**
 * The executive summary: maturity (overall, per area, trend over cycles), top risks from the
 * risk register, overdue remediation clocks, derived metrics and governance reminders. One
 * model, rendered as escaped HTML and as a PDF (pdf-lib, Helvetica/WinAnsi as in the CSAF PDF).
 */

const TOP_RISKS = 5;
const OVERDUE_LIMIT = 10;
const SEVERITY_RANK = sql<number>`array_position(array['negligible','minor','serious','critical','catastrophic']::text[], r.residual_severity)`;

export interface ReportModel {
  readonly organization: string;
  readonly generatedAt: Date;
  readonly catalog: string;
  readonly overall: number | null;
  readonly coverage: { applicable: number; scored: number };
  readonly areas: { code: string; name: string; score: number | null; scored: number; applicable: number }[];
  readonly trend: { name: string; closedAt: Date | null; overall: number | null }[];
  readonly risks: { title: string; product: string; residualClass: string; residualSeverity: string; status: string }[];
  readonly overdue: { total: number; clocks: { vulnId: string; product: string; clock: string; dueAt: Date }[] };
  readonly metrics: { label: string; value: string }[];
  readonly reminders: number;
  readonly openActions: number;
}

const pct = (s: { numerator: number; denominator: number; value: number | null }) => (s.value === null ? 'no data' : `${Math.round(s.value * 100)}% (${s.numerator} of ${s.denominator})`);

export async function executiveReport(db: Db, ctx: OrgContext, now = new Date()): Promise<ReportModel> {
  authorize(ctx, 'governance.read');
  const org = await db.selectFrom('organizations').select('name').where('id', '=', ctx.orgId).executeTakeFirstOrThrow();
  const [state, cycles, governance] = await Promise.all([loadMaturity(db, ctx.orgId, now), listCycles(db, ctx), loadGovernance(db, ctx.orgId, now.toISOString().slice(0, 10))]);
  const risks = await db
    .selectFrom('risk_items as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['r.title', 'p.name as product', 'r.residual_class', 'r.residual_severity', 'r.status'])
    .where('r.org_id', '=', ctx.orgId)
    .where('r.status', '!=', 'closed')
    .orderBy(sql`case when r.residual_class = 'uncontrolled' then 0 else 1 end`)
    .orderBy(SEVERITY_RANK, 'desc')
    .orderBy('r.created_at')
    .limit(TOP_RISKS)
    .execute();
  const due = sql<Date>`(c.base_due_at + c.paused_ms * interval '1 millisecond')`;
  const overdueBase = db
    .selectFrom('finding_clocks as c')
    .innerJoin('findings as f', 'f.id', 'c.finding_id')
    .innerJoin('releases as rel', 'rel.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'rel.product_id')
    .where('c.org_id', '=', ctx.orgId)
    .where('c.state', '=', 'running')
    .where(due, '<', now);
  const [count, overdue] = await Promise.all([
    overdueBase.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    overdueBase.select(['f.vuln_id', 'p.name as product', 'c.clock', due.as('due_at')]).orderBy(due).limit(OVERDUE_LIMIT).execute(),
  ]);
  const m = state.metrics;
  return {
    organization: org.name,
    generatedAt: now,
    catalog: `${state.catalog.title} ${state.catalog.version}`,
    overall: state.scores.overall,
    coverage: state.scores.coverage,
    areas: state.areas.map((a) => {
      const s = state.scores.areas.find((x) => x.area === a.code)!;
      return { code: a.code, name: a.name, score: s.score, scored: s.scored, applicable: s.applicable };
    }),
    trend: cycles.map((c) => ({ name: c.name, closedAt: c.closedAt, overall: c.overall })),
    risks: risks.map((r) => ({ title: r.title, product: r.product, residualClass: r.residual_class, residualSeverity: r.residual_severity, status: r.status })),
    overdue: { total: Number(count.n), clocks: overdue.map((o) => ({ vulnId: o.vuln_id, product: o.product, clock: o.clock, dueAt: new Date(o.due_at) })) },
    metrics: [
      { label: 'Releases with an SBOM', value: pct(m.releasesWithSbom) },
      { label: 'Findings triaged within their clock', value: pct(m.findingsTriagedInClock) },
      { label: 'Median days to acknowledge a CVD report', value: m.cvdAckMedianDays.value === null ? 'no data' : `${m.cvdAckMedianDays.value} (${m.cvdAckMedianDays.cases} cases)` },
      { label: 'Releases with an end-of-support date', value: pct(m.releasesWithEos) },
      { label: 'Training completion', value: pct(m.trainingCompletion) },
    ],
    reminders: governance.reminders.length,
    openActions: (await db.selectFrom('maturity_actions').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', ctx.orgId).where('status', '=', 'open').executeTakeFirstOrThrow()).n,
  };
}

const score = (s: number | null) => (s === null ? '—' : s.toFixed(2));
const day = (d: Date) => d.toISOString().slice(0, 10);

interface Section {
  readonly heading: string;
  readonly paragraphs: string[];
  readonly table?: string[][];
}

export function reportSections(r: ReportModel): Section[] {
  return [
    {
      heading: 'Maturity',
      paragraphs: [`Overall ${score(r.overall)} of 5 on the JSP maturity scale (${r.coverage.scored} of ${r.coverage.applicable} applicable controls assessed; catalog ${r.catalog}).`],
      table: [['Area', 'Score', 'Assessed'], ...r.areas.map((a) => [`${a.code} ${a.name}`, score(a.score), `${a.scored}/${a.applicable}`])],
    },
    {
      heading: 'Trend',
      paragraphs: r.trend.length === 0 ? ['No assessment cycle yet.'] : [],
      ...(r.trend.length ? { table: [['Cycle', 'Closed', 'Overall'], ...r.trend.map((t) => [t.name, t.closedAt ? day(t.closedAt) : 'open', score(t.overall)])] } : {}),
    },
    {
      heading: 'Top risks',
      paragraphs: r.risks.length === 0 ? ['The risk register has no open items.'] : [],
      ...(r.risks.length ? { table: [['Risk', 'Product', 'Residual', 'Status'], ...r.risks.map((x) => [x.title, x.product, `${x.residualClass} (${x.residualSeverity})`, x.status])] } : {}),
    },
    {
      heading: 'Overdue clocks',
      paragraphs: [r.overdue.total === 0 ? 'No remediation or communication clock is overdue.' : `${r.overdue.total} clock(s) overdue${r.overdue.total > r.overdue.clocks.length ? `; the ${r.overdue.clocks.length} most overdue:` : ':'}`],
      ...(r.overdue.clocks.length ? { table: [['Vulnerability', 'Product', 'Clock', 'Was due'], ...r.overdue.clocks.map((c) => [c.vulnId, c.product, c.clock, day(c.dueAt)])] } : {}),
    },
    {
      heading: 'Measured from Vigil records',
      paragraphs: [],
      table: [['Metric', 'Value'], ...r.metrics.map((m) => [m.label, m.value])],
    },
    {
      heading: 'Governance',
      paragraphs: [`${r.openActions} open improvement action(s); ${r.reminders} governance reminder(s) (training, policy reviews, overdue actions).`],
    },
  ];
}

export function reportHtml(r: ReportModel): string {
  const title = `Executive security summary — ${r.organization}`;
  const body = reportSections(r)
    .map((s) => {
      const paras = s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
      const table = s.table
        ? `<table><thead><tr>${s.table[0]!.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${s.table
            .slice(1)
            .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`
        : '';
      return `<section><h2>${escapeHtml(s.heading)}</h2>${paras}${table}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}th{background:#f2f4f7}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>Generated ${escapeHtml(r.generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC by Vigil.</p>
${body}
</body></html>`;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const winAnsi = (s: string) => s.replace(/[‘’]/gu, "'").replace(/[“”]/gu, '"').replace(/[–—]/gu, '-').replace(/[^\x20-\x7e\xa0-\xff]/gu, '?');

function fit(text: string, font: PDFFont, size: number, width: number): string {
  let t = winAnsi(text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
  return `${t}...`;
}

export async function reportPdf(r: ReportModel): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(`Executive security summary - ${r.organization}`));
  pdf.setProducer('Vigil');
  pdf.setCreationDate(r.generatedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const room = (h: number) => {
    if (y - h < MARGIN) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const line = (text: string, font: PDFFont, size: number) => {
    room(size + 3);
    page.drawText(fit(text, font, size, width), { x: MARGIN, y: y - size, size, font });
    y -= size + 4;
  };
  line(`Executive security summary - ${r.organization}`, bold, 16);
  line(`Generated ${r.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by Vigil`, regular, 9);
  y -= 8;
  // Area scores as bars (0-5), the chart a reader looks at first.
  line('Maturity by area (0-5)', bold, 12);
  for (const a of r.areas) {
    room(14);
    page.drawText(fit(`${a.code} ${a.name}`, regular, 8, 190), { x: MARGIN, y: y - 9, size: 8, font: regular });
    page.drawRectangle({ x: MARGIN + 200, y: y - 10, width: 250, height: 9, color: rgb(0.93, 0.94, 0.96) });
    if (a.score !== null) page.drawRectangle({ x: MARGIN + 200, y: y - 10, width: (250 * a.score) / 5, height: 9, color: rgb(0.2, 0.4, 0.75) });
    page.drawText(score(a.score), { x: MARGIN + 460, y: y - 9, size: 8, font: regular });
    y -= 13;
  }
  y -= 8;
  for (const s of reportSections(r)) {
    line(s.heading, bold, 12);
    for (const p of s.paragraphs) line(p, regular, 10);
    if (s.table) {
      const cols = s.table[0]!.length;
      const colWidth = width / cols;
      for (const [i, row] of s.table.entries()) {
        room(12);
        row.forEach((cell, c) => page.drawText(fit(cell, i === 0 ? bold : regular, 8, colWidth - 6), { x: MARGIN + c * colWidth, y: y - 9, size: 8, font: i === 0 ? bold : regular }));
        y -= 12;
      }
    }
    y -= 8;
  }
  return pdf.save();
}
