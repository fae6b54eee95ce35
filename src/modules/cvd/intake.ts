import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { Problem, badRequest } from '../../platform/http/problem.js';

/** Intake rules: attachment limits, the OpenPGP checks and the RFC 9116 security.txt text. Pure apart from openpgp parsing. */

export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 1024 * 1024;
/** An armored message carrying five 1 MiB attachments stays under this (base64 adds a third). */
export const MAX_ENCRYPTED_CHARS = 1_500_000;
/** Five base64 attachments of 1 MiB plus the text fields. */
export const REPORT_BODY_LIMIT = 7_500_000;
/** Reports per client IP per window: enough for a human, not for a spam script. */
export const REPORT_RATE_LIMIT = { max: 10, timeWindow: '10 minutes' } as const;

export interface AttachmentInput {
  readonly fileName: string;
  readonly mediaType: string;
  readonly contentBase64: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 attachments, refusing anything malformed or over 1 MiB with a pointer to the field. */
export function decodeAttachments(list: readonly AttachmentInput[]) {
  return list.map((a, i) => {
    const clean = a.contentBase64.replace(/\s+/g, '');
    if (clean.length % 4 !== 0 || !BASE64.test(clean)) throw badRequest(`Attachment ${a.fileName} is not valid base64.`, [{ pointer: `/body/attachments/${i}/contentBase64`, message: 'not base64' }]);
    const content = Buffer.from(clean, 'base64');
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new Problem(413, 'attachment-too-large', `Attachment ${a.fileName} is ${content.length} bytes; the limit is ${MAX_ATTACHMENT_BYTES} bytes (1 MiB).`, { errors: [{ pointer: `/body/attachments/${i}`, message: 'larger than 1 MiB' }] });
    }
    return { fileName: a.fileName, mediaType: a.mediaType, content, sha256: createHash('sha256').update(content).digest('hex') };
  });
}

export interface IntakeKey {
  readonly armored: string;
  readonly fingerprint: string;
  readonly keyIds: string[];
  readonly userIds: string[];
}

const keyProblem = (detail: string) => badRequest(detail, [{ pointer: '/body/armoredKey', message: detail }]);

/**
 * Checks an armored key before it is published: it must be a public key (a private key here
 * would be published to the world) that can encrypt (an intake key is useless otherwise).
 */
export async function parseIntakeKey(armored: string): Promise<IntakeKey> {
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey: armored });
  } catch (error) {
    throw keyProblem(`Not an armored OpenPGP key: ${(error as Error).message}`);
  }
  if (key.isPrivate()) throw keyProblem('This is a private key. Publish only the public key (gpg --armor --export).');
  try {
    await key.getEncryptionKey();
  } catch {
    throw keyProblem('The key has no valid encryption subkey; reporters could not encrypt to it.');
  }
  return { armored: key.armor(), fingerprint: key.getFingerprint().toUpperCase(), keyIds: key.getKeyIDs().map((k) => k.toHex()), userIds: key.getUserIDs() };
}

/** The e-mail address in a key's first user id that has one ("PSIRT <psirt@maker.example>"). */
export function keyEmail(userIds: readonly string[]): string | null {
  for (const uid of userIds) {
    const match = /<([^<>\s]+@[^<>\s]+)>/.exec(uid) ?? /^([^<>\s]+@[^<>\s]+)$/.exec(uid.trim());
    if (match) return match[1]!;
  }
  return null;
}

/**
 * Accepts an armored OpenPGP message only when it is encrypted to one of the intake key's
 * key ids; it is then stored as received (the team decrypts it offline, Vigil never holds the
 * private key).
 */
export async function checkEncryptedReport(armoredMessage: string, keyIds: readonly string[]): Promise<void> {
  let message: openpgp.Message<string>;
  try {
    message = await openpgp.readMessage({ armoredMessage });
  } catch (error) {
    throw badRequest(`Not an armored OpenPGP message: ${(error as Error).message}`, [{ pointer: '/body/message', message: 'not an OpenPGP message' }]);
  }
  const recipients = message.getEncryptionKeyIDs().map((k) => k.toHex());
  if (recipients.length === 0) throw badRequest('The message is not encrypted. Encrypt it to the published key (gpg --encrypt --armor).', [{ pointer: '/body/message', message: 'not encrypted' }]);
  if (!recipients.some((id) => keyIds.includes(id))) {
    throw badRequest(`The message is encrypted to ${recipients.join(', ')}, not to this organization's key (${keyIds.join(', ')}).`, [{ pointer: '/body/message', message: 'encrypted to another key' }]);
  }
}

/** RFC 9116 says Expires should be less than a year ahead; the file is generated per request, so half a year is always fresh. */
export const SECURITY_TXT_DAYS = 180;

export interface SecurityTxtInput {
  readonly baseUrl: string;
  readonly slug: string;
  readonly email: string | null;
  readonly hasKey: boolean;
  readonly now: Date;
}

/** The security.txt fields, in RFC 9116 field syntax, CRLF-free (LF as the RFC allows). */
export function securityTxt(i: SecurityTxtInput): string {
  const org = encodeURIComponent(i.slug);
  const expires = new Date(i.now.getTime() + SECURITY_TXT_DAYS * 86_400_000);
  expires.setUTCMilliseconds(0);
  const lines = [
    `# Security contact for ${i.slug}; generated by Vigil. Report vulnerabilities through the form; encrypt with the key below if you prefer.`,
    `Contact: ${i.baseUrl}/report/${org}`,
    ...(i.email ? [`Contact: mailto:${i.email}`] : []),
    ...(i.hasKey ? [`Encryption: ${i.baseUrl}/api/v1/public/organizations/${org}/pgp-key.asc`] : []),
    `Policy: ${i.baseUrl}/report/${org}#policy`,
    `CSAF: ${i.baseUrl}/.well-known/csaf/provider-metadata.json`,
    'Preferred-Languages: en',
    `Canonical: ${i.baseUrl}/.well-known/security.txt?org=${org}`,
    `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
  ];
  return `${lines.join('\n')}\n`;
}
