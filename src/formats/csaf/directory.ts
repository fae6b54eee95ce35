/**
 * The trusted-provider directory's generated files (pure): provider-metadata.json (CSAF 2.0
 * section 7.1.7), a ROLIE feed per TLP label (7.1.15), index.txt (7.1.12), changes.csv
 * (7.1.13), the directory listings (7.1.14) and the checksum file lines (7.1.18, `sha256sum`
 * format). URLs are absolute, built
 * from the directory's base URL `<origin>/.well-known/csaf/<org-slug>`.
 */
import { escapeHtml } from '../../platform/text/html.js';

export interface PublishedEntry {
  readonly trackingId: string;
  readonly title: string;
  readonly tlp: string;
  readonly year: number;
  readonly fileName: string;
  readonly initialReleaseDate: string;
  readonly currentReleaseDate: string;
  readonly summary: string;
}

export const feedFileName = (tlp: string) => `csaf-feed-tlp-${tlp.toLowerCase()}.json`;
export const entryPath = (e: Pick<PublishedEntry, 'year' | 'fileName'>) => `${e.year}/${e.fileName}`;

export interface ProviderMetadataInput {
  readonly base: string;
  readonly publisher: { readonly name: string; readonly namespace: string };
  readonly tlps: readonly string[];
  readonly key: { readonly fingerprint: string } | null;
  readonly lastUpdated: string;
}

export function providerMetadata(i: ProviderMetadataInput) {
  return {
    canonical_url: `${i.base}/provider-metadata.json`,
    distributions: [
      { directory_url: `${i.base}/white/` },
      { rolie: { feeds: i.tlps.map((tlp) => ({ summary: `${i.publisher.name}: TLP:${tlp} advisories`, tlp_label: tlp, url: `${i.base}/${tlp.toLowerCase()}/${feedFileName(tlp)}` })) } },
    ],
    last_updated: i.lastUpdated,
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    public_openpgp_keys: i.key ? [{ fingerprint: i.key.fingerprint, url: `${i.base}/openpgp/${i.key.fingerprint}.asc` }] : [],
    publisher: { category: 'vendor', name: i.publisher.name, namespace: i.publisher.namespace },
    role: 'csaf_trusted_provider',
  };
}

export function rolieFeed(base: string, publisherName: string, tlp: string, entries: readonly PublishedEntry[], updated: string) {
  const dir = `${base}/${tlp.toLowerCase()}`;
  return {
    feed: {
      id: `${publisherName.toLowerCase().replace(/[^a-z0-9]+/gu, '-')}-csaf-feed-tlp-${tlp.toLowerCase()}`,
      title: `${publisherName} CSAF feed (TLP:${tlp})`,
      link: [{ rel: 'self', href: `${dir}/${feedFileName(tlp)}` }],
      category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
      updated,
      entry: [...entries].sort((a, b) => b.currentReleaseDate.localeCompare(a.currentReleaseDate)).map((e) => {
        const url = `${dir}/${entryPath(e)}`;
        return {
          id: e.trackingId,
          title: e.title,
          link: [{ rel: 'self', href: url }, { rel: 'hash', href: `${url}.sha256` }, { rel: 'hash', href: `${url}.sha512` }, { rel: 'signature', href: `${url}.asc` }],
          published: e.initialReleaseDate,
          updated: e.currentReleaseDate,
          summary: { content: e.summary },
          content: { type: 'application/json', src: url },
          format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' },
        };
      }),
    },
  };
}

/** index.txt: every document's path relative to the directory, one a line. */
export function indexTxt(entries: readonly PublishedEntry[]): string {
  return entries.map((e) => `${entryPath(e)}\n`).sort().join('');
}

/** changes.csv: `"path","current_release_date"`, newest first (7.1.13). */
export function changesCsv(entries: readonly PublishedEntry[]): string {
  return [...entries].sort((a, b) => b.currentReleaseDate.localeCompare(a.currentReleaseDate) || a.fileName.localeCompare(b.fileName)).map((e) => `"${entryPath(e)}","${e.currentReleaseDate}"\n`).join('');
}

/** A checksum file in the format `sha256sum -c` / `sha512sum -c` read: `<hex>  <file name>`. */
export const checksumLine = (hex: string, fileName: string) => `${hex}  ${fileName}\n`;


/** What a TLP folder lists: its year folders, then index.txt, changes.csv and the ROLIE feed. */
export function tlpFolderNames(tlp: string, entries: readonly PublishedEntry[]): string[] {
  const years = [...new Set(entries.map((e) => e.year))].sort((a, b) => a - b);
  return [...years.map((y) => `${y}/`), 'changes.csv', feedFileName(tlp), 'index.txt'];
}

/** What a year folder lists: each document of that year with its signature and checksums. */
export function yearFolderNames(year: number, entries: readonly PublishedEntry[]): string[] {
  return entries
    .filter((e) => e.year === year)
    .map((e) => e.fileName)
    .sort()
    .flatMap((f) => [f, `${f}.asc`, `${f}.sha256`, `${f}.sha512`]);
}

/**
 * A server-generated directory listing (7.1.14, "to support manual navigation"): plain HTML
 * with one relative link a name and no script, the shape of a web server's autoindex, which
 * is what people and tools that crawl such folders expect.
 */
export function directoryListing(path: string, names: readonly string[]): string {
  const title = `Index of ${escapeHtml(path)}`;
  const links = ['../', ...names].map((n) => `<li><a href="${escapeHtml(n)}">${escapeHtml(n)}</a></li>`).join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1>\n<ul>\n${links}\n</ul></body></html>\n`;
}
