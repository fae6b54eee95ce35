import { Alert, Anchor, Button, Group, Paper, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Page as ApiPage } from '../app/api.js';
import { LoadMore } from '../app/components.js';
import { IconPlus } from '../app/icons.js';
import { ErrorAlert, Loading, Page, QueryState } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { useSignedIn } from '../app/session.js';
import { formatCalendarDate, PRODUCTS_KEY, type Product } from '../portfolio/api.js';
import { useUrlState } from '../intel/useUrlState.js';
import { LIKELIHOOD_LEVELS, RISK_KEY, SEVERITY_LEVELS, STATUS_LABELS, levelLabel, riskPath, type HeatMapData, type RiskItem, type RiskStatus } from './api.js';
import { ClassBadge, RiskStatusBadge } from './badges.js';
import { HeatMap, type CellFilter } from './HeatMap.js';

interface Filters {
  readonly productId: string | null;
  readonly status: RiskStatus | null;
  readonly ownerId: string | null;
  readonly class: 'controlled' | 'uncontrolled' | null;
  readonly dueForReview: boolean;
  readonly q: string;
  readonly cell: CellFilter | null;
}

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | null => (allowed.includes(value as T) ? (value as T) : null);

function parse(params: URLSearchParams): Filters {
  const phase = oneOf(params.get('phase'), ['before', 'after'] as const);
  const likelihood = oneOf(params.get('likelihood'), LIKELIHOOD_LEVELS);
  const severity = oneOf(params.get('severity'), SEVERITY_LEVELS);
  return {
    productId: params.get('productId'),
    status: oneOf(params.get('status'), ['open', 'mitigating', 'accepted', 'closed'] as const),
    ownerId: params.get('ownerId'),
    class: oneOf(params.get('class'), ['controlled', 'uncontrolled'] as const),
    dueForReview: params.get('dueForReview') === 'true',
    q: params.get('q') ?? '',
    cell: likelihood && severity ? { phase: phase ?? 'after', likelihood, severity } : null,
  };
}

function serialize(f: Filters): Record<string, string> {
  const entries: [string, string | null][] = [
    ['productId', f.productId],
    ['status', f.status],
    ['ownerId', f.ownerId],
    ['class', f.class],
    ['dueForReview', f.dueForReview ? 'true' : null],
    ['q', f.q || null],
    ['phase', f.cell?.phase ?? null],
    ['likelihood', f.cell?.likelihood ?? null],
    ['severity', f.cell?.severity ?? null],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== null));
}

/** The API query for the filters; the heat map leaves the cell out (it shows every cell). */
function apiQuery(f: Filters, q: string, withCell: boolean): Record<string, string | undefined> {
  return {
    productId: f.productId ?? undefined,
    status: f.status ?? undefined,
    ownerId: f.ownerId ?? undefined,
    class: f.class ?? undefined,
    dueForReview: f.dueForReview ? 'true' : undefined,
    q: q || undefined,
    ...(withCell && f.cell ? { phase: f.cell.phase, likelihood: f.cell.likelihood, severity: f.cell.severity } : {}),
  };
}

const queryString = (query: Record<string, string | undefined>) => new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();

/** The risk register: due re-reviews, the heat maps, the filtered list and its CSV export. */
export default function RegisterPage() {
  const { can } = useSignedIn();
  const [filters, setFilters] = useUrlState(parse, serialize);
  const [q] = useDebouncedValue(filters.q.trim(), 250);
  const listQuery = apiQuery(filters, q, true);
  const list = usePagedList<RiskItem>([...RISK_KEY, 'list'], '/api/v1/risks', listQuery);
  const mapQuery = apiQuery(filters, q, false);
  const heat = useQuery({ queryKey: [...RISK_KEY, 'heatmap', mapQuery], queryFn: ({ signal }) => api<HeatMapData>('/api/v1/risks/heatmap', { query: mapQuery, signal }) });
  const due = useQuery({ queryKey: [...RISK_KEY, 'due'], queryFn: ({ signal }) => api<ApiPage<RiskItem>>('/api/v1/risks', { query: { dueForReview: 'true', limit: 200 }, signal }) });
  const dueCount = due.data?.items.length ?? 0;
  const csvHref = `/api/v1/risks.csv${queryString(listQuery) ? `?${queryString(listQuery)}` : ''}`;
  return (
    <Page
      title="Risk register"
      description="Security risks per product with the hazardous situation and harm they can lead to, their likelihood (exploitability) and severity before and after controls, and the acceptance of residual risk — ISO 14971-style risk management as JSP 2.0 and FDA’s postmarket guidance expect."
      actions={
        <>
          <Button component="a" href={csvHref} download variant="default">
            Download CSV
          </Button>
          {can('risk.write') ? (
            <Button component={Link} to="/risk/new" leftSection={<IconPlus size={18} />}>
              Add risk item
            </Button>
          ) : null}
        </>
      }
    >
      {dueCount > 0 ? (
        <Alert color="orange" variant="light" title="Due for re-review" role="status">
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {dueCount === 200 ? '200 or more' : dueCount} accepted risk item{dueCount === 1 ? ' has' : 's have'} reached the re-review date of {dueCount === 1 ? 'its' : 'their'} acceptance.
            </Text>
            <Button size="xs" variant="default" onClick={() => setFilters({ ...filters, dueForReview: true })}>
              Show them
            </Button>
          </Group>
        </Alert>
      ) : null}
      <QueryState query={heat} loadingLabel="Loading the heat map…">
        {(data) => <HeatMap data={data} selected={filters.cell} onSelect={(cell) => setFilters({ ...filters, cell })} />}
      </QueryState>
      <Paper withBorder radius="md" p="md" component="section" aria-label="Risk items">
        <Stack gap="sm">
          <RegisterFilters filters={filters} onChange={setFilters} />
          {filters.cell ? (
            <Group gap="xs">
              <Text size="sm">
                Cell {filters.cell.phase === 'before' ? 'before' : 'after'} controls: {levelLabel(filters.cell.likelihood)} × {levelLabel(filters.cell.severity)}
              </Text>
              <Button size="compact-xs" variant="subtle" onClick={() => setFilters({ ...filters, cell: null })}>
                Clear cell
              </Button>
            </Group>
          ) : null}
          {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          {!list.items && !list.error ? <Loading label="Loading risk items…" /> : null}
          {list.items && list.items.length === 0 ? (
            <Text c="dimmed" py="md">
              No risk item matches these filters.
            </Text>
          ) : null}
          {list.items && list.items.length > 0 ? <RiskRows items={list.items} /> : null}
          {list.items && list.items.length > 0 ? <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="risk items" /> : null}
        </Stack>
      </Paper>
    </Page>
  );
}

function RegisterFilters({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }) {
  const products = useQuery({ queryKey: [...PRODUCTS_KEY, 'options'], queryFn: ({ signal }) => api<ApiPage<Product>>('/api/v1/products', { query: { limit: 200 }, signal }) });
  const members = useQuery({ queryKey: ['members', 'options'], queryFn: ({ signal }) => api<ApiPage<{ userId: string; name: string; email: string }>>('/api/v1/members', { query: { limit: 200 }, signal }) });
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter risk items">
      <TextInput label="Search" placeholder="Title, threat, harm…" type="search" value={filters.q} onChange={(e) => set('q', e.currentTarget.value)} maxLength={200} w={220} />
      <Select label="Product" placeholder="Any" data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} value={filters.productId} onChange={(v) => set('productId', v)} clearable searchable w={220} />
      <Select label="Status" placeholder="Any" data={(Object.keys(STATUS_LABELS) as RiskStatus[]).map((s) => ({ value: s, label: STATUS_LABELS[s] }))} value={filters.status} onChange={(v) => set('status', v as RiskStatus | null)} clearable w={150} />
      <Select label="Residual risk" placeholder="Any" data={[{ value: 'uncontrolled', label: 'Uncontrolled' }, { value: 'controlled', label: 'Controlled' }]} value={filters.class} onChange={(v) => set('class', v as Filters['class'])} clearable w={160} />
      <Select label="Owner" placeholder="Anyone" data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name }))} value={filters.ownerId} onChange={(v) => set('ownerId', v)} clearable searchable w={190} />
      <Switch label="Due for re-review" checked={filters.dueForReview} onChange={(e) => set('dueForReview', e.currentTarget.checked)} mb={8} />
    </Group>
  );
}

function RiskRows({ items }: { items: RiskItem[] }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table className="data-table" highlightOnHover aria-label="Risk items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Risk item</Table.Th>
            <Table.Th scope="col">Product</Table.Th>
            <Table.Th scope="col">Before controls</Table.Th>
            <Table.Th scope="col">Residual</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col">Acceptance expires</Table.Th>
            <Table.Th scope="col">Findings</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Th scope="row">
                <Anchor component={Link} to={riskPath(r.id)} fw={600} size="sm">
                  {r.title}
                </Anchor>
              </Table.Th>
              <Table.Td>{r.productName}</Table.Td>
              <Table.Td>
                <ClassBadge riskClass={r.initialClass} likelihood={r.likelihood} severity={r.severity} />
              </Table.Td>
              <Table.Td>
                <ClassBadge riskClass={r.residualClass} likelihood={r.residualLikelihood} severity={r.residualSeverity} />
              </Table.Td>
              <Table.Td>
                <RiskStatusBadge status={r.status} />
              </Table.Td>
              <Table.Td>{r.owner?.name ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {r.acceptance ? formatCalendarDate(r.acceptance.expiresOn) : '—'}
                {r.acceptance?.dueForReview ? (
                  <Text size="xs" c="orange.9" fw={600}>
                    Re-review due
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{r.findingIds.length}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
