import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { changesCsv, checksumLine, directoryListing, feedFileName, indexTxt, providerMetadata, rolieFeed, tlpFolderNames, yearFolderNames, type PublishedEntry } from '../../formats/csaf/directory.js';
import { readAdvisory } from '../../formats/csaf/model.js';
import type { Deps } from '../../platform/deps.js';
import type { Db } from '../../platform/db/database.js';
import { authorize } from '../../platform/auth/permissions.js';
import { notFound, Problem, unauthorized } from '../../platform/http/problem.js';
import type { HttpServer } from '../../platform/http/server.js';
import { resolveToken } from '../tokens/service.js';
import { activeKeyRow } from './keys.js';
import { publisherNamespace } from './service.js';

/**
 * The trusted-provider directory, one per organization at /.well-known/csaf/<org-slug>/ (several
 * manufacturers can share an instance). /.well-known/csaf/provider-metadata.json — the
 * well-known URL of requirement 9 — is the metadata of the instance's one provider: the
 * organization with an active signing key when exactly one has one; otherwise it is a 404 and
 * each organization's own metadata URL is the entry point (docs/csaf.md).
 *
 * TLP:WHITE is public (requirement 4); TLP:GREEN is served only to API tokens of the organization (requirement 5's access control, applied to GREEN as well); AMBER and
 * RED are never put in the directory. The served file of an advisory is its latest
 * published version, byte for byte as hashed and signed.
 */

const SERVED_TLPS = ['WHITE', 'GREEN'] as const;
const FileParams = z.strictObject({ slug: z.string().min(1).max(100), year: z.string().regex(/^\d{4}$/u), file: z.string().min(1).max(300) });
const DirParams = z.strictObject({ slug: z.string().min(1).max(100), file: z.string().min(1).max(300) });
const SlugParams = z.strictObject({ slug: z.string().min(1).max(100) });
const YearParams = z.strictObject({ slug: z.string().min(1).max(100), year: z.string().regex(/^\d{4}$/u) });

async function providerOrg(db: Db, slug: string) {
  const o = await db.selectFrom('organizations').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst();
  if (!o) throw notFound('CSAF provider');
  return o;
}

/** The latest published version of each advisory with the label. */
async function latest(db: Db, orgId: string, tlp: string) {
  return db
    .selectFrom('csaf_publications as p')
    .selectAll('p')
    .where('p.org_id', '=', orgId)
    .where('p.tlp', '=', tlp)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('csaf_publications as q').select('q.version').whereRef('q.advisory_id', '=', 'p.advisory_id').whereRef('q.published_at', '>', 'p.published_at'))))
    .orderBy('p.published_at', 'desc')
    .execute();
}

type Publication = Awaited<ReturnType<typeof latest>>[number];

function entryOf(p: Publication): PublishedEntry {
  const m = readAdvisory(JSON.parse(p.content));
  const summary = m.notes.find((n) => n.category === 'summary' && !/patient|safety/iu.test(n.title ?? ''))?.text ?? m.title;
  return { trackingId: m.tracking.id, title: m.title, tlp: p.tlp, year: p.year, fileName: p.file_name, initialReleaseDate: m.tracking.initialReleaseDate, currentReleaseDate: m.tracking.currentReleaseDate, summary };
}

/** The origin the directory's absolute URLs use: the configured public URL, else the request's own. */
export function originOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/u, '');
}

export function directoryRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['csaf-provider'];

  const metadata = async (request: FastifyRequest, slug: string) => {
    const o = await providerOrg(db, slug);
    const key = await activeKeyRow(db, o.id);
    const newest = await db.selectFrom('csaf_publications').select('published_at').where('org_id', '=', o.id).orderBy('published_at', 'desc').limit(1).executeTakeFirst();
    const origin = originOf(request, deps.config.publicUrl);
    return providerMetadata({
      base: `${origin}/.well-known/csaf/${o.slug}`,
      publisher: { name: o.name, namespace: publisherNamespace(deps.config, o.slug) },
      tlps: SERVED_TLPS,
      key: key ? { fingerprint: key.fingerprint } : null,
      lastUpdated: (newest?.published_at ?? key?.created_at ?? new Date(0)).toISOString(),
    });
  };

  app.get('/.well-known/csaf/provider-metadata.json', { config: { auth: 'public' }, schema: { tags, summary: 'CSAF provider metadata of the instance’s provider (the one organization with a signing key)' } }, async (request) => {
    const keyed = await db.selectFrom('csaf_keys as k').innerJoin('organizations as o', 'o.id', 'k.org_id').select('o.slug').where('k.active', '=', true).limit(2).execute();
    if (keyed.length !== 1) throw new Problem(404, 'not-found', keyed.length === 0 ? 'No organization on this instance is a CSAF provider yet.' : 'Several organizations publish CSAF here: use /.well-known/csaf/<org-slug>/provider-metadata.json.');
    return metadata(request, keyed[0]!.slug);
  });

  app.get('/.well-known/csaf/:slug/provider-metadata.json', { config: { auth: 'public' }, schema: { tags, summary: 'CSAF provider metadata (role csaf_trusted_provider)', params: SlugParams } }, async (request) => metadata(request, request.params.slug));

  app.get('/.well-known/csaf/:slug/openpgp/:file', { config: { auth: 'public' }, schema: { tags, summary: 'The organization’s public OpenPGP key (<FINGERPRINT>.asc)', params: DirParams } }, async (request, reply) => {
    const o = await providerOrg(db, request.params.slug);
    const fingerprint = request.params.file.replace(/\.asc$/u, '').toUpperCase();
    const key = await db.selectFrom('csaf_keys').select('public_key').where('org_id', '=', o.id).where('fingerprint', '=', fingerprint).executeTakeFirst();
    if (!key || !request.params.file.endsWith('.asc')) throw notFound('key');
    return reply.type('application/pgp-keys').send(key.public_key);
  });

  const serveDir = async (reply: FastifyReply, origin: string, slug: string, tlp: string, file: string) => {
    const o = await providerOrg(db, slug);
    const entries = (await latest(db, o.id, tlp)).map(entryOf);
    if (file === 'index.txt') return reply.type('text/plain; charset=utf-8').send(indexTxt(entries));
    if (file === 'changes.csv') return reply.type('text/csv; charset=utf-8').send(changesCsv(entries));
    if (file === feedFileName(tlp)) {
      const updated = entries.reduce((m, e) => (e.currentReleaseDate > m ? e.currentReleaseDate : m), new Date(0).toISOString());
      return reply.type('application/json').send(JSON.stringify(rolieFeed(`${origin}/.well-known/csaf/${o.slug}`, o.name, tlp, entries, updated), null, 2));
    }
    throw notFound('file');
  };

  const serveFile = async (reply: FastifyReply, slug: string, tlp: string, year: string, file: string) => {
    const o = await providerOrg(db, slug);
    const m = /^(.+\.json)(\.sha256|\.sha512|\.asc)?$/u.exec(file);
    if (!m) throw notFound('file');
    const p = (await latest(db, o.id, tlp)).find((x) => String(x.year) === year && x.file_name === m[1]);
    if (!p) throw notFound('file');
    const name = p.file_name;
    if (m[2] === '.sha256') return reply.type('text/plain; charset=utf-8').send(checksumLine(p.sha256, name));
    if (m[2] === '.sha512') return reply.type('text/plain; charset=utf-8').send(checksumLine(p.sha512, name));
    if (m[2] === '.asc') return reply.type('application/pgp-signature').send(p.signature);
    return reply.type('application/json').send(p.content);
  };

  /** The listing of a TLP folder, or of one of its year folders (requirement 14). */
  const serveListing = async (reply: FastifyReply, slug: string, tlp: string, year?: string) => {
    const o = await providerOrg(db, slug);
    const entries = (await latest(db, o.id, tlp)).map(entryOf);
    const folder = `/.well-known/csaf/${o.slug}/${tlp.toLowerCase()}/${year ? `${year}/` : ''}`;
    const names = year ? yearFolderNames(Number(year), entries) : tlpFolderNames(tlp, entries);
    if (year && names.length === 0) throw notFound('folder');
    return reply.type('text/html; charset=utf-8').send(directoryListing(folder, names));
  };

  // TLP:WHITE, public.
  app.get('/.well-known/csaf/:slug/white/', { config: { auth: 'public' }, schema: { tags, summary: 'Directory listing of the TLP:WHITE folder (year folders, index.txt, changes.csv, ROLIE feed)', params: SlugParams } }, async (request, reply) =>
    serveListing(reply, request.params.slug, 'WHITE'));
  app.get('/.well-known/csaf/:slug/white/:year/', { config: { auth: 'public' }, schema: { tags, summary: 'Directory listing of a TLP:WHITE year folder', params: YearParams } }, async (request, reply) =>
    serveListing(reply, request.params.slug, 'WHITE', request.params.year));
  app.get('/.well-known/csaf/:slug/white/:file', { config: { auth: 'public' }, schema: { tags, summary: 'TLP:WHITE index.txt, changes.csv or ROLIE feed', params: DirParams } }, async (request, reply) =>
    serveDir(reply, originOf(request, deps.config.publicUrl), request.params.slug, 'WHITE', request.params.file));
  app.get('/.well-known/csaf/:slug/white/:year/:file', { config: { auth: 'public' }, schema: { tags, summary: 'A TLP:WHITE advisory (.json) or its .sha256, .sha512, .asc', params: FileParams } }, async (request, reply) =>
    serveFile(reply, request.params.slug, 'WHITE', request.params.year, request.params.file));

  // TLP:GREEN, for the organization's own API tokens only: feeds are read by machines, and the
  // route stays outside the session/CSRF scheme of /api/v1 (a 401 without a token, a 404 for another organization's).
  const greenGuard = async (request: FastifyRequest, slug: string) => {
    const match = /^Bearer ([\w-]{1,200})$/u.exec(request.headers.authorization ?? '');
    const token = match ? await resolveToken(db, match[1]!) : null;
    if (!token) throw unauthorized('TLP:GREEN advisories are for the organization’s API tokens: send Authorization: Bearer <token>.');
    authorize({ role: token.role }, 'advisories.read');
    const o = await providerOrg(db, slug);
    if (o.id !== token.orgId) throw notFound('CSAF provider');
  };
  app.get('/.well-known/csaf/:slug/green/', { config: { auth: 'public' }, schema: { tags, summary: 'Directory listing of the TLP:GREEN folder (the organization’s API tokens)', params: SlugParams } }, async (request, reply) => {
    await greenGuard(request, request.params.slug);
    return serveListing(reply, request.params.slug, 'GREEN');
  });
  app.get('/.well-known/csaf/:slug/green/:year/', { config: { auth: 'public' }, schema: { tags, summary: 'Directory listing of a TLP:GREEN year folder (the organization’s API tokens)', params: YearParams } }, async (request, reply) => {
    await greenGuard(request, request.params.slug);
    return serveListing(reply, request.params.slug, 'GREEN', request.params.year);
  });
  app.get('/.well-known/csaf/:slug/green/:file', { config: { auth: 'public' }, schema: { tags, summary: 'TLP:GREEN index.txt, changes.csv or ROLIE feed (the organization’s API tokens)', params: DirParams } }, async (request, reply) => {
    await greenGuard(request, request.params.slug);
    return serveDir(reply, originOf(request, deps.config.publicUrl), request.params.slug, 'GREEN', request.params.file);
  });
  app.get('/.well-known/csaf/:slug/green/:year/:file', { config: { auth: 'public' }, schema: { tags, summary: 'A TLP:GREEN advisory or its checksums and signature (the organization’s API tokens)', params: FileParams } }, async (request, reply) => {
    await greenGuard(request, request.params.slug);
    return serveFile(reply, request.params.slug, 'GREEN', request.params.year, request.params.file);
  });
}
