import { describe, expect, it } from 'vitest';
import { readAdvisory } from '../../formats/csaf/model.js';
import { noticeFieldsFromAdvisory } from './notice-from-advisory.js';

/** A hand-written CSAF 2.0 advisory: gateway 2.4.0 affected (fix 2.5.0), 2.3.0 not affected, a firewall mitigation. */
const DOCUMENT = {
  document: {
    category: 'csaf_security_advisory',
    csaf_version: '2.0',
    title: 'CardioWatch Gateway 2.4.0: Remote code injection in Log4j',
    publisher: { category: 'vendor', name: 'Acme Medical', namespace: 'https://acme.example', contact_details: 'psirt@acme.example, +1 555 0100' },
    notes: [
      { category: 'summary', title: 'Patient safety', text: 'No patient harm has been reported.' },
      { category: 'summary', title: 'Key message', text: 'Update the gateway to 2.5.0.' },
      { category: 'legal_disclaimer', title: 'Terms of use', text: 'As is.' },
    ],
    tracking: { id: 'ACME-SA-2026-0001', version: '1', status: 'final', initial_release_date: '2026-01-01T00:00:00Z', current_release_date: '2026-01-01T00:00:00Z', revision_history: [{ number: '1', date: '2026-01-01T00:00:00Z', summary: 'Initial.' }] },
  },
  product_tree: {
    branches: [{ category: 'vendor', name: 'Acme Medical', branches: [{ category: 'product_name', name: 'CardioWatch Gateway', branches: [
      { category: 'product_version', name: '2.3.0', product: { product_id: 'REL-230', name: 'CardioWatch Gateway 2.3.0' } },
      { category: 'product_version', name: '2.4.0', product: { product_id: 'REL-240', name: 'CardioWatch Gateway 2.4.0' } },
      { category: 'product_version', name: '2.5.0', product: { product_id: 'REL-250', name: 'CardioWatch Gateway 2.5.0' } },
    ] }] }],
  },
  vulnerabilities: [{
    cve: 'CVE-2021-44228',
    product_status: { known_affected: ['REL-240'], fixed: ['REL-250'], known_not_affected: ['REL-230'] },
    remediations: [
      { category: 'vendor_fix', details: 'Update to CardioWatch Gateway 2.5.0.', product_ids: ['REL-240'] },
      { category: 'mitigation', details: 'Block outbound LDAP at the firewall.', product_ids: ['REL-240'] },
    ],
  }],
};

describe('the customer notice read off a CSAF advisory', () => {
  it('takes each field from its place in the document', () => {
    expect(noticeFieldsFromAdvisory(readAdvisory(DOCUMENT))).toEqual({
      headline: 'CardioWatch Gateway 2.4.0: Remote code injection in Log4j',
      summary: 'Update the gateway to 2.5.0.',
      affectedProducts: 'Affected: CardioWatch Gateway 2.4.0.\nFixed: CardioWatch Gateway 2.5.0.\nNot affected: CardioWatch Gateway 2.3.0.',
      patientSafetyImpact: 'No patient harm has been reported.',
      actions: 'Update to CardioWatch Gateway 2.5.0. (CardioWatch Gateway 2.4.0)',
      compensatingControls: 'Block outbound LDAP at the firewall. (CardioWatch Gateway 2.4.0)',
      fixAvailability: 'Update to CardioWatch Gateway 2.5.0. (CardioWatch Gateway 2.4.0)',
      contact: 'psirt@acme.example, +1 555 0100',
    });
  });

  it('leaves empty what the document does not say, and names a missing fix as the document does', () => {
    const bare = structuredClone(DOCUMENT) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- edited by path
    bare.document.notes = [];
    delete bare.document.publisher.contact_details;
    bare.vulnerabilities[0].remediations = [{ category: 'none_available', details: 'No fix yet.', product_ids: ['REL-240'] }];
    const fields = noticeFieldsFromAdvisory(readAdvisory(bare));
    expect([fields.summary, fields.patientSafetyImpact, fields.actions, fields.compensatingControls, fields.contact]).toEqual(['', '', '', '', '']);
    expect(fields.fixAvailability).toBe('No fix yet. (CardioWatch Gateway 2.4.0)');
  });
});
