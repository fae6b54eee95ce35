import { Anchor, Badge, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.js';
import { LoadMore } from '../app/components.js';
import { ErrorAlert, Loading } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { formatCalendarDate } from '../portfolio/api.js';
import { sbomKey, type Component, type Facet, type Facets } from './api.js';
import { COMPONENTS_PAGE, componentsPath } from './queries.js';

const MISSING_OPTIONS = [
  { value: 'supplier', label: 'No supplier' },
  { value: 'version', label: 'No version' },
  { value: 'purl', label: 'No package URL' },
  { value: 'license', label: 'No licence' },
  { value: 'levelOfSupport', label: 'No level of support' },
  { value: 'endOfSupport', label: 'No end-of-support date' },
];

const facetOptions = (facet: Facet | undefined) =>
  (facet ?? []).filter((f): f is { value: string; count: number } => f.value !== null).map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }));

/** A link to a component's page; refs can hold any character, so they travel as a query parameter. */
export function componentPath(base: string, ref: string): string {
  return `${base}/component?ref=${encodeURIComponent(ref)}`;
}

/**
 * The SBOM's components in document order, 100 at a time, with a text search (name, group,
 * purl) and filters by licence, supplier, level of support and missing data.
 */
export function ComponentsTable({ sbomId, basePath }: { sbomId: string; basePath: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [license, setLicense] = useState<string | null>(null);
  const [supplier, setSupplier] = useState<string | null>(null);
  const [level, setLevel] = useState<string | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const query = { search: debounced || undefined, license: license ?? undefined, supplier: supplier ?? undefined, levelOfSupport: level ?? undefined, missing: missing ?? undefined };
  const list = usePagedList<Component>(sbomKey(sbomId, 'components'), componentsPath(sbomId), query, { limit: COMPONENTS_PAGE });
  // The filter counts scan every component: they wait for the first page, which people read first.
  const facets = useQuery({ queryKey: sbomKey(sbomId, 'facets'), queryFn: ({ signal }) => api<Facets>(`/api/v1/sboms/${sbomId}/facets`, { signal }), enabled: list.items !== undefined });

  return (
    <>
      <Group gap="sm" align="flex-end" wrap="wrap" mb="sm">
        <TextInput label="Search" placeholder="Name, group or package URL" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} />
        <Select label="Licence" placeholder="Any" data={facetOptions(facets.data?.license)} value={license} onChange={setLicense} clearable searchable w={200} />
        <Select label="Supplier" placeholder="Any" data={facetOptions(facets.data?.supplier)} value={supplier} onChange={setSupplier} clearable searchable w={200} />
        <Select label="Level of support" placeholder="Any" data={facetOptions(facets.data?.levelOfSupport)} value={level} onChange={setLevel} clearable w={200} />
        <Select label="Missing" placeholder="Anything" data={MISSING_OPTIONS} value={missing} onChange={setMissing} clearable w={210} />
      </Group>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {!list.items && !list.error ? <Loading label="Loading components…" /> : null}
      {list.items ? (
        list.items.length === 0 ? (
          <Text c="dimmed" py="md">
            No component matches these filters.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={1100}>
            <Table className="data-table" highlightOnHover horizontalSpacing="sm" aria-label="Components">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Component</Table.Th>
                  <Table.Th scope="col">Version</Table.Th>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Licence</Table.Th>
                  <Table.Th scope="col">Supplier</Table.Th>
                  <Table.Th scope="col">Level of support</Table.Th>
                  <Table.Th scope="col">End of support</Table.Th>
                  <Table.Th scope="col">Package URL</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((c) => (
                  <Table.Tr key={c.ref}>
                    <Table.Th scope="row" fw={600}>
                      <Anchor component={Link} to={componentPath(basePath, c.ref)} size="sm">
                        {c.group ? `${c.group}/` : ''}
                        {c.name}
                      </Anchor>
                      {c.parentRef ? (
                        <Badge size="xs" variant="light" color="gray" ml={6} tt="none">
                          nested
                        </Badge>
                      ) : null}
                    </Table.Th>
                    <Table.Td className="mono">{c.version ?? <Missing />}</Table.Td>
                    <Table.Td>{c.type}</Table.Td>
                    <Table.Td>{c.license ?? <Missing />}</Table.Td>
                    <Table.Td>{c.supplier ?? <Missing />}</Table.Td>
                    <Table.Td>{c.levelOfSupport ?? <Missing />}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.endOfSupport ? formatCalendarDate(c.endOfSupport) : <Missing />}</Table.Td>
                    <Table.Td className="mono" fz="xs" maw={320} style={{ overflowWrap: 'anywhere' }}>
                      {c.purl ?? <Missing />}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      ) : null}
      {list.items ? <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="components" /> : null}
    </>
  );
}

export function Missing() {
  return (
    <Text span c="dimmed" size="sm">
      —<span className="visually-hidden">not recorded</span>
    </Text>
  );
}
