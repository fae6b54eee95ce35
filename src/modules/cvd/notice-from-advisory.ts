import type { AdvisoryModel, AdvisoryVulnerability } from '../../formats/csaf/model.js';
import type { NoticeFields } from './notices.js';

/**
 * The customer notice's fields read off the case's CSAF advisory, so the notice and the advisory
 * say the same thing (the MVCT asks for one message in both). Pure: every field comes from a
 * place in the document, and a field the document has nothing for stays empty for the person
 * composing the notice to fill — nothing is invented.
 *
 * - headline ← document title; summary ← the "Key message" summary note (else the first summary
 *   note that is not about patient safety)
 * - affected products ← the names of the products in known_affected (fixed and not affected
 *   listed after them, so customers see both sides)
 * - patient-safety impact ← the "Patient safety" note
 * - what to do now ← vendor_fix and workaround remediations; compensating controls ← mitigation
 *   remediations; fix availability ← vendor_fix, else no_fix_planned / none_available
 * - contact ← the publisher's contact details
 */
export function noticeFieldsFromAdvisory(model: AdvisoryModel): NoticeFields {
  const summaries = model.notes.filter((n) => n.category === 'summary');
  const isSafety = (title?: string) => /patient|safety/iu.test(title ?? '');
  const keyMessage = summaries.find((n) => /key message/iu.test(n.title ?? '')) ?? summaries.find((n) => !isSafety(n.title));
  const name = productNames(model);
  const statusNames = (category: 'known_affected' | 'fixed' | 'known_not_affected') => unique(model.vulnerabilities.flatMap((v) => v.productStatus[category] ?? []).map(name));
  const affected = statusNames('known_affected');
  const fixed = statusNames('fixed');
  const notAffected = statusNames('known_not_affected');
  const remediation = (...categories: string[]) => unique(model.vulnerabilities.flatMap((v) => remediationLines(v, categories, name)));
  const fixes = remediation('vendor_fix');
  return {
    headline: model.title,
    summary: keyMessage?.text ?? '',
    affectedProducts: [
      affected.length ? `Affected: ${affected.join(', ')}.` : '',
      fixed.length ? `Fixed: ${fixed.join(', ')}.` : '',
      notAffected.length ? `Not affected: ${notAffected.join(', ')}.` : '',
    ].filter(Boolean).join('\n'),
    patientSafetyImpact: summaries.find((n) => isSafety(n.title))?.text ?? '',
    actions: remediation('vendor_fix', 'workaround').join('\n'),
    compensatingControls: remediation('mitigation').join('\n'),
    fixAvailability: (fixes.length ? fixes : remediation('no_fix_planned', 'none_available')).join('\n'),
    contact: model.publisher.contactDetails ?? '',
  };
}

const unique = (values: readonly string[]) => [...new Set(values)];

/** Product id → its full name; relationship ids name the component within the product. */
function productNames(model: AdvisoryModel): (id: string) => string {
  const names = new Map<string, string>([...model.products.map((p) => [p.id, p.name] as const), ...model.relationships.map((r) => [r.id, r.name] as const)]);
  return (id) => names.get(id) ?? id;
}

/** "<details> (<products>)" for each remediation of the given categories. */
function remediationLines(v: AdvisoryVulnerability, categories: readonly string[], name: (id: string) => string): string[] {
  return v.remediations.filter((r) => categories.includes(r.category)).map((r) => (r.productIds.length ? `${r.details} (${r.productIds.map(name).join(', ')})` : r.details));
}
