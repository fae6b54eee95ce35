import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, Navigate, Route, Routes } from 'react-router';
import { LoadMore } from '../app/components.js';
import { IconBug } from '../app/icons.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { formatPercent, VULNERABILITIES_KEY, vulnerabilityPath, type VulnerabilitySummary } from './api.js';
import { KevBadge, SeverityBadge } from './badges.js';
import { useUrlState } from './useUrlState.js';
import VulnerabilityPage from './VulnerabilityPage.js';

/** /vulnerabilities searches the organization's intelligence; /vulnerabilities/:vulnId is one vulnerability. */
export default function VulnerabilitiesPage() {
  return (
    <Routes>
      <Route index element={<VulnerabilitySearch />} />
      <Route path=":vulnId" element={<VulnerabilityPage />} />
      <Route path="*" element={<Navigate to="/vulnerabilities" replace />} />
    </Routes>
  );
}

const searchText = (params: URLSearchParams) => params.get('q') ?? '';
const searchParams = (q: string): Record<string, string> => (q ? { q } : {});

function VulnerabilitySearch() {
  const [text, setText] = useUrlState(searchText, searchParams);
  const [q] = useDebouncedValue(text.trim(), 250);
  const list = usePagedList<VulnerabilitySummary>(VULNERABILITIES_KEY, '/api/v1/vulnerabilities', { q: q || undefined });
  return (
    <Page
      title="Vulnerabilities"
      description="The vulnerabilities your intelligence sources know about, merged across sources by their aliases. Search by CVE or GHSA id, any alias, or a package name or package URL."
      actions={
        <Button component={Link} to="/intel/sources" variant="default">
          Intelligence sources
        </Button>
      }
    >
      <Paper withBorder radius="md" p="md" component="section" aria-label="Vulnerability search">
        <Stack gap="sm">
          <TextInput
            label="Search vulnerabilities"
            placeholder="CVE-2021-44228, GHSA-jfh8-c2jp-5v3q, log4j-core or pkg:maven/…"
            type="search"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={200}
            maw={560}
          />
          {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          {!list.items && !list.error ? <Loading label="Searching…" /> : null}
          {list.items && list.items.length === 0 ? <NoResults searched={q !== ''} /> : null}
          {list.items && list.items.length > 0 ? <Results items={list.items} /> : null}
          {list.items && list.items.length > 0 ? <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="vulnerabilities" /> : null}
        </Stack>
      </Paper>
    </Page>
  );
}

function NoResults({ searched }: { searched: boolean }) {
  return (
    <Stack align="center" gap="xs" py="xl">
      <IconBug size={32} />
      <Text fw={600}>{searched ? 'No vulnerability matches' : 'No vulnerability records yet'}</Text>
      <Text c="dimmed" size="sm" ta="center" maw={480}>
        {searched ? (
          'Try the CVE id, another alias, or the package name without its version.'
        ) : (
          <>
            Add an OSV, NVD, KEV or EPSS source on the{' '}
            <Anchor component={Link} to="/intel/sources">
              intelligence sources
            </Anchor>{' '}
            page and import or sync it.
          </>
        )}
      </Text>
    </Stack>
  );
}

function Results({ items }: { items: VulnerabilitySummary[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table className="data-table" highlightOnHover aria-label="Vulnerabilities">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Vulnerability</Table.Th>
            <Table.Th scope="col">Aliases</Table.Th>
            <Table.Th scope="col">Summary</Table.Th>
            <Table.Th scope="col">Severity</Table.Th>
            <Table.Th scope="col">EPSS</Table.Th>
            <Table.Th scope="col" ta="right">
              Open findings
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((v) => (
            <Table.Tr key={v.vulnId}>
              <Table.Th scope="row">
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={vulnerabilityPath(v.vulnId)} className="mono" fw={600} size="sm">
                    {v.vulnId}
                  </Anchor>
                  {v.kev ? <KevBadge /> : null}
                </Group>
              </Table.Th>
              <Table.Td className="mono" fz="xs" maw={220} style={{ overflowWrap: 'anywhere' }}>
                {v.aliases.join(', ') || '—'}
              </Table.Td>
              <Table.Td maw={420}>
                <Text size="sm" lineClamp={2}>
                  {v.summary ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <SeverityBadge severity={v.severity} />
              </Table.Td>
              <Table.Td>{formatPercent(v.epss)}</Table.Td>
              <Table.Td ta="right">{v.affectedFindings}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
