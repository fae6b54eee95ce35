import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import yazl from 'yazl';
import { escapeHtml } from '../../platform/text/html.js';
import type { PremarketPackage, Section, SectionStatus } from './package.js';

/** The package as HTML (escaped, self-contained), as a PDF (pdf-lib) and as a zip of everything. */

const STATUS_LABEL: Record<SectionStatus, string> = { present: 'Present', partial: 'Present with gaps', gap: 'Missing' };

function sectionHtml(s: Section): string {
  const list = (title: string, items: readonly string[], cls: string) => (items.length ? `<h3>${title}</h3><ul class="${cls}">${items.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : '');
  const table = s.table
    ? `<table><thead><tr>${s.table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    : '';
  return `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)} <span class="status ${s.status}">${STATUS_LABEL[s.status]}</span></h2>${list('Sources', s.sources, 'sources')}${list('Gaps', s.gaps, 'gaps')}${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${table}${s.artifacts.length ? `<p class="files">Files: ${s.artifacts.map(escapeHtml).join(', ')}</p>` : ''}</section>`;
}

export function packageHtml(p: PremarketPackage): string {
  const s = p.subject;
  const checklist = `<table class="checklist"><thead><tr><th>Section</th><th>Status</th><th>Gaps</th></tr></thead><tbody>${p.checklist.map((c) => `<tr class="${c.status}"><td><a href="#${escapeHtml(c.id)}">${escapeHtml(c.title)}</a></td><td>${STATUS_LABEL[c.status]}</td><td>${escapeHtml(c.gaps.join('; ') || '—')}</td></tr>`).join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1a1a1a}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#f1f3f5}.status{font-size:.75rem;padding:.1rem .4rem;border-radius:.3rem}.present{background:#d3f9d8}.partial{background:#fff3bf}.gap{background:#ffe3e3}ul.gaps li{color:#c92a2a}</style>
</head><body><h1>${escapeHtml(p.title)}</h1>
<p>${escapeHtml(s.organization)} · ${escapeHtml(s.name)}${s.modelNumbers.length ? ` (${escapeHtml(s.modelNumbers.join(', '))})` : ''} · release ${escapeHtml(s.release.version)} · generated ${escapeHtml(p.generatedAt)}</p>
${s.intendedUse ? `<p>Intended use: ${escapeHtml(s.intendedUse)}</p>` : ''}
<h2>Completeness checklist</h2>${checklist}
${p.sections.map(sectionHtml).join('\n')}
</body></html>
`;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const winAnsi = (s: string) => s.replace(/[‘’]/gu, "'").replace(/[“”]/gu, '"').replace(/[–—]/gu, '-').replace(/…/gu, '...').replace(/›/gu, '>').replace(/[^\x20-\x7e\xa0-\xff]/gu, '?');

function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of winAnsi(text).split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next;
        continue;
      }
      if (line) out.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let n = rest.length - 1;
        while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

const COLOR: Record<SectionStatus, [number, number, number]> = { present: [0.17, 0.54, 0.24], partial: [0.7, 0.5, 0.0], gap: [0.79, 0.16, 0.16] };

export async function packagePdf(p: PremarketPackage): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(p.title));
  pdf.setProducer('Vigil');
  pdf.setCreationDate(new Date(p.generatedAt));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const write = (text: string, font: PDFFont, size: number, gap = 3, color: [number, number, number] = [0, 0, 0]) => {
    for (const line of wrapText(text, font, size, width)) {
      if (y - size < MARGIN) {
        page = pdf.addPage(A4);
        y = A4[1] - MARGIN;
      }
      page.drawText(line, { x: MARGIN, y: y - size, size, font, color: rgb(...color) });
      y -= size + 3;
    }
    y -= gap;
  };
  write(p.title, bold, 16, 6);
  write(`${p.subject.organization} - ${p.subject.name} - release ${p.subject.release.version} - generated ${p.generatedAt}`, regular, 9, 10);
  write('Completeness checklist', bold, 13, 4);
  for (const c of p.checklist) write(`[${STATUS_LABEL[c.status]}] ${c.title}${c.gaps.length ? ` - ${c.gaps.join('; ')}` : ''}`, regular, 10, 1, COLOR[c.status]);
  y -= 8;
  for (const s of p.sections) {
    write(`${s.title} (${STATUS_LABEL[s.status]})`, bold, 12, 3, COLOR[s.status]);
    for (const src of s.sources) write(`Source: ${src}`, regular, 8, 1);
    for (const g of s.gaps) write(`Gap: ${g}`, bold, 9, 1, COLOR.gap);
    for (const para of s.paragraphs) write(para, regular, 10);
    if (s.table) {
      write(s.table.columns.join('  |  '), bold, 8, 1);
      for (const r of s.table.rows.slice(0, 400)) write(r.join('  |  '), regular, 8, 1);
      if (s.table.rows.length > 400) write(`... ${s.table.rows.length - 400} more rows in the zip's machine-readable files.`, regular, 8, 1);
    }
    y -= 10;
  }
  return pdf.save();
}

/** The zip: the renderings, the checklist, every artifact, and a manifest with each file's SHA-256. */
export async function packageZip(p: PremarketPackage, files: ReadonlyMap<string, string | Buffer>): Promise<Buffer> {
  const all = new Map<string, Buffer>();
  all.set('package.html', Buffer.from(packageHtml(p)));
  all.set('package.pdf', Buffer.from(await packagePdf(p)));
  all.set('checklist.json', Buffer.from(`${JSON.stringify(p.checklist, null, 2)}\n`));
  for (const [path, content] of files) all.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content));
  const manifest = {
    title: p.title,
    generatedAt: p.generatedAt,
    files: [...all].map(([path, b]) => ({ path, bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') })),
    sections: p.sections.map((s) => ({ id: s.id, status: s.status, sources: s.sources, artifacts: s.artifacts })),
  };
  all.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  const zip = new yazl.ZipFile();
  const mtime = new Date(p.generatedAt);
  for (const [path, b] of all) zip.addBuffer(b, path, { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
