import type { AdvisoryModel, AdvisoryNote } from './model.js';
import { escapeHtml } from '../../platform/text/html.js';

/**
 * The human-readable advisory, as sections of plain text (pure). HTML and PDF are both laid out
 * from these sections so they say the same thing. Order follows the MVCT: what matters for the
 * patient first (patient safety, the key message), then what to do (remediations), then
 * affected products, then the technical details, credits, references and history.
 */

export interface Section {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  /** Rows of a table, first row the header. */
  readonly table?: readonly (readonly string[])[];
}

const isSafety = (n: AdvisoryNote) => /patient|safety|clinical/iu.test(n.title ?? '');
const STATUS_WORDS: Record<string, string> = {
  known_affected: 'Affected', known_not_affected: 'Not affected', fixed: 'Fixed', under_investigation: 'Under investigation',
  first_affected: 'First affected', last_affected: 'Last affected', first_fixed: 'First fixed', recommended: 'Recommended',
};

export function advisorySections(m: AdvisoryModel): Section[] {
  const name = new Map(m.products.map((p) => [p.id, p.name]));
  for (const r of m.relationships) name.set(r.id, r.name);
  const names = (ids: readonly string[]) => ids.map((id) => name.get(id) ?? id).join(', ');
  const sections: Section[] = [];
  const safety = m.notes.filter(isSafety);
  const summaries = m.notes.filter((n) => !isSafety(n) && n.category === 'summary');
  if (safety.length > 0) sections.push({ heading: 'Patient safety', paragraphs: safety.map((n) => n.text) });
  if (summaries.length > 0) sections.push({ heading: 'Key message', paragraphs: summaries.map((n) => n.text) });
  const remediations = m.vulnerabilities.flatMap((v) => v.remediations.map((r) => `${r.category.replace(/_/gu, ' ')}${r.productIds.length > 0 ? ` (${names(r.productIds)})` : ''}: ${r.details}${r.url ? ` ${r.url}` : ''}`));
  if (remediations.length > 0) sections.push({ heading: 'What to do', paragraphs: remediations });
  const rows: string[][] = [['Product', 'Status', 'Vulnerability']];
  for (const v of m.vulnerabilities) for (const [status, ids] of Object.entries(v.productStatus)) for (const id of ids ?? []) rows.push([name.get(id) ?? id, STATUS_WORDS[status] ?? status, v.cve ?? v.ids[0]?.text ?? '']);
  if (rows.length > 1) sections.push({ heading: 'Affected products', paragraphs: [], table: rows });
  for (const v of m.vulnerabilities) {
    const p: string[] = [];
    if (v.title) p.push(v.title);
    if (v.cwe) p.push(`Weakness: ${v.cwe.id} ${v.cwe.name}`);
    for (const s of v.scores) {
      const c = s.cvssV3;
      if (c) p.push(`CVSS v${String(c['version'])} ${String(c['baseScore'])} (${String(c['baseSeverity'])}): ${String(c['vectorString'])}`);
    }
    for (const t of v.threats) p.push(`${t.category.replace(/_/gu, ' ')}${t.productIds.length > 0 ? ` (${names(t.productIds)})` : ''}: ${t.details}`);
    for (const n of v.notes) p.push(`${n.title ?? n.category}: ${n.text}`);
    sections.push({ heading: `Technical details: ${v.cve ?? v.ids[0]?.text ?? 'vulnerability'}`, paragraphs: p });
  }
  const acks = [...m.acknowledgments, ...m.vulnerabilities.flatMap((v) => v.acknowledgments)].map((a) => [a.names?.join(', '), a.organization, a.summary].filter(Boolean).join(' — '));
  if (acks.length > 0) sections.push({ heading: 'Acknowledgments', paragraphs: acks });
  const other = m.notes.filter((n) => !isSafety(n) && n.category !== 'summary').map((n) => `${n.title ?? n.category}: ${n.text}`);
  if (other.length > 0) sections.push({ heading: 'Notes', paragraphs: other });
  const refs = [...m.references, ...m.vulnerabilities.flatMap((v) => v.references)].map((r) => `${r.summary === r.url ? r.url : `${r.summary}: ${r.url}`}`);
  if (refs.length > 0) sections.push({ heading: 'References', paragraphs: refs });
  sections.push({ heading: 'Revision history', paragraphs: [], table: [['Version', 'Date', 'Summary'], ...m.tracking.revisions.map((r) => [r.number, r.date, r.summary])] });
  return sections;
}

/** The advisory's header line: id, version, status, TLP, dates. */
export function advisoryByline(m: AdvisoryModel): string {
  return `${m.tracking.id} · version ${m.tracking.version} (${m.tracking.status}) · TLP:${m.tlp?.label ?? 'unlabeled'} · published ${m.tracking.initialReleaseDate} · updated ${m.tracking.currentReleaseDate} · ${m.publisher.name}`;
}


/** A standalone HTML page; every text from the document is escaped. */
export function advisoryHtml(m: AdvisoryModel): string {
  const body = advisorySections(m).map((s) => {
    const table = s.table
      ? `<table><thead><tr>${s.table[0]!.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${s.table.slice(1).map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      : '';
    const cls = s.heading === 'Patient safety' ? ' class="safety"' : '';
    return `<section${cls}><h2>${escapeHtml(s.heading)}</h2>${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${table}</section>`;
  });
  return `<!doctype html>
<html lang="${escapeHtml(m.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
.safety{border-left:6px solid #c92a2a;background:#fff5f5;padding:.5rem 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
.byline{color:#555;font-size:.9rem}</style></head>
<body><h1>${escapeHtml(m.title)}</h1><p class="byline">${escapeHtml(advisoryByline(m))}</p>
${body.join('\n')}
</body></html>
`;
}
