import { Paper } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { Page } from '../app/Page.js';
import { SEVERITY_LEVELS, type SeverityLevel } from './api.js';
import { DEFAULT_FINDING_FILTERS, type FindingFilterValues } from './FindingFilters.js';
import FindingPage from './FindingPage.js';
import { FindingsTable } from './FindingsTable.js';
import { useUrlState } from './useUrlState.js';
import { BulkToolbar } from '../triage/BulkToolbar.js';

/** /findings is the portfolio-wide queue; /findings/:findingId one finding. */
export default function FindingsPage() {
  return (
    <Routes>
      <Route index element={<FindingsQueue />} />
      <Route path=":findingId" element={<FindingPage />} />
      <Route path="*" element={<Navigate to="/findings" replace />} />
    </Routes>
  );
}

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | null => (allowed.includes(value as T) ? (value as T) : null);

/** Filters live in the address, so a filtered queue can be bookmarked and linked to. */
function filtersFromParams(params: URLSearchParams): FindingFilterValues {
  const d = DEFAULT_FINDING_FILTERS;
  return {
    status: oneOf(params.get('status'), ['affected', 'fixed', 'withdrawn', 'all'] as const) ?? d.status,
    severity: oneOf<SeverityLevel>(params.get('severity'), SEVERITY_LEVELS),
    kev: oneOf(params.get('kev'), ['true', 'false'] as const),
    epssMin: params.get('epssMin'),
    productId: params.get('productId'),
    releaseId: params.get('releaseId'),
    q: params.get('q') ?? '',
    vulnId: params.get('vulnId') ?? '',
    sort: oneOf(params.get('sort'), ['severity', 'newest'] as const) ?? d.sort,
  };
}

function paramsFromFilters(f: FindingFilterValues): Record<string, string> {
  const d = DEFAULT_FINDING_FILTERS;
  const entries: [string, string | null][] = [
    ['status', f.status === d.status ? null : f.status],
    ['severity', f.severity],
    ['kev', f.kev],
    ['epssMin', f.epssMin],
    ['productId', f.productId],
    ['releaseId', f.releaseId],
    ['q', f.q || null],
    ['vulnId', f.vulnId || null],
    ['sort', f.sort === d.sort ? null : f.sort],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== null));
}

function FindingsQueue() {
  const [filters, setFilters] = useUrlState(filtersFromParams, paramsFromFilters);
  return (
    <Page
      title="Findings"
      description="Every vulnerability matched to a component of a release’s current SBOM, across the portfolio. Open a finding to see why it matched and its history."
    >
      <BulkToolbar filters={filters} />
      <Paper withBorder radius="md" p="md" component="section" aria-label="Findings across the portfolio">
        <FindingsTable filters={filters} onChange={setFilters} />
      </Paper>
    </Page>
  );
}
