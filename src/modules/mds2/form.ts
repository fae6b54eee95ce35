import { Problem } from '../../platform/http/problem.js';
import type { Mds2Answer } from '../../platform/db/schema.js';
import { headerKey } from '../fleet/fields.js';

/**
 * The MDS2 form (ANSI/NEMA HN 1-2019, "Manufacturer Disclosure Statement for Medical Device
 * Security"): its section codes, which of them are security capabilities, the questions the
 * entry form offers, and reading its spreadsheet export. Question texts here are short
 * paraphrases for the entry form, not the form's wording; ids follow the 2019 numbering
 * (SECTION-n, sub-questions SECTION-n.m).
 *
 * Security capabilities (what a comparison flags when one statement has it and the other
 * does not): every section except DOC (document information), MPII (whether and how the
 * device handles personal data — context, not a control), CONN (connectivity: more
 * connectivity is more attack surface, not more security) and OTHR (free text).
 */
export interface Mds2Section { readonly code: string; readonly name: string; readonly capability: boolean }

export const MDS2_SECTIONS: readonly Mds2Section[] = [
  { code: 'DOC', name: 'Document information', capability: false },
  { code: 'MPII', name: 'Management of personally identifiable information', capability: false },
  { code: 'ALOF', name: 'Automatic logoff', capability: true },
  { code: 'AUDT', name: 'Audit controls', capability: true },
  { code: 'AUTH', name: 'Authorization', capability: true },
  { code: 'CNFS', name: 'Configuration of security features', capability: true },
  { code: 'CSUP', name: 'Cyber security product upgrades', capability: true },
  { code: 'DIDT', name: 'Health data de-identification', capability: true },
  { code: 'DTBK', name: 'Data backup and disaster recovery', capability: true },
  { code: 'EMRG', name: 'Emergency access', capability: true },
  { code: 'IGAU', name: 'Health data integrity and authenticity', capability: true },
  { code: 'MLDP', name: 'Malware detection/protection', capability: true },
  { code: 'NAUT', name: 'Node authentication', capability: true },
  { code: 'CONN', name: 'Connectivity capabilities', capability: false },
  { code: 'PAUT', name: 'Person authentication', capability: true },
  { code: 'PLOK', name: 'Physical locks', capability: true },
  { code: 'RDMP', name: 'Roadmap for third-party components in device life cycle', capability: true },
  { code: 'SBOM', name: 'Software bill of materials', capability: true },
  { code: 'SAHD', name: 'System and application hardening', capability: true },
  { code: 'SGUD', name: 'Security guidance', capability: true },
  { code: 'STCF', name: 'Health data storage confidentiality', capability: true },
  { code: 'TXCF', name: 'Transmission confidentiality', capability: true },
  { code: 'TXIG', name: 'Transmission integrity', capability: true },
  { code: 'RMOT', name: 'Remote service', capability: true },
  { code: 'OTHR', name: 'Other security considerations', capability: false },
];
const SECTION_BY_CODE = new Map(MDS2_SECTIONS.map((s) => [s.code, s]));

/** The questions the entry form shows (a statement may hold any other valid id too). */
export const MDS2_QUESTIONS: readonly { readonly id: string; readonly text: string }[] = [
  { id: 'DOC-1', text: 'Manufacturer name' },
  { id: 'DOC-3', text: 'Device model' },
  { id: 'DOC-4', text: 'Document ID' },
  { id: 'DOC-7', text: 'Document release date' },
  { id: 'MPII-1', text: 'Can the device display, transmit, store or modify personally identifiable information?' },
  { id: 'ALOF-1', text: 'Can the device be configured to force reauthorization of users after a period of inactivity?' },
  { id: 'ALOF-2', text: 'Is the length of inactivity time before auto-logoff configurable?' },
  { id: 'AUDT-1', text: 'Can the device create additional audit logs or reports beyond the standard operating system logs?' },
  { id: 'AUDT-2', text: 'Can the audit logs record a user ID?' },
  { id: 'AUTH-1', text: 'Does the device prevent access to unauthorized users through user login requirements or other mechanisms?' },
  { id: 'AUTH-2', text: 'Can the device be configured to use federated credentials management (e.g. LDAP, OAuth)?' },
  { id: 'CNFS-1', text: 'Is the device able to be configured to adjust its security capabilities to the user’s needs?' },
  { id: 'CSUP-1', text: 'Does the device contain software or firmware that may require security updates during its operational life?' },
  { id: 'CSUP-2', text: 'Are security patches provided by the manufacturer for the operating system?' },
  { id: 'DIDT-1', text: 'Does the device provide an integral capability to de-identify personally identifiable information?' },
  { id: 'DTBK-1', text: 'Does the device maintain long-term primary storage of personally identifiable information?' },
  { id: 'DTBK-2', text: 'Does the device have a “factory reset” function to restore the original configuration?' },
  { id: 'EMRG-1', text: 'Does the device incorporate an emergency access (“break-glass”) feature?' },
  { id: 'IGAU-1', text: 'Does the device provide data integrity checking mechanisms of stored health data (e.g. hash or digital signature)?' },
  { id: 'MLDP-1', text: 'Is the device capable of hosting executable software?' },
  { id: 'MLDP-2', text: 'Does the device support the use of anti-malware software (or other anti-malware mechanism)?' },
  { id: 'MLDP-5', text: 'Does the device support application allow-listing?' },
  { id: 'NAUT-1', text: 'Does the device provide/support any means of node authentication that assures both the sender and the recipient of data are known to each other?' },
  { id: 'CONN-1', text: 'Does the device have hardware connectivity capabilities?' },
  { id: 'PAUT-1', text: 'Does the device support and enforce unique IDs and passwords for all users and roles (including service accounts)?' },
  { id: 'PAUT-2', text: 'Does the device enforce authentication of unique IDs and passwords for all users and roles?' },
  { id: 'PLOK-1', text: 'Is the device software only? (If yes, the physical-locks questions do not apply.)' },
  { id: 'PLOK-2', text: 'Are all device components maintaining personally identifiable information physically secure (cannot remove without tools)?' },
  { id: 'RDMP-1', text: 'Was a secure software development process, such as ISO/IEC 27034 or IEC 62304, followed during product development?' },
  { id: 'RDMP-2', text: 'Does the manufacturer evaluate third-party applications and software components included in the device for secure development practices?' },
  { id: 'SBOM-1', text: 'Is the SBOM for this product available?' },
  { id: 'SAHD-1', text: 'Is the device hardened in accordance with any industry standards?' },
  { id: 'SAHD-2', text: 'Has the device received any cybersecurity certifications?' },
  { id: 'SGUD-1', text: 'Does the device include security documentation for the owner/operator?' },
  { id: 'STCF-1', text: 'Can the device encrypt data at rest?' },
  { id: 'TXCF-1', text: 'Can personally identifiable information be transmitted only via a point-to-point dedicated cable?' },
  { id: 'TXCF-2', text: 'Is personally identifiable information encrypted prior to transmission via a network or removable media?' },
  { id: 'TXIG-1', text: 'Does the device support any mechanism (e.g. digital signatures) intended to ensure data is not modified during transmission?' },
  { id: 'RMOT-1', text: 'Does the device permit remote service connections for device analysis or repair?' },
  { id: 'RMOT-2', text: 'Does the device allow the owner/operator to initiate remote service sessions?' },
];

/**
 * Questions whose "yes" is a weakness or plain context, not a capability: hosting executable
 * software, long-term PII storage, being software only, permitting remote service, needing
 * updates, sending PII over a dedicated cable. A comparison does not flag these.
 */
export const NOT_A_CAPABILITY = new Set(['MLDP-1', 'DTBK-1', 'PLOK-1', 'RMOT-1', 'CSUP-1', 'TXCF-1']);

const QUESTION_ID = /^([A-Z]{3,4})-(\d{1,2}(?:\.\d{1,2}){0,2})$/;

export function sectionOf(id: string): Mds2Section | undefined {
  const m = QUESTION_ID.exec(id);
  return m ? SECTION_BY_CODE.get(m[1]!) : undefined;
}

export const isCapabilityQuestion = (id: string) => Boolean(sectionOf(id)?.capability) && !NOT_A_CAPABILITY.has(id);

export function parseAnswer(text: string): Mds2Answer | 'text' {
  const k = headerKey(text);
  if (k === 'yes' || k === 'y') return 'yes';
  if (k === 'no' || k === 'n') return 'no';
  if (k === 'na' || k === 'notapplicable') return 'n/a';
  if (k === '') return null;
  return 'text';
}

export interface Mds2Entry { answer: Mds2Answer; question?: string; note?: string }

const ID_HEADERS = new Set(['questionid', 'id', 'mds2id', 'ref', 'number', 'item']);
const QUESTION_HEADERS = new Set(['question', 'questiontext', 'description', 'text']);
const ANSWER_HEADERS = new Set(['answer', 'response', 'yesnona', 'value', 'manufacturerresponse']);
const NOTE_HEADERS = new Set(['note', 'notes', 'comment', 'comments', 'remarks']);

/**
 * The answers of an MDS2 spreadsheet export: the first row naming an id column and an
 * answer column is the header (exports carry title rows above it); every later row with a
 * valid question id is an answer. DOC rows hold text (manufacturer, model...), kept as notes.
 */
export function readMds2Rows(rows: readonly (readonly string[])[]): Record<string, Mds2Entry> {
  const headerIndex = rows.findIndex((r) => r.some((c) => ID_HEADERS.has(headerKey(c))) && r.some((c) => ANSWER_HEADERS.has(headerKey(c))));
  if (headerIndex === -1) throw new Problem(422, 'missing-columns', 'No header row with a question id column and an answer column (e.g. "Question ID", "Answer").', { extensions: { missing: ['questionId', 'answer'] } });
  const header = rows[headerIndex]!.map(headerKey);
  const col = (names: Set<string>) => header.findIndex((h) => names.has(h));
  const [idCol, qCol, aCol, nCol] = [col(ID_HEADERS), col(QUESTION_HEADERS), col(ANSWER_HEADERS), col(NOTE_HEADERS)];
  const answers: Record<string, Mds2Entry> = {};
  const errors: { pointer: string; message: string }[] = [];
  rows.slice(headerIndex + 1).forEach((r, i) => {
    const id = (r[idCol] ?? '').trim().toUpperCase();
    if (!sectionOf(id)) return; // section headings, blank lines, notes between tables
    const raw = (r[aCol] ?? '').trim();
    const parsed = parseAnswer(raw);
    const entry: Mds2Entry = { answer: parsed === 'text' ? null : parsed };
    const question = qCol >= 0 ? (r[qCol] ?? '').trim() : '';
    if (question) entry.question = question.slice(0, 1000);
    const note = [parsed === 'text' ? raw : '', nCol >= 0 ? (r[nCol] ?? '').trim() : ''].filter(Boolean).join(' — ');
    if (parsed === 'text' && !id.startsWith('DOC-')) errors.push({ pointer: `/file/row/${headerIndex + i + 2}`, message: `${id}: answer "${raw}" is not Yes, No or N/A` });
    if (note) entry.note = note.slice(0, 4000);
    answers[id] = entry;
  });
  if (errors.length > 0) throw new Problem(422, 'invalid-rows', `${errors.length} answers are not Yes, No or N/A; nothing was imported.`, { errors: errors.slice(0, 100) });
  if (Object.keys(answers).length === 0) throw new Problem(422, 'empty-file', 'No MDS2 question ids (e.g. AUTH-1) found below the header row.');
  return answers;
}

/** Per capability section: answers of each kind. */
export function sectionSummary(answers: Record<string, Mds2Entry>) {
  return MDS2_SECTIONS.map((s) => {
    const entries = Object.entries(answers).filter(([id]) => sectionOf(id)?.code === s.code);
    const count = (a: Mds2Answer) => entries.filter(([, e]) => e.answer === a).length;
    return { code: s.code, name: s.name, capability: s.capability, yes: count('yes'), no: count('no'), notApplicable: count('n/a'), unanswered: count(null), total: entries.length };
  });
}

export interface CapabilityGap { id: string; section: string; question: string | null; baseline: Mds2Answer; other: Mds2Answer | 'missing' }

/**
 * What the other statement lacks that the baseline has: a capability question the baseline
 * answers "yes" and the other answers no, N/A, leaves blank or omits. Both directions are
 * returned (gained = the reverse), so the screen can show an upgrade's losses and gains.
 */
export function compareStatements(baseline: Record<string, Mds2Entry>, other: Record<string, Mds2Entry>) {
  const ids = [...new Set([...Object.keys(baseline), ...Object.keys(other)])].filter(isCapabilityQuestion).sort(compareIds);
  const lost: CapabilityGap[] = [];
  const gained: CapabilityGap[] = [];
  const changed: { id: string; baseline: Mds2Answer | 'missing'; other: Mds2Answer | 'missing' }[] = [];
  for (const id of ids) {
    const a = baseline[id]?.answer ?? (baseline[id] ? null : 'missing');
    const b = other[id]?.answer ?? (other[id] ? null : 'missing');
    const question = baseline[id]?.question ?? other[id]?.question ?? MDS2_QUESTIONS.find((q) => q.id === id)?.text ?? null;
    const section = sectionOf(id)!.code;
    if (a === 'yes' && b !== 'yes') lost.push({ id, section, question, baseline: 'yes', other: b });
    else if (b === 'yes' && a !== 'yes') gained.push({ id, section, question, baseline: a === 'missing' ? null : a, other: 'yes' });
    else if (a !== b) changed.push({ id, baseline: a, other: b });
  }
  return { lost, gained, changed };
}

/** AUTH-2 before AUTH-10, AUTH-1.1 after AUTH-1, sections in form order. */
export function compareIds(x: string, y: string): number {
  const [sx, nx] = [sectionOf(x)!, x.split('-')[1]!.split('.').map(Number)];
  const [sy, ny] = [sectionOf(y)!, y.split('-')[1]!.split('.').map(Number)];
  const order = MDS2_SECTIONS.indexOf(sx) - MDS2_SECTIONS.indexOf(sy);
  if (order !== 0) return order;
  for (let i = 0; i < Math.max(nx.length, ny.length); i++) {
    const d = (nx[i] ?? -1) - (ny[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
