import { Anchor, Button, Group, Paper, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Page as ApiPage } from '../app/api.js';
import { LoadMore } from '../app/components.js';
import { formatDateTime } from '../app/format.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { useSignedIn } from '../app/session.js';
import { useUrlState } from '../intel/useUrlState.js';
import { PRODUCTS_KEY, type Product } from '../portfolio/api.js';
import { CASES_KEY, CVD_STATES, STATE_LABELS, casePath, type CvdCase, type CvdState } from './api.js';
import { CaseStateBadge, NextClock } from './badges.js';

interface Filters {
  readonly state: CvdState | null;
  readonly open: boolean;
  readonly productId: string | null;
  readonly q: string;
}

function parse(params: URLSearchParams): Filters {
  const state = params.get('state');
  return {
    state: CVD_STATES.includes(state as CvdState) ? (state as CvdState) : null,
    // Open cases are what a PSIRT works on; closed ones are one switch away.
    open: params.get('open') !== 'false',
    productId: params.get('productId'),
    q: params.get('q') ?? '',
  };
}

function serialize(f: Filters): Record<string, string> {
  const entries: [string, string | null][] = [['state', f.state], ['open', f.open ? null : 'false'], ['productId', f.productId], ['q', f.q || null]];
  return Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== null));
}

/** /disclosure: the CVD cases, newest report first, with filters and "Load more". */
export default function CaseListPage() {
  const { can, activeOrganization } = useSignedIn();
  const [filters, setFilters] = useUrlState(parse, serialize);
  const [q] = useDebouncedValue(filters.q.trim(), 250);
  const query = { state: filters.state ?? undefined, open: filters.state ? undefined : filters.open ? 'true' : undefined, productId: filters.productId ?? undefined, q: q || undefined };
  const list = usePagedList<CvdCase>([...CASES_KEY, 'list'], '/api/v1/cvd/cases', query);
  const reportUrl = activeOrganization ? `/report/${activeOrganization.slug}` : null;
  return (
    <Page
      title="Disclosure (CVD)"
      description="Vulnerability reports from researchers and customers, coordinated from receipt to disclosure (ISO/IEC 29147 and 30111): acknowledge within five business days, update the reporter at least every 30 days, disclose by the target date."
      actions={
        <>
          {reportUrl ? (
            <Button component={Link} to={reportUrl} variant="default">
              Public report form
            </Button>
          ) : null}
          <Button component={Link} to="/disclosure/customers" variant="default">
            Customer contacts
          </Button>
          {can('provider.manage') ? (
            <Button component={Link} to="/disclosure/settings" variant="default">
              Intake key
            </Button>
          ) : null}
        </>
      }
    >
      <Paper withBorder radius="md" p="md" component="section" aria-label="Cases">
        <Stack gap="sm">
          <CaseFilters filters={filters} onChange={setFilters} />
          {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          {!list.items && !list.error ? <Loading label="Loading cases…" /> : null}
          {list.items && list.items.length === 0 ? (
            <Text c="dimmed" py="md">
              No case matches these filters.
            </Text>
          ) : null}
          {list.items && list.items.length > 0 ? <CaseRows items={list.items} /> : null}
          {list.items && list.items.length > 0 ? <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="cases" /> : null}
        </Stack>
      </Paper>
    </Page>
  );
}

function CaseFilters({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  const products = useQuery({ queryKey: [...PRODUCTS_KEY, 'options'], queryFn: ({ signal }) => api<ApiPage<Product>>('/api/v1/products', { query: { limit: 200 }, signal }) });
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter cases">
      <TextInput label="Search" placeholder="Title, description, reporter, CVE…" type="search" value={filters.q} onChange={(e) => set('q', e.currentTarget.value)} maxLength={200} w={260} />
      <Select label="State" placeholder="Any" data={CVD_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))} value={filters.state} onChange={(v) => set('state', v as CvdState | null)} clearable w={170} />
      <Select label="Product" placeholder="Any" data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} value={filters.productId} onChange={(v) => set('productId', v)} clearable searchable w={240} />
      <Switch label="Open cases only" checked={filters.open} disabled={filters.state !== null} onChange={(e) => set('open', e.currentTarget.checked)} mb={8} />
    </Group>
  );
}

function CaseRows({ items }: { items: CvdCase[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table className="data-table" highlightOnHover aria-label="CVD cases">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Report</Table.Th>
            <Table.Th scope="col">State</Table.Th>
            <Table.Th scope="col">Reporter</Table.Th>
            <Table.Th scope="col">Received</Table.Th>
            <Table.Th scope="col">Next clock</Table.Th>
            <Table.Th scope="col">CVE</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Th scope="row">
                <Anchor component={Link} to={casePath(c.id)} fw={600} size="sm">
                  {c.title}
                </Anchor>
                {c.productHint ? (
                  <Text size="xs" c="dimmed">
                    {c.productHint}
                  </Text>
                ) : null}
              </Table.Th>
              <Table.Td>
                <CaseStateBadge state={c.state} />
              </Table.Td>
              <Table.Td>{c.reporter.name ?? c.reporter.email ?? 'Anonymous'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.receivedAt)}</Table.Td>
              <Table.Td>
                <NextClock clocks={c.clocks} disclosureTarget={c.disclosureTarget} />
              </Table.Td>
              <Table.Td>{c.cveIds.join(', ') || (c.cveRequested ? 'Requested' : '—')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
