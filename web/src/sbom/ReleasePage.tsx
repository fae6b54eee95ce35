import { Anchor, Button, Group, Menu, Paper, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { StatusBadge } from '../app/components.js';
import { formatDateTime } from '../app/format.js';
import { IconChevronDown } from '../app/icons.js';
import { Loading, Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { formatCalendarDate, STAGE_COLORS, STAGE_LABELS, type Release } from '../portfolio/api.js';
import { LifecycleTimeline } from '../portfolio/LifecycleTimeline.js';
import { ENCODING_LABELS, EXPORT_FORMATS, formatBytes, type Sbom } from './api.js';
import { ComponentsTable } from './ComponentsTable.js';
import { productQuery, releaseQuery, releaseSbomsQuery } from './queries.js';
import { UploadSbom } from './UploadSbom.js';

// The components table is what the page opens on; the other tabs and the VEX panel load their
// code when shown, so the first page of components does not wait for code it does not use.
const CoveragePanel = lazy(() => import('../intel/CoveragePanel.js').then((m) => ({ default: m.CoveragePanel })));
const ReleaseFindings = lazy(() => import('../intel/ReleaseFindings.js').then((m) => ({ default: m.ReleaseFindings })));
const DependencyTree = lazy(() => import('./DependencyTree.js').then((m) => ({ default: m.DependencyTree })));
const DiffPanel = lazy(() => import('./DiffPanel.js').then((m) => ({ default: m.DiffPanel })));
const QualityPanel = lazy(() => import('./QualityPanel.js').then((m) => ({ default: m.QualityPanel })));
const VexPanel = lazy(() => import('../triage/VexPanel.js').then((m) => ({ default: m.VexPanel })));

/** The release's SBOM revisions (the first page of the current SBOM's components follows at once). */
function useReleaseSboms(releaseId: string) {
  const client = useQueryClient();
  return useQuery(releaseSbomsQuery(client, releaseId));
}

/** One release: its lifecycle, its SBOM revisions, and the explorer over the current SBOM. */
export default function ReleasePage() {
  const { productId = '', releaseId = '' } = useParams();
  const product = useQuery(productQuery(productId));
  const release = useQuery(releaseQuery(productId, releaseId));
  // Started here, beside the release, so the SBOM and its first page of components do not wait for it.
  useReleaseSboms(releaseId);
  const title = release.data && product.data ? `${product.data.name} ${release.data.version}` : 'Release';
  return (
    <Page
      title={title}
      description={
        <Anchor component={Link} to={`/portfolio/${productId}`} size="sm">
          ← {product.data?.name ?? 'Product'}
        </Anchor>
      }
    >
      <QueryState query={release} loadingLabel="Loading release…">
        {(r) => (
          <>
            <ReleaseSummary release={r} />
            <SbomSection productId={productId} release={r} />
            <Suspense fallback={<Loading />}>
              <VexPanel releaseId={r.id} />
            </Suspense>
          </>
        )}
      </QueryState>
    </Page>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={650} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text size="sm" mt={2} component="div">
        {children}
      </Text>
    </div>
  );
}

function ReleaseSummary({ release: r }: { release: Release }) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Lifecycle">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
        <Fact label="Stage">
          <StatusBadge color={STAGE_COLORS[r.lifecycleStage]}>{STAGE_LABELS[r.lifecycleStage]}</StatusBadge>
        </Fact>
        <Fact label="Released">{formatCalendarDate(r.releaseDate)}</Fact>
        <Fact label="End of life">{formatCalendarDate(r.endOfLifeDate)}</Fact>
        <Fact label="End of guaranteed support">{formatCalendarDate(r.endOfGuaranteedSupportDate)}</Fact>
        <Fact label="End of support">{formatCalendarDate(r.endOfSupportDate)}</Fact>
        <Fact label="Release notes">
          {r.releaseNotesUrl ? (
            <Anchor href={r.releaseNotesUrl} target="_blank" rel="noreferrer noopener">
              Open (new tab)
            </Anchor>
          ) : (
            '—'
          )}
        </Fact>
      </SimpleGrid>
      <Stack mt="md" gap={4}>
        <LifecycleTimeline release={r} />
      </Stack>
    </Paper>
  );
}

function SbomSection({ productId, release }: { productId: string; release: Release }) {
  const { can } = useSignedIn();
  const sboms = useReleaseSboms(release.id);
  return (
    <QueryState query={sboms} loadingLabel="Loading SBOMs…">
      {({ items }) => {
        const current = items.find((s) => s.isCurrent);
        if (!current) {
          return (
            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="sbom-heading">
              <Title order={2} size="h4" id="sbom-heading" mb="xs">
                SBOM
              </Title>
              <Text c="dimmed" mb="md">
                This release has no SBOM yet. FDA and the JSP expect a machine-readable SBOM for every marketed version.
              </Text>
              {can('sbom.import') ? <UploadSbom releaseId={release.id} /> : null}
            </Paper>
          );
        }
        return (
          <>
            <CurrentSbom sbom={current} revisions={items} releaseId={release.id} canImport={can('sbom.import')} />
            <Explorer sbom={current} productId={productId} release={release} />
          </>
        );
      }}
    </QueryState>
  );
}

function CurrentSbom({ sbom, revisions, releaseId, canImport }: { sbom: Sbom; revisions: Sbom[]; releaseId: string; canImport: boolean }) {
  const warnings = sbom.issues.filter((i) => i.severity === 'warning');
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="sbom-heading">
      <Group justify="space-between" align="flex-start" wrap="wrap" mb="md">
        <Title order={2} size="h4" id="sbom-heading">
          SBOM — revision {sbom.revision}
        </Title>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} />}>
              Export
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {EXPORT_FORMATS.map((f) => (
              <Menu.Item key={f.value} component="a" href={`/api/v1/sboms/${sbom.id}/export?format=${f.value}`} download>
                {f.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" mb="md">
        <Fact label="Format">
          {ENCODING_LABELS[sbom.encoding]} {sbom.specVersion}
        </Fact>
        <Fact label="Components">{sbom.componentCount.toLocaleString()}</Fact>
        <Fact label="Author">{sbom.authors.join(', ') || sbom.supplier || '—'}</Fact>
        <Fact label="Made">{sbom.created ?? '—'}</Fact>
        <Fact label="Tools">{sbom.tools.map((t) => [t.vendor, t.name, t.version].filter(Boolean).join(' ')).join(', ') || '—'}</Fact>
        <Fact label="Imported">
          {formatDateTime(sbom.importedAt)}
          {sbom.importedBy ? ` by ${sbom.importedBy}` : ''}
        </Fact>
      </SimpleGrid>
      {warnings.length > 0 ? (
        <Text size="sm" c="orange.9" mb="sm">
          {warnings.length} warning(s) while reading: {warnings.slice(0, 3).map((w) => w.message).join(' · ')}
        </Text>
      ) : null}
      {canImport ? <UploadSbom releaseId={releaseId} label="Upload a new revision" /> : null}
      {revisions.length > 1 ? <Revisions revisions={revisions} /> : null}
    </Paper>
  );
}

function Revisions({ revisions }: { revisions: Sbom[] }) {
  return (
    <details style={{ marginTop: 12 }}>
      <summary>
        <Text span size="sm" fw={600}>
          History: {revisions.length} revisions
        </Text>
      </summary>
      <Table className="data-table" mt="xs" aria-label="SBOM revisions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Revision</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th>Components</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>Imported</Table.Th>
            <Table.Th>Original</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {revisions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {s.revision}
                {s.isCurrent ? ' (current)' : ''}
              </Table.Td>
              <Table.Td>
                {ENCODING_LABELS[s.encoding]} {s.specVersion}
              </Table.Td>
              <Table.Td>{s.componentCount}</Table.Td>
              <Table.Td>{formatBytes(s.sizeBytes)}</Table.Td>
              <Table.Td className="mono" fz="xs">
                {s.contentHash.slice(0, 16)}…
              </Table.Td>
              <Table.Td>{formatDateTime(s.importedAt)}</Table.Td>
              <Table.Td>
                <Anchor href={`/api/v1/sboms/${s.id}/export?format=original`} download size="sm">
                  Download
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}

const TABS = ['components', 'tree', 'quality', 'compare', 'findings', 'coverage'] as const;

function Explorer({ sbom, productId, release }: { sbom: Sbom; productId: string; release: Release }) {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'components';
  const basePath = `/portfolio/${productId}/releases/${release.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="SBOM explorer">
      <Tabs value={tab} onChange={(t) => setParams(t && t !== 'components' ? { tab: t } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="components">Components</Tabs.Tab>
          <Tabs.Tab value="tree">Dependency tree</Tabs.Tab>
          <Tabs.Tab value="quality">Quality</Tabs.Tab>
          <Tabs.Tab value="compare">Compare releases</Tabs.Tab>
          <Tabs.Tab value="findings">Findings</Tabs.Tab>
          <Tabs.Tab value="coverage">Coverage</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="components">
          <ComponentsTable sbomId={sbom.id} basePath={basePath} />
        </Tabs.Panel>
        <Tabs.Panel value="tree">
          <Suspense fallback={<Loading />}>
            <DependencyTree sbomId={sbom.id} basePath={basePath} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="quality">
          <Suspense fallback={<Loading />}>
            <QualityPanel sbomId={sbom.id} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="compare">
          <Suspense fallback={<Loading />}>
            <DiffPanel productId={productId} release={release} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="findings">
          <Suspense fallback={<Loading />}>
            <ReleaseFindings releaseId={release.id} sbomId={sbom.id} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="coverage">
          <Suspense fallback={<Loading />}>
            <CoveragePanel releaseId={release.id} sbomId={sbom.id} />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
