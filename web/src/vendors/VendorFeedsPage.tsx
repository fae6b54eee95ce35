import { Alert, Anchor, Badge, Button, FileButton, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Navigate, Route, Routes, useParams } from 'react-router';
import { api, errorMessage, upload } from '../app/api.js';
import { StatusBadge } from '../app/components.js';
import { formatDate, formatDateTime } from '../app/format.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { CATALOG_KEY, FEED_STATUS, FEEDS_KEY, LIFECYCLE_LABELS, PROBLEM_LABELS, VENDORS_KEY, type Feed, type SharingManufacturer, type Vendor } from './api.js';

/** /vendor-feeds: feeds followed, manufacturers sharing on this instance, the catalog; /vendor-feeds/:feedId one feed's status. */
export default function VendorFeedsPage() {
  return (
    <Routes>
      <Route index element={<FeedsOverview />} />
      <Route path=":feedId" element={<FeedStatusPage />} />
      <Route path="*" element={<Navigate to="/vendor-feeds" replace />} />
    </Routes>
  );
}

/** Polls the sync job, then refreshes what it changed. */
function useSync() {
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: ({ signal }) => api<{ state: string; error: string | null }>(`/api/v1/jobs/${jobId}`, { signal }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && (q.state.data.state === 'succeeded' || q.state.data.state === 'failed') ? false : 500),
  });
  const finished = job.data !== undefined && (job.data.state === 'succeeded' || job.data.state === 'failed');
  useEffect(() => {
    if (!finished) return;
    setJobId(null);
    void queryClient.invalidateQueries({ queryKey: VENDORS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['exposure'] });
  }, [finished, queryClient]);
  const start = useMutation({
    mutationFn: (feedId: string) => api<{ jobId: string }>(`/api/v1/vendor-feeds/${feedId}/sync`, { method: 'POST' }),
    onSuccess: (r) => {
      setJobId(r.jobId);
      void queryClient.invalidateQueries({ queryKey: FEEDS_KEY });
    },
  });
  return { start, running: jobId !== null || start.isPending };
}

function FeedsOverview() {
  const { can } = useSignedIn();
  const canManage = can('vendors.manage');
  const feeds = useQuery({ queryKey: FEEDS_KEY, queryFn: ({ signal }) => api<{ items: Feed[] }>('/api/v1/vendor-feeds', { signal }) });
  return (
    <Page
      title="Vendor feeds"
      description="Manufacturers’ CSAF advisories and VEX, from their trusted-provider directories (hashes and OpenPGP signatures verified) or from manufacturers on this instance that share with you. They fill the vendor catalog your devices are matched to."
    >
      {canManage ? <AddFeed /> : null}
      <QueryState query={feeds} loadingLabel="Loading feeds…">
        {({ items }) => <FeedsTable feeds={items} canManage={canManage} />}
      </QueryState>
      <SameInstance canManage={canManage} />
      {canManage ? <UploadCsaf /> : null}
      <Catalog />
    </Page>
  );
}

function AddFeed() {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const add = useMutation({
    mutationFn: () => api<Feed>('/api/v1/vendor-feeds', { method: 'POST', body: { kind: 'csaf_provider', url } }),
    onSuccess: () => {
      setUrl('');
      void queryClient.invalidateQueries({ queryKey: FEEDS_KEY });
    },
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Follow a CSAF provider">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput style={{ flex: 1 }} label="CSAF provider URL" description="The provider-metadata.json URL, or the vendor’s origin (its /.well-known/csaf/provider-metadata.json is read)" value={url} onChange={(e) => setUrl(e.currentTarget.value)} required />
          <Button type="submit" loading={add.isPending}>
            Follow provider
          </Button>
        </Group>
        {add.error ? (
          <Text c="red.9" size="sm" mt="xs" role="alert">
            {errorMessage(add.error)}
          </Text>
        ) : null}
      </form>
    </Paper>
  );
}

function FeedsTable({ feeds, canManage }: { feeds: Feed[]; canManage: boolean }) {
  const { start, running } = useSync();
  if (feeds.length === 0) return <Text c="dimmed">No feeds yet. Follow a vendor’s CSAF provider, or a manufacturer that shares with you on this instance.</Text>;
  return (
    <Paper withBorder radius="md" component="section" aria-label="Feeds">
      {start.error ? (
        <Alert color="red" role="alert" m="md" mb={0}>
          {errorMessage(start.error)}
        </Alert>
      ) : null}
      <Table.ScrollContainer minWidth={900}>
        <Table className="data-table" aria-label="Vendor feeds">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Feed</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Last sync</Table.Th>
              <Table.Th scope="col">Documents</Table.Th>
              {canManage ? <Table.Th scope="col">Actions</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {feeds.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Th scope="row">
                  <Anchor component={Link} to={`/vendor-feeds/${f.id}`} fw={600} size="sm">
                    {f.name}
                  </Anchor>
                  <Text size="xs" c="dimmed" className="mono" style={{ overflowWrap: 'anywhere' }}>
                    {f.url ?? 'Manufacturer on this instance'}
                  </Text>
                </Table.Th>
                <Table.Td>
                  <StatusBadge color={FEED_STATUS[f.status].color}>{FEED_STATUS[f.status].label}</StatusBadge>
                </Table.Td>
                <Table.Td>{f.lastSyncAt ? formatDateTime(f.lastSyncAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{f.documentsTotal} stored</Text>
                  {f.lastRun.rejected > 0 ? (
                    <Text size="xs" c="red.9">
                      {f.lastRun.rejected} rejected
                    </Text>
                  ) : null}
                </Table.Td>
                {canManage ? (
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => start.mutate(f.id)} loading={running && start.variables === f.id} aria-label={`Sync now ${f.name}`}>
                      Sync now
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function SameInstance({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const makers = useQuery({ queryKey: [...VENDORS_KEY, 'manufacturers'], queryFn: ({ signal }) => api<{ items: SharingManufacturer[] }>('/api/v1/vendor-feeds/manufacturers', { signal }) });
  const follow = useMutation({
    mutationFn: (m: SharingManufacturer) => api<Feed>('/api/v1/vendor-feeds', { method: 'POST', body: { kind: 'instance', manufacturerOrgId: m.id } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: VENDORS_KEY }),
  });
  const items = makers.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Manufacturers on this instance">
      <Title order={2} size="h4" mb="xs">
        Manufacturers on this instance
      </Title>
      <Stack gap="xs">
        {items.map((m) => (
          <Group key={m.id} justify="space-between">
            <Text size="sm">
              {m.name} — shares {m.products} product{m.products === 1 ? '' : 's'} with you
            </Text>
            {m.followed ? <Badge variant="light">Followed</Badge> : canManage ? <Button size="xs" onClick={() => follow.mutate(m)} loading={follow.isPending} aria-label={`Follow ${m.name}`}>Follow</Button> : null}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function UploadCsaf() {
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: async (file: File) => (await upload<{ trackingId: string; outcome: string; statements: number }>('/api/v1/vendor-documents/csaf', file, { contentType: 'application/json' })).data,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: VENDORS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['exposure'] });
    },
  });
  return (
    <Group>
      <FileButton onChange={(f) => f && send.mutate(f)} accept="application/json,.json">
        {(props) => (
          <Button variant="default" {...props} loading={send.isPending}>
            Upload a CSAF document
          </Button>
        )}
      </FileButton>
      {send.data ? <Text size="sm" role="status">{`${send.data.trackingId}: ${send.data.outcome}, ${send.data.statements} statements`}</Text> : null}
      {send.error ? <Text size="sm" c="red.9" role="alert">{errorMessage(send.error)}</Text> : null}
    </Group>
  );
}

function Catalog() {
  const catalog = useQuery({ queryKey: CATALOG_KEY, queryFn: ({ signal }) => api<{ items: Vendor[] }>('/api/v1/vendors', { signal }) });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Vendor catalog">
      <Title order={2} size="h4" mb="xs">
        Vendor catalog
      </Title>
      <QueryState query={catalog}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              Empty until a feed is synced or a document uploaded.
            </Text>
          ) : (
            <Table className="data-table" aria-label="Catalog releases">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Vendor</Table.Th>
                  <Table.Th scope="col">Product</Table.Th>
                  <Table.Th scope="col">Version</Table.Th>
                  <Table.Th scope="col">Model numbers</Table.Th>
                  <Table.Th scope="col">Lifecycle</Table.Th>
                  <Table.Th scope="col">Statements</Table.Th>
                  <Table.Th scope="col">Devices</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.flatMap((v) =>
                  v.releases.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{v.name}</Table.Td>
                      <Table.Td>{r.product}</Table.Td>
                      <Table.Td className="mono">{r.version}</Table.Td>
                      <Table.Td>{r.modelNumbers.join(', ') || '—'}</Table.Td>
                      <Table.Td>
                        {r.lifecycleStage ? LIFECYCLE_LABELS[r.lifecycleStage] : '—'}
                        {r.endOfSupportDate ? <Text size="xs" c="dimmed">{`End of support ${formatDate(r.endOfSupportDate)}`}</Text> : null}
                      </Table.Td>
                      <Table.Td>{r.statements}</Table.Td>
                      <Table.Td>{r.assets}</Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Paper>
  );
}

function FeedStatusPage() {
  const { feedId } = useParams();
  const { can } = useSignedIn();
  const { start, running } = useSync();
  const feed = useQuery({ queryKey: [...FEEDS_KEY, feedId], queryFn: ({ signal }) => api<Feed>(`/api/v1/vendor-feeds/${feedId}`, { signal }) });
  return (
    <QueryState query={feed}>
      {(f) => (
        <Page
          title={f.name}
          description={f.url ?? 'A manufacturer on this instance'}
          actions={
            can('vendors.manage') ? (
              <Button onClick={() => start.mutate(f.id)} loading={running}>
                Sync now
              </Button>
            ) : null
          }
        >
          <Group>
            <StatusBadge color={FEED_STATUS[f.status].color}>{FEED_STATUS[f.status].label}</StatusBadge>
            <Text size="sm">Last sync {f.lastSyncAt ? formatDateTime(f.lastSyncAt) : 'never'}</Text>
            <Text size="sm">{`${f.documentsTotal} documents stored · last run: ${f.lastRun.new} new, ${f.lastRun.updated} updated, ${f.lastRun.unchanged} unchanged, ${f.lastRun.rejected} rejected`}</Text>
          </Group>
          {f.keys.length > 0 ? (
            <Text size="sm">
              Trusted OpenPGP key{f.keys.length > 1 ? 's' : ''}: <span className="mono">{f.keys.map((k) => `${k.fingerprint}${k.pinned ? ' (pinned)' : ''}`).join(', ')}</span>
            </Text>
          ) : null}
          <Paper withBorder radius="md" component="section" aria-label="Rejected documents">
            <Title order={2} size="h4" p="md" pb={0}>
              Rejected documents and problems
            </Title>
            {f.errors.length === 0 ? (
              <Text p="md" size="sm" c="dimmed">
                None in the last sync.
              </Text>
            ) : (
              <Table className="data-table" aria-label="Feed problems">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Document</Table.Th>
                    <Table.Th scope="col">Problem</Table.Th>
                    <Table.Th scope="col">Detail</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {f.errors.map((e) => (
                    <Table.Tr key={`${e.url} ${e.problem}`}>
                      <Table.Td className="mono" fz="xs" style={{ overflowWrap: 'anywhere' }}>
                        {e.url}
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge color={e.problem === 'fetch' ? 'gray' : 'red'}>{PROBLEM_LABELS[e.problem] ?? e.problem}</StatusBadge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{e.detail}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
          <Anchor component={Link} to="/vendor-feeds" size="sm">
            All feeds
          </Anchor>
        </Page>
      )}
    </QueryState>
  );
}
