import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { Email, IdParams, Timestamp } from '../../platform/http/schemas.js';
import { addContact, listContacts, listNotices, noticeDraft, noticeInbox, previewNotice, removeContact, sendNotice } from './notices.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const NoticeBody = z.strictObject({
  headline: Text(200).describe('Plain-language title: product and what can happen'),
  summary: Text(4000).describe('Key message first: what happened, who is affected, is there patient risk, what to do'),
  affectedProducts: Text(4000).describe('Products and versions affected (and not affected)'),
  patientSafetyImpact: Text(4000).describe('In plain words; say if there are known harms or exploitation'),
  actions: Text(4000).describe('What to do now, by audience'),
  compensatingControls: Text(4000),
  fixAvailability: Text(4000).describe('Fix version and how to get it, or when it is expected'),
  contact: Text(1000),
});
/** The same fields as read off an advisory: one the advisory has nothing for is empty. */
const NoticeFieldsView = z.object({ headline: z.string(), summary: z.string(), affectedProducts: z.string(), patientSafetyImpact: z.string(), actions: z.string(), compensatingControls: z.string(), fixAvailability: z.string(), contact: z.string() });
const Rendered = { subject: z.string(), text: z.string(), html: z.string() };
const PreviewView = z.object({ ...Rendered, recipients: z.array(z.object({ customerName: z.string(), email: z.string(), productName: z.string(), inbox: z.boolean() })) });
const DeliveryView = z.object({ channel: z.enum(['email', 'account']), recipient: z.string(), ok: z.boolean(), error: z.string().nullable(), at: Timestamp });
const NoticeView = z.object({ id: z.string(), ...Rendered, fields: z.unknown(), sentBy: z.string(), sentAt: Timestamp, deliveries: z.array(DeliveryView) });
const ContactView = z.object({ id: z.string(), productId: z.string(), productName: z.string(), customerName: z.string(), email: z.string(), customerOrgSlug: z.string().nullable() });

export function cvdNoticeRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['customer notices'];

  app.get('/api/v1/cvd/customer-contacts', { config: { action: 'cvd.read' }, schema: { tags, summary: 'Customer contacts per product', querystring: z.strictObject({ productId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(ContactView) }) } } }, async (request) => ({
    items: await listContacts(db, orgOf(request), request.query.productId),
  }));
  app.post(
    '/api/v1/cvd/customer-contacts',
    {
      config: { action: 'cvd.write' },
      schema: { tags, summary: 'Add a customer contact for a product (optionally the healthcare-provider organization on this instance that gets a copy in its inbox)', body: z.strictObject({ productId: z.uuid(), customerName: Text(200), email: Email, customerOrgSlug: z.string().min(1).max(100).optional() }), response: { 201: z.object({ id: z.string() }) } },
    },
    async (request, reply) => reply.status(201).send({ id: await addContact(db, orgOf(request), request.body) }),
  );
  app.delete('/api/v1/cvd/customer-contacts/:id', { config: { action: 'cvd.write' }, schema: { tags, summary: 'Remove a customer contact', params: IdParams } }, async (request, reply) => {
    await removeContact(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/cvd/cases/:id/notices/draft', { config: { action: 'cvd.read' }, schema: { tags, summary: 'The notice fields read off the case\'s latest CSAF advisory (both say the same), or nulls when the case has no advisory', params: IdParams, response: { 200: z.object({ advisory: z.object({ id: z.string(), trackingId: z.string(), version: z.string() }).nullable(), fields: NoticeFieldsView.nullable() }) } } }, async (request) =>
    noticeDraft(db, orgOf(request), request.params.id),
  );
  app.post('/api/v1/cvd/cases/:id/notices/preview', { config: { action: 'cvd.read' }, schema: { tags, summary: 'Render the notice (HTML and text) and list its recipients without sending', params: IdParams, body: NoticeBody, response: { 200: PreviewView } } }, async (request) =>
    previewNotice(db, orgOf(request), request.params.id, request.body),
  );
  app.post('/api/v1/cvd/cases/:id/notices', { config: { action: 'advisories.publish' }, schema: { tags, summary: 'Send the notice to every customer contact of the case\'s products (e-mail, plus the inbox of customers on this instance)', params: IdParams, body: NoticeBody, response: { 201: NoticeView } } }, async (request, reply) =>
    reply.status(201).send(await sendNotice(db, deps.config, orgOf(request), request.params.id, request.body)),
  );
  app.get('/api/v1/cvd/cases/:id/notices', { config: { action: 'cvd.read' }, schema: { tags, summary: 'The case\'s sent notices with their delivery log, newest first', params: IdParams, response: { 200: z.object({ items: z.array(NoticeView) }) } } }, async (request) => ({
    items: await listNotices(db, orgOf(request), request.params.id),
  }));

  app.get('/api/v1/notices/inbox', { config: { action: 'advisories.read' }, schema: { tags, summary: 'Notices manufacturers on this instance sent to this (healthcare-provider) organization', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), manufacturer: z.string(), ...Rendered, receivedAt: Timestamp })) }) } } }, async (request) => ({
    items: await noticeInbox(db, orgOf(request)),
  }));
}
