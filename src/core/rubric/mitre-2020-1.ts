import type { RubricMetric, RubricOption, RubricQuestion, RubricVersion } from './types.js';

/**
 * Question set `mitre-2020.1`: the MITRE "Rubric for Applying CVSS to Medical Devices"
 * (Chase & Christey Coley, MITRE, January 2019; qualified by FDA as a Medical Device
 * Development Tool on 20 October 2020) expressed as data.
 *
 * Structure (which questions exist per metric, their numbering and extended-vector codes such
 * as XAVN, and the six C/I/A data/function categories) follows the rubric as published by
 * public rubric calculators and the notes in shared/jsp/framework.md ("Reference: MITRE rubric").
 * The question *wording* and the answer → value mapping are our own faithful paraphrase built
 * from the CVSS v3.x metric definitions the rubric applies; the rubric text itself was not
 * available to us (see docs/core/rubric.md). Published versions are immutable: a fingerprint
 * test fails if this data changes, so a stored assessment re-evaluates identically.
 */

const yes = (outcome: RubricOption['outcome'], label = 'Yes'): RubricOption => ({ value: 'yes', label, outcome });
const no = (outcome: RubricOption['outcome'], label = 'No'): RubricOption => ({ value: 'no', label, outcome });
const value = (metricValue: string) => ({ metricValue }) as const;
const next = (id: string) => ({ next: id }) as const;

function question(
  id: string,
  code: string,
  metric: RubricMetric,
  text: string,
  guidance: string,
  options: readonly RubricOption[],
): RubricQuestion {
  return { id, code, metric, text, guidance, options };
}

const ATTACK_VECTOR: readonly RubricQuestion[] = [
  question(
    'AV.Q1',
    'XAVN',
    'AV',
    'Can the vulnerability be exploited over a routed network connection — from the Internet or from another segment of the hospital/enterprise network reached through routers — without the attacker being on the device’s local segment or within radio range?',
    'Judge the device’s connectivity as intended and labelled: a device placed on a routable clinical network counts even if it is not directly exposed to the Internet.',
    [yes(value('N')), no(next('AV.Q2'))],
  ),
  question(
    'AV.Q2',
    'XAVT',
    'AV',
    'Is exploitation limited to a network that is logically adjacent to the device — the same local segment, VLAN or subnet, or a restricted trusted network such as a VPN or dedicated clinical network shared with its server or gateway?',
    'CVSS Adjacent: the attack is bound to the network stack but cannot cross a router to reach the device.',
    [yes(value('A')), no(next('AV.Q3'))],
  ),
  question(
    'AV.Q3',
    'XAVW',
    'AV',
    'Can the vulnerability be exploited through a short-range wireless or telemetry link of the device (e.g. Bluetooth/BLE, Wi-Fi peer-to-peer, proprietary RF or inductive telemetry, NFC) by an attacker within range?',
    'Shared physical media such as Bluetooth or IEEE 802.11 are Adjacent in CVSS v3.x; the attacker needs proximity, not contact.',
    [yes(value('A')), no(next('AV.Q4'))],
  ),
  question(
    'AV.Q4',
    'XAVR',
    'AV',
    'Does exploitation require local access to the device’s software — its console, keypad or user interface, an account or shell on the device, or a file, update package or removable medium that is read or executed on the device (possibly with a user’s help)?',
    'CVSS Local: the vulnerable component is not bound to the network stack; the path is read/write/execute on the device itself.',
    [yes(value('L')), no(next('AV.Q5'))],
  ),
  question(
    'AV.Q5',
    'XAVP',
    'AV',
    'Does exploitation require the attacker to physically touch or manipulate the device — e.g. attach to a debug/JTAG or serial header, plug hardware into a port, open the housing or remove storage?',
    'CVSS Physical. If none of the previous paths applies and physical contact is not needed either, the earlier answers need review.',
    [
      yes(next('AV.Q5.1')),
      no({ reject: 'Every attack vector question was answered "no": the vulnerability must be reachable through at least one path (review AV.Q1–AV.Q5).' }),
    ],
  ),
  question(
    'AV.Q5.1',
    'XAVPA',
    'AV',
    'Is the physical access limited to an externally exposed connector that people near the device can use without tools or opening it (e.g. a USB port on the housing)?',
    'Recorded for the risk assessment (how easy the physical access is in the clinical setting); CVSS v3.x rates both cases Physical.',
    [yes(value('P'), 'Yes — external connector'), no(value('P'), 'No — tools, opening or internal access needed')],
  ),
];

const ATTACK_COMPLEXITY: readonly RubricQuestion[] = [
  question(
    'AC.Q1',
    'XACL',
    'AC',
    'Can the attacker succeed at will and repeatedly, without conditions beyond their control — no race condition to win, no target-specific secret to obtain (keys, session tokens, device-specific passwords), no exploit mitigation to defeat and no man-in-the-middle position to establish?',
    'Yes → Low complexity; any such condition → High.',
    [yes(value('L')), no(value('H'))],
  ),
];

const PRIVILEGES_REQUIRED: readonly RubricQuestion[] = [
  question(
    'PR.Q1',
    'XPRL',
    'PR',
    'Can the vulnerability be exploited without being authorized on the device first — no login, credential, pairing or enrolment needed?',
    'Unauthenticated interfaces (open services, telemetry that accepts any programmer) → None.',
    [yes(value('N')), no(next('PR.Q2'))],
  ),
  question(
    'PR.Q2',
    'XPRZ',
    'PR',
    'Is the required authorization effectively available to anyone — default or hard-coded credentials, credentials shared by all devices or printed in manuals, or pairing that accepts any peer?',
    'Credentials an attacker can obtain without targeting the device give no real protection → None.',
    [yes(value('N')), no(next('PR.Q3'))],
  ),
  question(
    'PR.Q3',
    'XPRS',
    'PR',
    'Does the attacker need privileges that give significant control of the device — administrator, service/technician, biomedical-engineering or manufacturer access — rather than those of an ordinary operator such as a clinician or patient?',
    'Yes → High; ordinary operator privileges → Low.',
    [yes(value('H')), no(value('L'))],
  ),
];

const USER_INTERACTION: readonly RubricQuestion[] = [
  question(
    'UI.Q1',
    'XUI',
    'UI',
    'Can the vulnerability be exploited without any action by a person other than the attacker — no clinician, patient or technician needs to open a file, follow a link, accept a pairing, start a session or otherwise take part?',
    'Routine clinical use that happens anyway (e.g. the device’s scheduled synchronisation) is not user interaction.',
    [yes(value('N')), no(value('R'))],
  ),
];

const SCOPE: readonly RubricQuestion[] = [
  question(
    'S.Q1',
    'XS',
    'S',
    'Can a successful exploit affect resources beyond the vulnerable component’s own security authority — e.g. a compromised communication module that can command the separate therapy controller, or a compromised device used to attack the hospital network, its paired controller or other devices?',
    'Yes → Changed; impacts confined to the vulnerable component → Unchanged.',
    [yes(value('C')), no(value('U'))],
  ),
];

type Letter = 'C' | 'I' | 'A';

const IMPACT_WORDS: Readonly<Record<Letter, { noun: string; low: string; high: string }>> = {
  C: {
    noun: 'Confidentiality',
    low: 'Low — some of it is disclosed, without attacker control over what, or in limited amount',
    high: 'High — all of it is disclosed, or the disclosure has a direct, serious impact',
  },
  I: {
    noun: 'Integrity',
    low: 'Low — limited modification whose consequences the attacker does not control and which cannot directly harm the patient',
    high: 'High — arbitrary modification, or modification that could directly harm the patient or mislead clinical decisions',
  },
  A: {
    noun: 'Availability',
    low: 'Low — degraded or intermittent, with no direct serious consequence for the patient',
    high: 'High — fully denied, or degraded in a way that could directly harm the patient (e.g. interrupted therapy, missed alarm)',
  },
};

function impactQuestion(id: string, code: string, letter: Letter, category: string, guidance: string): RubricQuestion {
  const words = IMPACT_WORDS[letter];
  return question(
    id,
    code,
    letter,
    `${words.noun} impact on ${category}: what is the worst outcome of a successful exploit?`,
    guidance,
    [
      { value: 'none', label: 'None / not applicable', outcome: value('N') },
      { value: 'low', label: words.low, outcome: value('L') },
      { value: 'high', label: words.high, outcome: value('H') },
    ],
  );
}

const PATIENT_SAFETY =
  'Consider patient safety first: an impact that could contribute to patient harm is High even if only part of the data or function is affected.';

const CATEGORIES = [
  {
    n: 2,
    suffix: 'D',
    name: 'data or functionality related to diagnosis or monitoring (e.g. vital signs, images, alarms)',
    guidance: `${PATIENT_SAFETY} Altered or missing diagnostic data can cause misdiagnosis or a missed alarm.`,
  },
  {
    n: 3,
    suffix: 'T',
    name: 'data or functionality related to the delivery of therapy (e.g. dose, rate, pacing, stimulation)',
    guidance: `${PATIENT_SAFETY} Changing or interrupting therapy delivery is the most direct path to harm.`,
  },
  {
    n: 4,
    suffix: 'W',
    name: 'data or functionality related to clinical workflow (e.g. orders, scheduling, device-to-EHR transfer)',
    guidance: `${PATIENT_SAFETY} Workflow disruption is usually indirect harm (delays, wrong-patient association).`,
  },
  {
    n: 5,
    suffix: 'S',
    name: 'private system or system-user data (e.g. passwords, private keys, configuration)',
    guidance: 'Secrets that unlock further attacks (keys, passwords) make a disclosure High.',
  },
  {
    n: 6,
    suffix: 'O',
    name: 'any other critical or sensitive data or functionality',
    guidance: 'Use for impacts that fit none of the other categories.',
  },
] as const;

const PHI = 'protected health information or personally identifiable information (PHI/PII)';

const IMPACTS: readonly RubricQuestion[] = [
  question(
    'Q1.C',
    'XCP',
    'C',
    `Confidentiality impact on ${PHI}: can the attacker obtain PHI/PII held or transmitted by the device?`,
    'Include data at rest on the device and data in transit to controllers, gateways and servers.',
    [yes(next('Q1.1.C')), no(value('N'))],
  ),
  question(
    'Q1.1.C',
    'XCPM',
    'C',
    'Can PHI/PII of more than one patient be obtained (or an extensive record of a single patient)?',
    'Multiple patients’ records → High; limited data of a single patient → Low.',
    [yes(value('H')), no(value('L'))],
  ),
  impactQuestion('Q1.I', 'XIP', 'I', PHI, 'Altered patient identity or records can lead to wrong-patient treatment.'),
  impactQuestion('Q1.A', 'XAP', 'A', PHI, 'Loss of access to records needed for care.'),
  ...CATEGORIES.flatMap((category) =>
    (['C', 'I', 'A'] as const).map((letter) =>
      impactQuestion(`Q${category.n}.${letter}`, `X${letter}${category.suffix}`, letter, category.name, category.guidance),
    ),
  ),
];

const impactStarts = (letter: Letter): string[] => [1, 2, 3, 4, 5, 6].map((n) => `Q${n}.${letter}`);

/** The `mitre-2020.1` question set. */
export const MITRE_2020_1: RubricVersion = {
  id: 'mitre-2020.1',
  title: 'MITRE Rubric for Applying CVSS to Medical Devices (2019, FDA MDDT 2020) — question set 1',
  cvssVersion: '3.1',
  provenance:
    'Structure and question codes per the MITRE rubric (public calculators, shared/jsp/framework.md); wording paraphrased by Vigil from CVSS v3.x definitions — see docs/core/rubric.md.',
  flows: [
    { metric: 'AV', starts: ['AV.Q1'], combine: 'single' },
    { metric: 'AC', starts: ['AC.Q1'], combine: 'single' },
    { metric: 'PR', starts: ['PR.Q1'], combine: 'single' },
    { metric: 'UI', starts: ['UI.Q1'], combine: 'single' },
    { metric: 'S', starts: ['S.Q1'], combine: 'single' },
    { metric: 'C', starts: impactStarts('C'), combine: 'highest' },
    { metric: 'I', starts: impactStarts('I'), combine: 'highest' },
    { metric: 'A', starts: impactStarts('A'), combine: 'highest' },
  ],
  questions: [...ATTACK_VECTOR, ...ATTACK_COMPLEXITY, ...PRIVILEGES_REQUIRED, ...USER_INTERACTION, ...SCOPE, ...IMPACTS],
};
