import { z } from 'zod';

/**
 * The parts of an NVD CVE API 2.0 `vulnerabilities[].cve` object that the NVD reader maps
 * (field names as in NIST's `cve_api_json_2.0` schema). Only mapped fields are checked, so
 * fields NVD adds later (as it added `cvssMetricV40`) never reject a record.
 */

const langString = z.object({ lang: z.string(), value: z.string() });

const cvssMetric = z.object({
  source: z.string().optional(),
  type: z.string().optional(),
  cvssData: z.object({ vectorString: z.string().min(1) }),
});

const cpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string().min(1),
  matchCriteriaId: z.string().optional(),
  versionStartIncluding: z.string().optional(),
  versionStartExcluding: z.string().optional(),
  versionEndIncluding: z.string().optional(),
  versionEndExcluding: z.string().optional(),
});

const operator = z.enum(['AND', 'OR']);

const node = z.object({ operator, negate: z.boolean().optional(), cpeMatch: z.array(cpeMatch).optional() });

const configuration = z.object({ operator: operator.optional(), negate: z.boolean().optional(), nodes: z.array(node) });

/** One `cve` object of an NVD API 2.0 response. */
export const nvdCveSchema = z.object({
  id: z.string().regex(/^CVE-[0-9]{4}-[0-9]{4,19}$/, 'not a CVE id'),
  published: z.string().optional(),
  lastModified: z.string().min(1),
  vulnStatus: z.string().optional(),
  descriptions: z.array(langString),
  metrics: z
    .object({
      cvssMetricV40: z.array(cvssMetric).optional(),
      cvssMetricV31: z.array(cvssMetric).optional(),
      cvssMetricV30: z.array(cvssMetric).optional(),
      cvssMetricV2: z.array(cvssMetric).optional(),
    })
    .optional(),
  weaknesses: z.array(z.object({ source: z.string().optional(), type: z.string().optional(), description: z.array(langString) })).optional(),
  configurations: z.array(configuration).optional(),
  references: z.array(z.object({ url: z.string().min(1), source: z.string().optional(), tags: z.array(z.string()).optional() })).optional(),
});

/** One element of the response's `vulnerabilities` array. */
export const nvdVulnerabilitySchema = z.object({ cve: nvdCveSchema });

export type NvdCve = z.infer<typeof nvdCveSchema>;
export type NvdCveConfiguration = z.infer<typeof configuration>;
