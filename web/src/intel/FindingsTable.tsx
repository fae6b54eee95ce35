import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { LoadMore } from '../app/components.js';
import { formatDate } from '../app/format.js';
import { ErrorAlert, Loading } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { FINDINGS_KEY, findingPath, formatPercent, releasePath, type Finding } from './api.js';
import { FindingStatusBadge, KevBadge, SeverityBadge } from './badges.js';
import { FindingFilters, type FindingFilterValues } from './FindingFilters.js';

/** The API query for a set of filters; a release scope overrides the product/release filters. */
function findingsQuery(f: FindingFilterValues, q: string, vulnId: string, releaseId: string | undefined): Record<string, string | undefined> {
  return {
    status: f.status === 'all' ? undefined : f.status,
    severity: f.severity ?? undefined,
    kev: f.kev ?? undefined,
    epssMin: f.epssMin ?? undefined,
    productId: releaseId ? undefined : (f.productId ?? undefined),
    releaseId: releaseId ?? f.releaseId ?? undefined,
    q: q || undefined,
    vulnId: vulnId || undefined,
    sort: f.sort,
  };
}

/**
 * Findings with filters, 50 at a time. Across the portfolio it shows product and release;
 * scoped to one release (`releaseId`) it leaves them out, and `sbomId` (the release's
 * current SBOM) keys the cache so that a new revision's findings are fetched at once.
 */
export function FindingsTable({ filters, onChange, releaseId, sbomId }: { filters: FindingFilterValues; onChange: (next: FindingFilterValues) => void; releaseId?: string; sbomId?: string }) {
  const [q] = useDebouncedValue(filters.q.trim(), 250);
  const [vulnId] = useDebouncedValue(filters.vulnId.trim(), 250);
  const list = usePagedList<Finding>([...FINDINGS_KEY, sbomId ?? 'portfolio'], '/api/v1/findings', findingsQuery(filters, q, vulnId, releaseId));
  const scoped = releaseId !== undefined;
  return (
    <Stack gap="sm">
      <FindingFilters values={filters} onChange={onChange} scoped={scoped} />
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {!list.items && !list.error ? <Loading label="Loading findings…" /> : null}
      {list.items && list.items.length === 0 ? (
        <Text c="dimmed" py="md">
          {filters.status === 'affected' ? 'No open finding matches these filters.' : 'No finding matches these filters.'}
        </Text>
      ) : null}
      {list.items && list.items.length > 0 ? <FindingRows findings={list.items} scoped={scoped} /> : null}
      {list.items && list.items.length > 0 ? <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="findings" /> : null}
    </Stack>
  );
}

function FindingRows({ findings, scoped }: { findings: Finding[]; scoped: boolean }) {
  return (
    <Table.ScrollContainer minWidth={scoped ? 900 : 1100}>
      <Table className="data-table" highlightOnHover aria-label="Findings">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Vulnerability</Table.Th>
            <Table.Th scope="col">Severity</Table.Th>
            <Table.Th scope="col">EPSS</Table.Th>
            <Table.Th scope="col">Component</Table.Th>
            {scoped ? null : <Table.Th scope="col">Product and release</Table.Th>}
            <Table.Th scope="col">Matched by</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">First seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {findings.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Th scope="row">
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={findingPath(f.id)} className="mono" fw={600} size="sm">
                    {f.vulnId}
                  </Anchor>
                  {f.kev ? <KevBadge /> : null}
                </Group>
              </Table.Th>
              <Table.Td>
                <SeverityBadge severity={f.severity} />
              </Table.Td>
              <Table.Td>{formatPercent(f.epss)}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={600} span>
                  {f.componentName}
                </Text>{' '}
                <Text size="sm" className="mono" span>
                  {f.componentVersion ?? ''}
                </Text>
              </Table.Td>
              {scoped ? null : (
                <Table.Td>
                  <Anchor component={Link} to={releasePath(f.productId, f.releaseId)} size="sm">
                    {f.productName} {f.releaseVersion}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>
                {f.matchMethod === 'purl' ? 'Package URL' : 'CPE'} ({f.confidence})
              </Table.Td>
              <Table.Td>
                <FindingStatusBadge status={f.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(f.firstSeenAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
