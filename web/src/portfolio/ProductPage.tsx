import { Alert, Anchor, Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../app/api.js';
import { ConfirmDialog, DANGER, StatusBadge } from '../app/components.js';
import { formatDate, formatDateTime } from '../app/format.js';
import { IconAlert, IconChevronRight, IconInfo, IconPlus } from '../app/icons.js';
import { ErrorAlert, Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { formatCalendarDate, PRODUCTS_KEY, productKey, releasesKey, STAGE_COLORS, STAGE_LABELS, type Product, type Release } from './api.js';
import { LifecycleTimeline, TimelineLegend } from './LifecycleTimeline.js';
import { ProductFormDialog } from './ProductFormDialog.js';
import { ReleaseFormDialog } from './ReleaseFormDialog.js';
import { EnvironmentEditor } from '../scoring/EnvironmentEditor.js';

const REGULATORY_ID_LABELS: Record<string, string> = {
  fda510k: 'FDA 510(k)',
  pma: 'FDA PMA',
  deNovo: 'FDA De Novo',
  udiDi: 'UDI-DI',
  basicUdiDi: 'Basic UDI-DI',
  eudamedSrn: 'EUDAMED SRN',
  ceCertificate: 'CE certificate',
};

export default function ProductPage() {
  const { productId = '' } = useParams();
  const query = useQuery({ queryKey: productKey(productId), queryFn: ({ signal }) => api<Product>(`/api/v1/products/${productId}`, { signal }) });
  const product = query.data;
  return (
    <Page
      title={product?.name ?? 'Product'}
      description={
        <Anchor component={Link} to="/portfolio" size="sm">
          ← All products
        </Anchor>
      }
      actions={product ? <ProductActions product={product} /> : null}
    >
      <QueryState query={query} loadingLabel="Loading product…">
        {(p) => (
          <>
            {p.archivedAt ? (
              <Alert variant="light" color="gray" icon={<IconInfo />} title="Archived product">
                Archived on {formatDate(p.archivedAt)}. It is hidden from the portfolio list unless archived products are shown; its releases and history are kept.
              </Alert>
            ) : null}
            <ProductDetails product={p} />
            <Releases product={p} />
            <EnvironmentEditor productId={p.id} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

function ProductActions({ product }: { product: Product }) {
  const { can } = useSignedIn();
  const queryClient = useQueryClient();
  const [editOpened, edit] = useDisclosure(false);
  const [archiveOpened, archiveDialog] = useDisclosure(false);
  const setArchived = useMutation({
    mutationFn: (archived: boolean) => api<Product>(`/api/v1/products/${product.id}`, { method: 'PATCH', body: { archived } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(productKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
      archiveDialog.close();
    },
  });
  if (!can('portfolio.write')) return null;
  return (
    <>
      <Button variant="default" onClick={edit.open}>
        Edit product
      </Button>
      {product.archivedAt ? (
        <Button variant="default" onClick={() => setArchived.mutate(false)} loading={setArchived.isPending}>
          Restore product
        </Button>
      ) : (
        <Button variant="outline" color={DANGER} onClick={archiveDialog.open}>
          Archive product
        </Button>
      )}
      {setArchived.error && !archiveOpened ? <ErrorAlert error={setArchived.error} title="The product could not be restored" /> : null}
      <ProductFormDialog opened={editOpened} onClose={edit.close} product={product} />
      <ConfirmDialog
        opened={archiveOpened}
        title="Archive product"
        confirmLabel="Archive product"
        onClose={() => {
          archiveDialog.close();
          setArchived.reset();
        }}
        onConfirm={() => setArchived.mutate(true)}
        pending={setArchived.isPending}
        error={setArchived.error}
      >
        <Text>
          <strong>{product.name}</strong> will be hidden from the portfolio list. Its releases and history are kept, and you can restore it at any time.
        </Text>
      </ConfirmDialog>
    </>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={650} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Box component="dd" m={0} mt={4} fz="sm">
        {children}
      </Box>
    </div>
  );
}

const none = (
  <Text span c="dimmed" size="sm">
    Not recorded
  </Text>
);

function Chips({ values, mono }: { values: readonly string[]; mono?: boolean }) {
  if (values.length === 0) return none;
  return (
    <Group gap={6}>
      {values.map((v) => (
        <Badge key={v} variant="light" color="gray" radius="sm" tt="none" fw={500} className={mono ? 'mono' : undefined}>
          {v}
        </Badge>
      ))}
    </Group>
  );
}

function ProductDetails({ product: p }: { product: Product }) {
  const ids = Object.entries(p.regulatoryIds);
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="details-heading">
      <Title order={2} size="h4" id="details-heading" mb="md">
        Details
      </Title>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg" verticalSpacing="md" m={0}>
        <Detail label="Manufacturer">{p.manufacturer ?? none}</Detail>
        <Detail label="Model numbers">
          <Chips values={p.modelNumbers} mono />
        </Detail>
        <Detail label="Device class">{p.deviceClass ?? none}</Detail>
        <Detail label="Regulatory identifiers">
          {ids.length === 0 ? (
            none
          ) : (
            <Stack gap={2}>
              {ids.map(([key, value]) => (
                <Text key={key} size="sm">
                  {REGULATORY_ID_LABELS[key] ?? key}:{' '}
                  <Text span className="mono">
                    {value}
                  </Text>
                </Text>
              ))}
            </Stack>
          )}
        </Detail>
        <Detail label="Clinical function">{p.clinicalFunction ?? none}</Detail>
        <Detail label="Connectivity">
          <Chips values={p.connectivity} />
        </Detail>
      </SimpleGrid>
      <Box component="dl" m={0} mt="md">
        <Stack gap="md">
          <Detail label="Intended use">{p.intendedUse ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{p.intendedUse}</Text> : none}</Detail>
          {p.description ? (
            <Detail label="Description">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {p.description}
              </Text>
            </Detail>
          ) : null}
        </Stack>
      </Box>
      <Text size="xs" c="dimmed" mt="md">
        Created {formatDateTime(p.createdAt)} · last changed {formatDateTime(p.updatedAt)}
      </Text>
    </Paper>
  );
}

function StageBadges({ release: r }: { release: Release }) {
  return (
    <Stack gap={4} align="flex-start">
      <StatusBadge color={STAGE_COLORS[r.lifecycleStage]}>{STAGE_LABELS[r.lifecycleStage]}</StatusBadge>
      {r.stageByDates ? (
        <Tooltip label={`The declared stage is ${STAGE_LABELS[r.lifecycleStage].toLowerCase()}, but today’s date is past a date that starts ${STAGE_LABELS[r.stageByDates].toLowerCase()}. Update the stage or the dates.`} withArrow multiline w={280} events={{ hover: true, focus: true, touch: true }}>
          <Group gap={4} wrap="nowrap" tabIndex={0} c="orange.9" fz="xs" fw={650} style={{ whiteSpace: 'nowrap' }}>
            <IconAlert size={14} />
            Dates say: {STAGE_LABELS[r.stageByDates].toLowerCase()}
          </Group>
        </Tooltip>
      ) : null}
    </Stack>
  );
}

function Releases({ product }: { product: Product }) {
  const { can } = useSignedIn();
  const write = can('portfolio.write');
  const query = useQuery({ queryKey: releasesKey(product.id), queryFn: ({ signal }) => api<{ items: Release[] }>(`/api/v1/products/${product.id}/releases`, { signal }) });
  const [addOpened, add] = useDisclosure(false);
  const [editing, setEditing] = useState<Release | null>(null);

  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="releases-heading">
      <Group justify="space-between" px="lg" pt="md" pb="sm">
        <Title order={2} size="h4" id="releases-heading">
          Releases
        </Title>
        {write ? (
          <Button size="sm" leftSection={<IconPlus size={16} />} onClick={add.open}>
            Add release
          </Button>
        ) : null}
      </Group>
      <QueryState query={query} loadingLabel="Loading releases…">
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed" px="lg" pb="lg">
              No releases yet.{write ? ' Use “Add release” to record a version with its support dates.' : ''}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={1000}>
              <Table className="data-table" highlightOnHover horizontalSpacing="sm" aria-labelledby="releases-heading">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Version</Table.Th>
                    <Table.Th scope="col">Stage</Table.Th>
                    <Table.Th scope="col">Released</Table.Th>
                    <Table.Th scope="col">
                      <abbr title="End of life">EOL</abbr>
                    </Table.Th>
                    <Table.Th scope="col">
                      <abbr title="End of guaranteed support">EOGS</abbr>
                    </Table.Th>
                    <Table.Th scope="col">
                      <abbr title="End of support">EOS</abbr>
                    </Table.Th>
                    <Table.Th scope="col">
                      <span className="visually-hidden">Customers </span>Notified
                    </Table.Th>
                    <Table.Th scope="col">Lifecycle</Table.Th>
                    {write ? (
                      <Table.Th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </Table.Th>
                    ) : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={r.id} data-muted={r.lifecycleStage === 'end_of_support' ? true : undefined}>
                      <Table.Th scope="row" fw={600}>
                        <Group gap={6} wrap="nowrap">
                          <Anchor component={Link} to={`/portfolio/${product.id}/releases/${r.id}`} className="mono" fw={600}>
                            {r.version}
                          </Anchor>
                          {r.releaseNotesUrl ? (
                            <Anchor href={r.releaseNotesUrl} target="_blank" rel="noreferrer noopener" size="xs" aria-label={`Release notes for ${r.version} (opens in a new tab)`}>
                              notes
                              <IconChevronRight size={12} />
                            </Anchor>
                          ) : null}
                        </Group>
                      </Table.Th>
                      <Table.Td miw={170}>
                        <StageBadges release={r} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCalendarDate(r.releaseDate)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCalendarDate(r.endOfLifeDate)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCalendarDate(r.endOfGuaranteedSupportDate)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCalendarDate(r.endOfSupportDate)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.customersNotifiedAt ? formatDate(r.customersNotifiedAt) : 'Not yet'}</Table.Td>
                      <Table.Td>
                        <LifecycleTimeline release={r} />
                      </Table.Td>
                      {write ? (
                        <Table.Td ta="right">
                          <Button size="xs" variant="subtle" onClick={() => setEditing(r)} aria-label={`Edit release ${r.version}`}>
                            Edit
                          </Button>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {(query.data?.items.length ?? 0) > 0 ? <TimelineLegend /> : null}
      <ReleaseFormDialog opened={addOpened} onClose={add.close} productId={product.id} />
      <ReleaseFormDialog opened={editing !== null} onClose={() => setEditing(null)} productId={product.id} {...(editing ? { release: editing } : {})} />
    </Paper>
  );
}
