import { z } from 'zod';

/**
 * The parts of the CVE Record Format 5.x (CVEProject/cve-schema) that the CVE 5 reader maps,
 * as a zod schema. Why not the official JSON schema: its bundled form is 128 KB, forbids
 * additional properties throughout and changes with every minor version (5.0 → 5.1 added
 * CVSS 4.0 and new fields), so a vendored copy would reject valid newer records; CVE
 * Services already validates every record against the official schema when it is
 * submitted. This schema checks the type of every field read and ignores the rest.
 */

const status = z.enum(['affected', 'unaffected', 'unknown']);

const langString = z.object({ lang: z.string(), value: z.string() });

const providerMetadata = z.object({
  orgId: z.string().optional(),
  shortName: z.string().optional(),
  dateUpdated: z.string().optional(),
});

const vector = z.object({ vectorString: z.string().min(1) });

const metric = z.object({
  cvssV4_0: vector.optional(),
  cvssV3_1: vector.optional(),
  cvssV3_0: vector.optional(),
  cvssV2_0: vector.optional(),
});

const problemType = z.object({
  descriptions: z.array(
    z.object({
      type: z.string().optional(),
      cweId: z.string().optional(),
      description: z.string().optional(),
      lang: z.string().optional(),
    }),
  ),
});

const reference = z.object({ url: z.string().min(1), tags: z.array(z.string()).optional() });

const change = z.object({ at: z.string().min(1), status });

const version = z.object({
  version: z.string().min(1),
  status,
  versionType: z.string().optional(),
  lessThan: z.string().min(1).optional(),
  lessThanOrEqual: z.string().min(1).optional(),
  changes: z.array(change).optional(),
});

const product = z.object({
  vendor: z.string().optional(),
  product: z.string().optional(),
  cpes: z.array(z.string()).optional(),
  versions: z.array(version).optional(),
  defaultStatus: status.optional(),
});

const container = z.object({
  providerMetadata,
  title: z.string().optional(),
  descriptions: z.array(langString).optional(),
  rejectedReasons: z.array(langString).optional(),
  affected: z.array(product).optional(),
  metrics: z.array(metric).optional(),
  problemTypes: z.array(problemType).optional(),
  references: z.array(reference).optional(),
});

/** A CVE JSON 5.x record (`dataType: CVE_RECORD`, `dataVersion` 5.0, 5.1, 5.1.1, …) in state PUBLISHED or REJECTED. */
export const cve5RecordSchema = z.object({
  dataType: z.literal('CVE_RECORD'),
  dataVersion: z.string().regex(/^5(\.\d+)*$/, 'dataVersion must be 5.x'),
  cveMetadata: z.object({
    cveId: z.string().regex(/^CVE-[0-9]{4}-[0-9]{4,19}$/, 'not a CVE id'),
    state: z.enum(['PUBLISHED', 'REJECTED']),
    datePublished: z.string().optional(),
    dateUpdated: z.string().optional(),
    dateRejected: z.string().optional(),
    dateReserved: z.string().optional(),
  }),
  containers: z.object({ cna: container, adp: z.array(container).optional() }),
});

export type Cve5Record = z.infer<typeof cve5RecordSchema>;
export type Cve5Container = z.infer<typeof container>;
export type Cve5Product = z.infer<typeof product>;
export type Cve5Version = z.infer<typeof version>;
