import { Group, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../app/api.js';
import { PRODUCTS_KEY, releasesKey, type Product, type Release } from '../portfolio/api.js';
import { SEVERITY_LABELS, type FindingStatus, type SeverityLevel } from './api.js';

/** What the findings table is filtered and sorted by; text fields hold what was typed. */
export interface FindingFilterValues {
  readonly status: FindingStatus | 'all';
  readonly severity: SeverityLevel | null;
  readonly kev: 'true' | 'false' | null;
  readonly epssMin: string | null;
  readonly productId: string | null;
  readonly releaseId: string | null;
  readonly q: string;
  readonly vulnId: string;
  readonly sort: 'severity' | 'newest';
}

export const DEFAULT_FINDING_FILTERS: FindingFilterValues = { status: 'affected', severity: null, kev: null, epssMin: null, productId: null, releaseId: null, q: '', vulnId: '', sort: 'severity' };

const STATUS_OPTIONS = [
  { value: 'affected', label: 'Open (affected)' },
  { value: 'fixed', label: 'Fixed' },
  { value: 'withdrawn', label: 'Withdrawn' },
  { value: 'all', label: 'Any status' },
];
const SEVERITY_OPTIONS = (['critical', 'high', 'medium', 'low'] as const).map((level) => ({ value: level, label: level === 'critical' ? 'Critical' : `${SEVERITY_LABELS[level]} or worse` }));
const KEV_OPTIONS = [
  { value: 'true', label: 'Known exploited only' },
  { value: 'false', label: 'Not in KEV' },
];
const EPSS_OPTIONS = ['0.001', '0.01', '0.1', '0.5', '0.9'].map((v) => ({ value: v, label: `${Number(v) * 100}% or more` }));
const SORT_OPTIONS = [
  { value: 'severity', label: 'Most severe first' },
  { value: 'newest', label: 'Newest first' },
];

/** The filter bar; `scoped` leaves out product and release (the table is already one release's). */
export function FindingFilters({ values, onChange, scoped }: { values: FindingFilterValues; onChange: (next: FindingFilterValues) => void; scoped: boolean }) {
  const set = <K extends keyof FindingFilterValues>(key: K, value: FindingFilterValues[K]) => onChange({ ...values, [key]: value });
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter findings">
      <TextInput label="Component" placeholder="Name or package URL" type="search" value={values.q} onChange={(e) => set('q', e.currentTarget.value)} maxLength={200} w={220} />
      <TextInput label="Vulnerability" placeholder="CVE, GHSA or other id" type="search" value={values.vulnId} onChange={(e) => set('vulnId', e.currentTarget.value)} maxLength={100} w={200} />
      <Select label="Severity" placeholder="Any" data={SEVERITY_OPTIONS} value={values.severity} onChange={(v) => set('severity', v as SeverityLevel | null)} clearable w={170} />
      <Select label="KEV" placeholder="Any" data={KEV_OPTIONS} value={values.kev} onChange={(v) => set('kev', v as 'true' | 'false' | null)} clearable w={220} />
      <Select label="EPSS at least" placeholder="Any" data={EPSS_OPTIONS} value={values.epssMin} onChange={(v) => set('epssMin', v)} clearable w={160} />
      <Select label="Status" data={STATUS_OPTIONS} value={values.status} onChange={(v) => set('status', (v ?? 'affected') as FindingFilterValues['status'])} allowDeselect={false} w={170} />
      {scoped ? null : <ProductReleaseFilter values={values} onChange={onChange} />}
      <Select label="Sort" data={SORT_OPTIONS} value={values.sort} onChange={(v) => set('sort', (v ?? 'severity') as FindingFilterValues['sort'])} allowDeselect={false} w={180} />
    </Group>
  );
}

function ProductReleaseFilter({ values, onChange }: { values: FindingFilterValues; onChange: (next: FindingFilterValues) => void }) {
  const products = useQuery({ queryKey: [...PRODUCTS_KEY, 'options'], queryFn: ({ signal }) => api<Page<Product>>('/api/v1/products', { query: { limit: 200 }, signal }) });
  const releases = useQuery({
    queryKey: releasesKey(values.productId ?? ''),
    queryFn: ({ signal }) => api<{ items: Release[] }>(`/api/v1/products/${values.productId}/releases`, { signal }),
    enabled: values.productId !== null,
  });
  return (
    <>
      <Select
        label="Product"
        placeholder="Any"
        data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={values.productId}
        onChange={(v) => onChange({ ...values, productId: v, releaseId: null })}
        clearable
        searchable
        w={200}
      />
      <Select
        label="Release"
        placeholder={values.productId ? 'Any' : 'Choose a product first'}
        data={(releases.data?.items ?? []).map((r) => ({ value: r.id, label: r.version }))}
        value={values.releaseId}
        onChange={(v) => onChange({ ...values, releaseId: v })}
        disabled={values.productId === null}
        clearable
        w={170}
      />
    </>
  );
}
