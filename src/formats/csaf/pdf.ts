import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AdvisoryModel } from './model.js';
import { advisoryByline, advisorySections } from './render.js';

/**
 * The advisory as a PDF (pdf-lib): the same sections as the HTML page, laid out as wrapped
 * text on A4 pages with Helvetica. The standard fonts encode WinAnsi only, so characters
 * outside it are replaced by '?' rather than failing the export.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

const winAnsi = (s: string) => s.replace(/[‘’]/gu, "'").replace(/[“”]/gu, '"').replace(/[–—]/gu, '-').replace(/[^\x20-\x7e\xa0-\xff]/gu, '?');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of winAnsi(text).split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) line = next;
      else {
        if (line) lines.push(line);
        // A word wider than the line (a long URL or vector) is cut where it overflows.
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width) {
          let n = rest.length;
          while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
          lines.push(rest.slice(0, n));
          rest = rest.slice(n);
        }
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

export async function advisoryPdf(m: AdvisoryModel): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(m.title));
  pdf.setSubject(m.tracking.id);
  pdf.setProducer('Vigil');
  pdf.setCreationDate(new Date(m.tracking.currentReleaseDate || Date.now()));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const write = (text: string, font: PDFFont, size: number, gap = 4) => {
    for (const line of wrap(text, font, size, width)) {
      if (y - size < MARGIN) {
        page = pdf.addPage(A4);
        y = A4[1] - MARGIN;
      }
      page.drawText(line, { x: MARGIN, y: y - size, size, font });
      y -= size + 3;
    }
    y -= gap;
  };
  write(m.title, bold, 16, 6);
  write(advisoryByline(m), regular, 9, 10);
  for (const s of advisorySections(m)) {
    write(s.heading, bold, 12, 4);
    for (const p of s.paragraphs) write(p, regular, 10);
    for (const row of s.table ?? []) write(row.join('  |  '), row === s.table![0] ? bold : regular, 9, 1);
    y -= 8;
  }
  return pdf.save();
}
