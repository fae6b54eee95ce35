import { useState } from 'react';
import { DEFAULT_FINDING_FILTERS } from './FindingFilters.js';
import { FindingsTable } from './FindingsTable.js';

/** The release page's Findings tab: the findings table scoped to this release. */
export function ReleaseFindings({ releaseId, sbomId }: { releaseId: string; sbomId: string }) {
  const [filters, setFilters] = useState(DEFAULT_FINDING_FILTERS);
  return <FindingsTable filters={filters} onChange={setFilters} releaseId={releaseId} sbomId={sbomId} />;
}
