import { Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../app/api.js';
import { LoadMore } from '../app/components.js';
import { ErrorAlert, Loading } from '../app/Page.js';
import { Missing } from '../sbom/ComponentsTable.js';
import { coverageKey, type Coverage } from './api.js';

function Total({ label, value, of }: { label: string; value: number; of: number }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" fw={650} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text fz={24} fw={700} mt={2}>
        {value.toLocaleString()}
      </Text>
      {of > 0 ? (
        <Text size="xs" c="dimmed">
          {Math.round((value / of) * 100)}% of {of.toLocaleString()}
        </Text>
      ) : null}
    </Paper>
  );
}

/**
 * How much of the release's current SBOM intelligence can reach: components matched by
 * package URL, by CPE only, and the unmatchable ones with the reason, so that nothing is
 * silently left out of matching.
 */
export function CoveragePanel({ releaseId, sbomId }: { releaseId: string; sbomId: string }) {
  const query = useInfiniteQuery({
    queryKey: coverageKey(releaseId, sbomId),
    queryFn: ({ pageParam, signal }) => api<Coverage>(`/api/v1/releases/${releaseId}/coverage`, { query: { limit: 100, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const pages = query.data?.pages ?? [];
  const first = pages[0];
  if (!first) return <Loading label="Checking coverage…" />;
  const items = pages.flatMap((p) => p.items);
  const { totals } = first;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Total label="Components" value={totals.components} of={0} />
        <Total label="Matchable by package URL" value={totals.byPurl} of={totals.components} />
        <Total label="Matchable by CPE only" value={totals.byCpeOnly} of={totals.components} />
        <Total label="Unmatchable" value={totals.unmatchable} of={totals.components} />
      </SimpleGrid>
      {totals.unmatchable === 0 ? (
        <Text size="sm" c="teal.9">
          Every component has a package URL or CPE and a version that intelligence can be matched against.
        </Text>
      ) : (
        <>
          <Text size="sm">
            These components cannot be matched against any vulnerability record. Add a package URL (or a CPE) and a version to the SBOM to bring them in.
          </Text>
          <UnmatchableTable items={items} />
          <LoadMore hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} shown={items.length} noun={`of ${totals.unmatchable} unmatchable components`} />
        </>
      )}
    </Stack>
  );
}

function UnmatchableTable({ items }: { items: Coverage['items'] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table className="data-table" aria-label="Unmatchable components">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Component</Table.Th>
            <Table.Th scope="col">Version</Table.Th>
            <Table.Th scope="col">Package URL / CPE</Table.Th>
            <Table.Th scope="col">Why it cannot be matched</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.ref}>
              <Table.Th scope="row" fw={600}>
                {c.group ? `${c.group}/` : ''}
                {c.name}
              </Table.Th>
              <Table.Td className="mono">{c.version ?? <Missing />}</Table.Td>
              <Table.Td className="mono" fz="xs" maw={320} style={{ overflowWrap: 'anywhere' }}>
                {c.purl ?? c.cpe ?? <Missing />}
                {c.purl && c.cpe ? (
                  <>
                    <br />
                    {c.cpe}
                  </>
                ) : null}
              </Table.Td>
              <Table.Td>
                {c.reasons.map((r) => (
                  <Text key={r.code} size="sm">
                    {r.message}
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
