import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../app/api.js';
import { Page, QueryState } from '../app/Page.js';
import { formatCalendarDate } from '../portfolio/api.js';
import { releaseSbomsKey, sbomKey, type ComponentDetail, type Sbom } from './api.js';
import { componentPath, Missing } from './ComponentsTable.js';

/** Everything stored about one component of a release's current SBOM. */
export default function ComponentPage() {
  const { productId = '', releaseId = '' } = useParams();
  const [params] = useSearchParams();
  const ref = params.get('ref') ?? '';
  const basePath = `/portfolio/${productId}/releases/${releaseId}`;
  const sboms = useQuery({ queryKey: releaseSbomsKey(releaseId), queryFn: ({ signal }) => api<{ items: Sbom[] }>(`/api/v1/releases/${releaseId}/sboms`, { signal }) });
  const sbomId = sboms.data?.items.find((s) => s.isCurrent)?.id ?? '';
  const component = useQuery({
    queryKey: sbomKey(sbomId, `component:${ref}`),
    queryFn: ({ signal }) => api<ComponentDetail>(`/api/v1/sboms/${sbomId}/component`, { query: { ref }, signal }),
    enabled: Boolean(sbomId && ref),
  });
  const c = component.data;
  return (
    <Page
      title={c ? `${c.name}${c.version ? ` ${c.version}` : ''}` : 'Component'}
      description={
        <Anchor component={Link} to={basePath} size="sm">
          ← Release SBOM
        </Anchor>
      }
    >
      {sboms.error ? <QueryState query={sboms}>{() => null}</QueryState> : <QueryState query={component} loadingLabel="Loading component…">{(detail) => <Details component={detail} basePath={basePath} />}</QueryState>}
    </Page>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={650} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} mt={2} style={{ overflowWrap: 'anywhere' }}>
        {children ?? <Missing />}
      </Text>
    </div>
  );
}

function RefList({ title, items, basePath, empty }: { title: string; items: { ref: string; name: string; version: string | null }[]; basePath: string; empty: string }) {
  return (
    <div>
      <Title order={3} size="h6" mb={4}>
        {title}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap={2}>
          {items.map((i) => (
            <Anchor key={i.ref} component={Link} to={componentPath(basePath, i.ref)} size="sm">
              {i.name} {i.version ?? ''}
            </Anchor>
          ))}
        </Stack>
      )}
    </div>
  );
}

function Details({ component: c, basePath }: { component: ComponentDetail; basePath: string }) {
  return (
    <>
      <Paper withBorder radius="md" p="lg" component="section" aria-label="Identity">
        <SimpleGrid component="dl" m={0} cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <Field label="Type">{c.type}</Field>
          <Field label="Group">{c.group}</Field>
          <Field label="Version">{c.version}</Field>
          <Field label="Package URL">{c.purl ? <span className="mono">{c.purl}</span> : null}</Field>
          <Field label="CPE">{c.cpe ? <span className="mono">{c.cpe}</span> : null}</Field>
          <Field label="bom-ref / SPDXID">
            <span className="mono">{c.ref}</span>
          </Field>
          <Field label="Supplier">{c.supplier}</Field>
          <Field label="Publisher">{c.publisher}</Field>
          <Field label="Authors">{c.authors.length ? c.authors.join(', ') : null}</Field>
          <Field label="Licence">{c.license}</Field>
          <Field label="Copyright">{c.copyright}</Field>
          <Field label="Scope">{c.scope}</Field>
          <Field label="Level of support">{c.levelOfSupport}</Field>
          <Field label="End of support">{c.endOfSupport ? formatCalendarDate(c.endOfSupport) : null}</Field>
        </SimpleGrid>
        {c.description ? (
          <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {c.description}
          </Text>
        ) : null}
      </Paper>
      <Paper withBorder radius="md" p="lg" component="section" aria-label="Relationships">
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          <RefList title="Depends on" basePath={basePath} items={c.dependsOn.map((ref) => ({ ref, name: ref, version: null }))} empty="No dependencies recorded." />
          <RefList title="Used by" basePath={basePath} items={c.dependents} empty="Nothing in this SBOM depends on it." />
          <RefList title="Nested components" basePath={basePath} items={c.children} empty="None." />
        </SimpleGrid>
      </Paper>
      {c.hashes.length + c.externalReferences.length + c.properties.length > 0 ? (
        <Paper withBorder radius="md" p="lg" component="section" aria-label="Hashes, references and properties">
          <Stack gap="md">
            {c.hashes.length ? (
              <Table className="data-table" aria-label="Hashes">
                <Table.Tbody>
                  {c.hashes.map((h) => (
                    <Table.Tr key={h.alg + h.content}>
                      <Table.Th w={140}>{h.alg}</Table.Th>
                      <Table.Td className="mono" fz="xs" style={{ overflowWrap: 'anywhere' }}>
                        {h.content}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : null}
            {c.externalReferences.length ? (
              <Stack gap={4} aria-label="External references">
                {c.externalReferences.map((r, i) => (
                  <Group key={i} gap="xs" wrap="nowrap">
                    <Badge variant="light" color="gray" tt="none">
                      {r.type}
                    </Badge>
                    <Anchor href={r.url} target="_blank" rel="noreferrer noopener" size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {r.url}
                    </Anchor>
                  </Group>
                ))}
              </Stack>
            ) : null}
            {c.properties.length ? (
              <Table className="data-table" aria-label="Properties">
                <Table.Tbody>
                  {c.properties.map((p, i) => (
                    <Table.Tr key={i}>
                      <Table.Th w={280} className="mono" fz="xs">
                        {p.name}
                      </Table.Th>
                      <Table.Td fz="sm">{p.value}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
    </>
  );
}
