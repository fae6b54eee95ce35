import { describe, expect, it } from 'vitest';
import { checkContract, checkObligation, monthsBetween, type Fact } from './checker.js';

const f = (kind: Fact['kind'], at: string, subject: string | null = null, extra: Partial<Fact> = {}): Fact => ({ kind, at, subject, source: 'manual', ...extra });
const NOW = new Date('2025-06-30T12:00:00Z');

describe('contract checker', () => {
  const facts = [
    f('vulnerability_published', '2025-01-10', 'CVE-2025-0001'),
    f('advisory_published', '2025-02-05', 'CVE-2025-0001'), // 26 days: within 30
    f('patch_available', '2025-05-01', 'CVE-2025-0001'), // 111 days: beyond 90
    f('vulnerability_published', '2025-06-20', 'CVE-2025-0002'), // 10 days ago, nothing yet
    f('vulnerability_published', '2025-03-01', 'CVE-2025-0003'), // 121 days ago, no advisory
  ];
  it('vulnerability notification: met within N days, breached past it, pending while open', () => {
    const r = checkObligation({ id: 'o1', clauseId: 'MC2-08', kind: 'vulnerability_notification', parameters: { days: 30 } }, facts, '2024-01-01', NOW);
    expect(r.evidence.map((e) => [e.subject, e.status])).toEqual([['CVE-2025-0001', 'met'], ['CVE-2025-0002', 'pending'], ['CVE-2025-0003', 'breached']]);
    expect(r.evidence[0]!.detail).toBe('vendor advisory 26 days after 2025-01-10 (2025-02-05; limit 30 days)');
    expect(r.evidence[1]!.detail).toBe('no vendor advisory yet; due by 2025-07-20');
    expect(r.status).toBe('breached');
  });

  it('patch availability counts from the vulnerability publication', () => {
    const r = checkObligation({ id: 'o2', clauseId: 'MC2-07', kind: 'patch_availability', parameters: { days: 90 } }, facts.slice(0, 3), '2024-01-01', NOW);
    expect(r.evidence).toEqual([{ subject: 'CVE-2025-0001', status: 'breached', detail: 'patch 111 days after 2025-01-10 (2025-05-01; limit 90 days)' }]);
  });

  it('SBOM delivery after the start and after each release', () => {
    const o = { id: 'o3', clauseId: 'MC2-05', kind: 'sbom_delivery' as const, parameters: { days: 30 } };
    const r = checkObligation(o, [f('sbom_delivered', '2025-01-20'), f('release', '2025-03-01', 'InfuSafe 3.0'), f('sbom_delivered', '2025-04-15', 'InfuSafe 3.0')], '2025-01-01', NOW);
    expect(r.evidence.map((e) => e.detail)).toEqual([
      "SBOM delivered 19 days after the contract's start (2025-01-01) on 2025-01-20 (limit 30 days)",
      'SBOM delivered 45 days after release InfuSafe 3.0 (2025-03-01) on 2025-04-15 (limit 30 days)',
    ]);
    expect(r.evidence.map((e) => e.status)).toEqual(['met', 'breached']);
    expect(checkObligation(o, [], '2025-06-15', NOW).status).toBe('pending');
  });

  it('EOS notice in whole months, incidents in hours, evidence by obligation', () => {
    expect(monthsBetween('2024-01-31', '2024-02-29')).toBe(0);
    expect(monthsBetween('2023-06-30', '2025-06-30')).toBe(24);
    const eos = checkObligation({ id: 'o4', clauseId: 'MC2-13', kind: 'eos_notice', parameters: { months: 24 } }, [f('eos_notice', '2024-07-01', 'Pump', { endOfSupportOn: '2026-06-30' }), f('eos_notice', '2023-06-30', 'Gateway', { endOfSupportOn: '2025-06-30' })], '2020-01-01', NOW);
    expect(eos.evidence.map((e) => [e.subject, e.status])).toEqual([['Pump', 'breached'], ['Gateway', 'met']]);
    const incident = checkObligation({ id: 'o5', clauseId: 'MC2-09', kind: 'incident_notification', parameters: { hours: 72 } }, [f('incident_occurred', '2025-05-01T08:00:00.000Z', 'INC-1'), f('incident_notified', '2025-05-04T09:00:00.000Z', 'INC-1')], '2020-01-01', NOW);
    expect(incident.evidence[0]).toMatchObject({ status: 'breached', detail: expect.stringContaining('73 hours') });
    const ev = { id: 'o6', clauseId: 'MC2-02', kind: 'evidence' as const, parameters: {} };
    expect(checkObligation(ev, [], '2020-01-01', NOW).status).toBe('pending');
    expect(checkObligation(ev, [f('evidence', '2025-01-01', 'BAA signed', { obligationId: 'o6' })], '2020-01-01', NOW).status).toBe('met');
  });

  it('names missing obligation kinds and weak negotiated values', () => {
    const c = checkContract('2025-01-01', [{ id: 'a', clauseId: 'MC2-13', kind: 'eos_notice', parameters: { months: 12 } }, { id: 'b', clauseId: 'MC2-08', kind: 'vulnerability_notification', parameters: { days: 60 } }], [], NOW);
    expect(c.gaps).toEqual(['sbom_delivery', 'patch_availability', 'incident_notification']);
    expect(c.warnings).toHaveLength(2);
    expect(c.status).toBe('pending');
  });
});
