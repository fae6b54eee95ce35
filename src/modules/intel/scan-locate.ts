import type { SbomEncoding } from '../../formats/sbom/read.js';

/**
 * Where in the SBOM text a component is declared, as a 1-based line number, so SARIF results
 * point at the component in the file (GitHub annotates that line). Found by the component's
 * own id in the encoding's syntax — `"bom-ref": "…"`, `bom-ref="…"`, `"SPDXID": "…"`,
 * `SPDXID: …` — which each format requires to be unique. A component whose declaration is
 * not found (a generated ref, an unusual escape) simply gets no line.
 */

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function pattern(encoding: SbomEncoding, ref: string): RegExp {
  switch (encoding) {
    case 'cyclonedx-json':
      // JSON.stringify gives the escaped form a writer most likely used.
      return new RegExp(`"bom-ref"\\s*:\\s*${escapeRegExp(JSON.stringify(ref))}`);
    case 'cyclonedx-xml':
      return new RegExp(`bom-ref\\s*=\\s*(?:"${escapeRegExp(escapeXml(ref))}"|'${escapeRegExp(escapeXml(ref))}')`);
    case 'spdx-json':
      return new RegExp(`"SPDXID"\\s*:\\s*${escapeRegExp(JSON.stringify(ref))}`);
    case 'spdx-tag-value':
      return new RegExp(`^SPDXID:\\s*${escapeRegExp(ref)}\\s*$`, 'm');
  }
}

/** Line numbers of the given refs' declarations (refs not found are left out). */
export function componentLines(text: string, encoding: SbomEncoding, refs: Iterable<string>): Map<string, number> {
  // Line starts once, then a binary search per hit: a few findings in a 10,000-component file cost nothing.
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const lines = new Map<string, number>();
  for (const ref of refs) {
    if (lines.has(ref)) continue;
    const hit = pattern(encoding, ref).exec(text);
    if (hit) lines.set(ref, lineOf(hit.index));
  }
  return lines;
}
