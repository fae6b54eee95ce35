import { recordAudit } from '../../platform/audit/audit.js';
import { systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import type { Criticality } from '../fleet/fields.js';

/**
 * The demo hospital's device fleet: 40 assets of Mercy General across ICU, ED, Radiology,
 * Oncology, Cardiology, Surgery, Ward 4 and the lab, with criticality levels, patient-connected
 * devices, network zones, VLANs and addresses. Acme's products appear by their model numbers
 * and release versions (InfuSafe IS-3000 / IS-3000W 3.1.4 and 2.8.1, CardioWatch CW-200 5.0.2
 * and 4.6.0) so the vendor side (part B) matches them to Acme's releases; the other devices
 * are other vendors'. The five MG-DEMO-… devices are the ones the vendor demo adds on an
 * instance without this fleet, kept identical so its exposure and patch figures stay the same
 * (the other CW-200s run 5.0.2, which the Log4Shell advisory lists as fixed).
 * A saved column mapping for the hospital's CMMS export is included so the import screen
 * offers one. Idempotent: only serials the organization does not have yet are added.
 */

interface DemoAsset {
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly version?: string;
  readonly firmware?: string;
  readonly department: string;
  readonly room: string;
  readonly zone: string;
  readonly vlan?: number;
  readonly criticality: Criticality | null;
  readonly pc: boolean;
  readonly purchased?: string;
}

const ACME = 'Acme Medical Devices';

const DEMO_FLEET: readonly DemoAsset[] = [
  // The vendor demo's five devices (src/modules/demo/vendors.ts), unchanged.
  { manufacturer: ACME, model: 'CW-200', serial: 'MG-DEMO-CW-0001', version: '4.6.0', department: 'ICU', room: 'ICU, Building A', zone: 'icu-clinical', criticality: 'critical', pc: true },
  { manufacturer: ACME, model: 'CW-200', serial: 'MG-DEMO-CW-0002', version: '4.6.0', department: 'Cardiology', room: 'Cardiology, Building A', zone: 'cardio-clinical', criticality: 'high', pc: true },
  { manufacturer: ACME, model: 'CW-200', serial: 'MG-DEMO-CW-0003', version: '5.0.2', department: 'ICU', room: 'ICU, Building A', zone: 'icu-clinical', criticality: 'critical', pc: true },
  { manufacturer: ACME, model: 'IS-3000', serial: 'MG-DEMO-IS-0001', version: '2.8.1', department: 'Oncology', room: 'Oncology, Building A', zone: 'pumps', criticality: 'high', pc: true },
  { manufacturer: ACME, model: 'IS-3000W', serial: 'MG-DEMO-IS-0002', version: '3.1.4', department: 'Ward 4', room: 'Ward 4, Building A', zone: 'pumps', criticality: 'medium', pc: true },
  // More Acme devices.
  { manufacturer: ACME, model: 'IS-3000', serial: 'IS3K-19-04417', version: '2.8.1', department: 'ICU', room: 'ICU bed 3', zone: 'pumps', vlan: 120, criticality: 'critical', pc: true, purchased: '2019-05-14' },
  { manufacturer: ACME, model: 'IS-3000', serial: 'IS3K-19-04418', version: '2.8.1', department: 'ICU', room: 'ICU bed 4', zone: 'pumps', vlan: 120, criticality: 'critical', pc: true, purchased: '2019-05-14' },
  { manufacturer: ACME, model: 'IS-3000', serial: 'IS3K-24-11802', version: '3.1.4', department: 'ED', room: 'ED resus 1', zone: 'pumps', vlan: 120, criticality: 'critical', pc: true, purchased: '2024-08-02' },
  { manufacturer: ACME, model: 'IS-3000', serial: 'IS3K-24-11803', version: '3.1.4', department: 'Oncology', room: 'Infusion suite 2', zone: 'pumps', vlan: 120, criticality: 'high', pc: true, purchased: '2024-08-02' },
  { manufacturer: ACME, model: 'IS-3000W', serial: 'IS3KW-24-00391', version: '3.1.4', department: 'Oncology', room: 'Infusion suite 5', zone: 'pumps', vlan: 120, criticality: 'high', pc: true, purchased: '2024-10-21' },
  { manufacturer: ACME, model: 'CW-200', serial: 'CW200-23-7781', version: '5.0.2', department: 'ED', room: 'ED bay 6', zone: 'ed-clinical', vlan: 130, criticality: 'high', pc: true, purchased: '2023-11-30' },
  { manufacturer: ACME, model: 'CW-200', serial: 'CW200-23-7782', version: '5.0.2', department: 'Surgery', room: 'PACU 2', zone: 'or-clinical', vlan: 140, criticality: 'critical', pc: true, purchased: '2023-11-30' },
  // Patient monitoring and life support from other vendors.
  { manufacturer: 'GE HealthCare', model: 'CARESCAPE B650', serial: 'SEJ19340122GA', version: '3.2', department: 'ICU', room: 'ICU bed 1', zone: 'icu-clinical', vlan: 110, criticality: 'critical', pc: true, purchased: '2019-09-03' },
  { manufacturer: 'GE HealthCare', model: 'CARESCAPE B650', serial: 'SEJ19340123GA', version: '3.2', department: 'ICU', room: 'ICU bed 2', zone: 'icu-clinical', vlan: 110, criticality: 'critical', pc: true, purchased: '2019-09-03' },
  { manufacturer: 'GE HealthCare', model: 'CARESCAPE Central Station', serial: 'SDP21110457', version: '2.1', department: 'ICU', room: 'ICU nurses station', zone: 'icu-clinical', vlan: 110, criticality: 'high', pc: false, purchased: '2021-04-12' },
  { manufacturer: 'Philips', model: 'IntelliVue MX800', serial: 'DE63724190', version: 'M.00.03', department: 'Surgery', room: 'OR 3', zone: 'or-clinical', vlan: 140, criticality: 'critical', pc: true, purchased: '2020-02-18' },
  { manufacturer: 'Philips', model: 'IntelliVue MX800', serial: 'DE63724191', version: 'M.00.03', department: 'Surgery', room: 'OR 4', zone: 'or-clinical', vlan: 140, criticality: 'critical', pc: true, purchased: '2020-02-18' },
  { manufacturer: 'Philips', model: 'IntelliVue MX450', serial: 'DE71830012', version: 'M.00.03', department: 'ED', room: 'ED bay 2', zone: 'ed-clinical', vlan: 130, criticality: 'high', pc: true, purchased: '2021-07-07' },
  { manufacturer: 'Drägerwerk', model: 'Evita V500', serial: 'ASCF-0087', firmware: '2.51', department: 'ICU', room: 'ICU bed 1', zone: 'icu-clinical', vlan: 110, criticality: 'critical', pc: true, purchased: '2018-03-26' },
  { manufacturer: 'Drägerwerk', model: 'Evita V500', serial: 'ASCF-0088', firmware: '2.51', department: 'ICU', room: 'ICU bed 2', zone: 'icu-clinical', vlan: 110, criticality: 'critical', pc: true, purchased: '2018-03-26' },
  { manufacturer: 'Hamilton Medical', model: 'HAMILTON-C6', serial: 'C6-4412', firmware: '1.2.1', department: 'ED', room: 'ED resus 2', zone: 'ed-clinical', vlan: 130, criticality: 'critical', pc: true, purchased: '2022-01-19' },
  { manufacturer: 'Baxter', model: 'Sigma Spectrum', serial: 'SP08812455', version: '8.01.01', department: 'Ward 4', room: 'Ward 4 room 12', zone: 'pumps', vlan: 120, criticality: 'high', pc: true, purchased: '2017-06-30' },
  { manufacturer: 'Baxter', model: 'Sigma Spectrum', serial: 'SP08812456', version: '8.01.01', department: 'Ward 4', room: 'Ward 4 room 14', zone: 'pumps', vlan: 120, criticality: 'high', pc: true, purchased: '2017-06-30' },
  { manufacturer: 'BD', model: 'Alaris 8015 PC Unit', serial: '8015-1822047', version: '12.1.2', department: 'Oncology', room: 'Infusion suite 1', zone: 'pumps', vlan: 120, criticality: 'high', pc: true, purchased: '2020-10-05' },
  { manufacturer: 'Medtronic', model: 'Puritan Bennett 980', serial: '35B1800771', firmware: '3.0.1', department: 'Surgery', room: 'PACU 1', zone: 'or-clinical', vlan: 140, criticality: 'critical', pc: true, purchased: '2019-12-11' },
  // Imaging and therapy.
  { manufacturer: 'Siemens Healthineers', model: 'SOMATOM go.Top', serial: '107412', version: 'VA40A', department: 'Radiology', room: 'CT 1', zone: 'imaging', vlan: 150, criticality: 'high', pc: false, purchased: '2021-03-01' },
  { manufacturer: 'Siemens Healthineers', model: 'MAGNETOM Vida', serial: '175530', version: 'XA50A', department: 'Radiology', room: 'MRI 1', zone: 'imaging', vlan: 150, criticality: 'high', pc: false, purchased: '2022-05-23' },
  { manufacturer: 'GE HealthCare', model: 'Revolution Apex CT', serial: 'RA-3319-20', version: '23MW', department: 'ED', room: 'ED CT', zone: 'imaging', vlan: 150, criticality: 'high', pc: false, purchased: '2023-02-14' },
  { manufacturer: 'Fujifilm', model: 'FDR Go PLUS', serial: 'FDR-PL-22091', version: 'V8.1', department: 'ICU', room: 'ICU mobile X-ray', zone: 'imaging', vlan: 150, criticality: 'medium', pc: false, purchased: '2022-09-08' },
  { manufacturer: 'Carestream', model: 'DRX-Evolution Plus', serial: 'DRXE-7716', version: '5.7', department: 'Radiology', room: 'X-ray room 2', zone: 'imaging', vlan: 150, criticality: 'medium', pc: false, purchased: '2016-11-04' },
  { manufacturer: 'Varian', model: 'TrueBeam', serial: 'H192844', version: '2.7 MR3', department: 'Oncology', room: 'Bunker 1', zone: 'oncology-therapy', vlan: 160, criticality: 'critical', pc: true, purchased: '2018-08-20' },
  { manufacturer: 'Elekta', model: 'Versa HD', serial: '153002', version: 'Integrity 4.0', department: 'Oncology', room: 'Bunker 2', zone: 'oncology-therapy', vlan: 160, criticality: 'critical', pc: true, purchased: '2017-04-10' },
  { manufacturer: 'Varian', model: 'ARIA Oncology Information System', serial: 'ARIA-MG-01', version: '16.1', department: 'Oncology', room: 'Server room B', zone: 'oncology-therapy', vlan: 160, criticality: 'high', pc: false, purchased: '2020-01-15' },
  // Diagnostics, lab and the rest.
  { manufacturer: 'Philips', model: 'PageWriter TC70', serial: 'US91204533', version: 'A.07.2', department: 'Cardiology', room: 'ECG room', zone: 'cardio-clinical', vlan: 170, criticality: 'medium', pc: true, purchased: '2019-07-22' },
  { manufacturer: 'GE HealthCare', model: 'MAC 5500 HD', serial: 'SCD12160552PA', version: '010B', department: 'ED', room: 'ED triage', zone: 'ed-clinical', vlan: 130, criticality: 'medium', pc: true, purchased: '2014-05-19' },
  { manufacturer: 'Abbott', model: 'i-STAT 1', serial: 'ISTAT-340172', firmware: 'JAMS 150', department: 'ED', room: 'ED point of care', zone: 'lab', vlan: 180, criticality: 'medium', pc: false, purchased: '2021-10-11' },
  { manufacturer: 'Roche Diagnostics', model: 'cobas pro', serial: 'CP-10355', version: '01-03', department: 'Laboratory', room: 'Core lab', zone: 'lab', vlan: 180, criticality: 'medium', pc: false, purchased: '2022-06-27' },
  { manufacturer: 'Mindray', model: 'BeneVision N17', serial: 'FA-21013845', version: '03.02', department: 'Cardiology', room: 'Cath lab recovery', zone: 'cardio-clinical', vlan: 170, criticality: 'high', pc: true, purchased: '2021-12-06' },
  { manufacturer: 'Stryker', model: 'LIFEPAK 15', serial: '44107721', firmware: '3.05.006', department: 'ED', room: 'ED resus 1', zone: 'ed-clinical', criticality: 'critical', pc: true, purchased: '2016-02-09' },
  { manufacturer: 'Getinge', model: 'Maquet Servo-u', serial: 'SU-81542', firmware: '4.4', department: 'Surgery', room: 'OR 3', zone: 'or-clinical', vlan: 140, criticality: null, pc: true },
];

/** Stable per-device addresses from the position in the list (VLAN-less devices stay unaddressed). */
function addressOf(index: number, a: DemoAsset): { ip: string | null; mac: string | null } {
  if (!a.vlan) return { ip: null, mac: null };
  const host = 10 + index;
  return { ip: `10.${a.vlan}.0.${host}`, mac: `00:1b:63:${(a.vlan % 256).toString(16).padStart(2, '0')}:00:${host.toString(16).padStart(2, '0')}` };
}

export const DEMO_FLEET_SIZE = DEMO_FLEET.length;

/** The hospital's CMMS export headers, remembered so the import screen offers them. */
const DEMO_MAPPING = { manufacturer: 'Mfr', model: 'Model No', serial: 'Asset Serial', softwareVersion: 'SW Rev', department: 'Cost Center', location: 'Room', clinicalCriticality: 'Risk Class', patientConnected: 'Pt Connected' };

export async function loadDemoFleet(db: Db, hospitalId: string): Promise<void> {
  const ctx = systemContext(hospitalId);
  await db.transaction().execute(async (tx) => {
    const have = new Set((await tx.selectFrom('assets').select(['manufacturer', 'serial']).where('org_id', '=', hospitalId).execute()).map((r) => `${r.manufacturer.toLowerCase()}\u0000${r.serial}`));
    const missing = DEMO_FLEET.map((a, i) => [a, i] as const).filter(([a]) => !have.has(`${a.manufacturer.toLowerCase()}\u0000${a.serial}`));
    if (missing.length > 0) {
      await tx
        .insertInto('assets')
        .values(
          missing.map(([a, i]) => ({
            org_id: hospitalId,
            manufacturer: a.manufacturer,
            model: a.model,
            serial: a.serial,
            software_version: a.version ?? null,
            firmware_version: a.firmware ?? null,
            department: a.department,
            location: a.room,
            network_zone: a.zone,
            vlan: a.vlan ?? null,
            ...addressOf(i, a),
            clinical_criticality: a.criticality,
            patient_connected: a.pc,
            owner: a.zone === 'imaging' ? 'Radiology engineering' : 'Clinical engineering',
            purchased_on: a.purchased ?? null,
            installed_on: a.purchased ?? null,
          })),
        )
        .execute();
      await recordAudit(tx, ctx, { action: 'fleet.import', target: { type: 'asset', id: null }, summary: { demo: true, created: missing.length } });
    }
    const mapping = await tx.selectFrom('asset_import_mappings').select('id').where('org_id', '=', hospitalId).where('name', '=', 'Mercy CMMS').executeTakeFirst();
    if (!mapping) {
      await tx.insertInto('asset_import_mappings').values({ org_id: hospitalId, name: 'Mercy CMMS', mapping: JSON.stringify(DEMO_MAPPING), updated_by: 'vigil demo' }).execute();
      await recordAudit(tx, ctx, { action: 'fleet.mapping.save', target: { type: 'asset_import_mapping', id: null }, summary: { name: 'Mercy CMMS', mapping: DEMO_MAPPING, demo: true } });
    }
  });
}
