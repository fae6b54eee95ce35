import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../app/api.js';
import { StatusBadge } from '../app/components.js';
import { formatDateTime } from '../app/format.js';
import { Page, QueryState } from '../app/Page.js';
import { STAGE_COLORS, STAGE_LABELS, type LifecycleStage } from '../portfolio/api.js';
import { SBOMS_KEY, type SbomOverview } from './api.js';

/** Every release's current SBOM, with how many components still lack support data. */
export default function SbomsPage() {
  const query = useQuery({ queryKey: [...SBOMS_KEY, 'overview'], queryFn: ({ signal }) => api<{ items: SbomOverview[] }>('/api/v1/sboms', { signal }) });
  return (
    <Page title="SBOMs" description="The current SBOM of every release. Open a release to browse, fix gaps, compare and export; upload SBOMs from the release page.">
      <QueryState query={query} loadingLabel="Loading SBOMs…">
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">
              No SBOMs yet. Open a release in the{' '}
              <Anchor component={Link} to="/portfolio">
                portfolio
              </Anchor>{' '}
              to upload one.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table className="data-table" highlightOnHover aria-label="Current SBOMs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Product</Table.Th>
                    <Table.Th scope="col">Release</Table.Th>
                    <Table.Th scope="col">Stage</Table.Th>
                    <Table.Th scope="col">Format</Table.Th>
                    <Table.Th scope="col">Revision</Table.Th>
                    <Table.Th scope="col">Components</Table.Th>
                    <Table.Th scope="col">Missing support data</Table.Th>
                    <Table.Th scope="col">Imported</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => (
                    <Table.Tr key={s.sbomId}>
                      <Table.Td>{s.productName}</Table.Td>
                      <Table.Th scope="row">
                        <Anchor component={Link} to={`/portfolio/${s.productId}/releases/${s.releaseId}`} className="mono">
                          {s.releaseVersion}
                        </Anchor>
                      </Table.Th>
                      <Table.Td miw={160}>
                        <StatusBadge color={STAGE_COLORS[s.lifecycleStage as LifecycleStage] ?? 'gray'}>{STAGE_LABELS[s.lifecycleStage as LifecycleStage] ?? s.lifecycleStage}</StatusBadge>
                      </Table.Td>
                      <Table.Td>
                        {s.format === 'cyclonedx' ? 'CycloneDX' : 'SPDX'} {s.specVersion}
                      </Table.Td>
                      <Table.Td>{s.revision}</Table.Td>
                      <Table.Td>{s.componentCount.toLocaleString()}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/portfolio/${s.productId}/releases/${s.releaseId}?tab=quality`} size="sm" c={s.componentsWithoutSupportData > 0 ? 'orange.9' : 'teal.9'}>
                          {s.componentsWithoutSupportData === 0 ? 'None' : `${s.componentsWithoutSupportData} components`}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDateTime(s.importedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Page>
  );
}
