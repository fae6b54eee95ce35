import { Anchor, Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, Route, Routes, useParams } from 'react-router';
import { api, errorMessage } from '../app/api.js';
import { BarChartFigure } from '../app/charts.js';
import { StatusBadge } from '../app/components.js';
import { formatDate } from '../app/format.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import type { Vendor } from '../vendors/api.js';
import { BAND_COLORS, EXPOSURE_KEY, STATUS_LABELS, type AssetExposure, type ChartRow, type MatchRow, type PatchBoard, type Summary } from './api.js';

/** /exposure dashboard; /exposure/assets/:assetId one asset; /exposure/matches the match screen; /exposure/patches the deployment board. */
export default function ExposurePage() {
  return (
    <Routes>
      <Route index element={<Dashboard />} />
      <Route path="assets/:assetId" element={<AssetPage />} />
      <Route path="matches" element={<MatchesPage />} />
      <Route path="patches" element={<PatchesPage />} />
      <Route path="*" element={<Navigate to="/exposure" replace />} />
    </Routes>
  );
}

function SubNav() {
  return (
    <Group gap="md">
      <Anchor component={Link} to="/exposure">
        Dashboard
      </Anchor>
      <Anchor component={Link} to="/exposure/matches">
        Matches
      </Anchor>
      <Anchor component={Link} to="/exposure/patches">
        Patch deployment
      </Anchor>
    </Group>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} aria-label={`${label}: ${value}`}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

const EXPOSURE_BARS = [
  { key: 'assets', name: 'Exposed devices', color: '#1c7ed6' },
  { key: 'kev', name: 'Known exploited', color: '#c92a2a' },
] as const;

function ExposureChart({ title, rows }: { title: string; rows: ChartRow[] }) {
  return <BarChartFigure title={title} rows={rows} category="label" bars={EXPOSURE_BARS} empty="No exposed devices." denseAxis />;
}

function Dashboard() {
  const { can } = useSignedIn();
  const queryClient = useQueryClient();
  const summary = useQuery({ queryKey: [...EXPOSURE_KEY, 'summary'], queryFn: ({ signal }) => api<Summary>('/api/v1/exposure/summary', { signal }) });
  const recompute = useMutation({ mutationFn: () => api<{ jobId: string }>('/api/v1/exposure/recompute', { method: 'POST' }), onSuccess: () => setTimeout(() => void queryClient.invalidateQueries({ queryKey: EXPOSURE_KEY }), 1500) });
  return (
    <Page
      title="Exposure"
      description="Your devices’ vulnerabilities as their vendors state them, prioritised by clinical criticality, known exploitation, EPSS and the vendor’s patient-safety assessment, lowered by your compensating controls."
      actions={can('exposure.write') ? <Button variant="default" onClick={() => recompute.mutate()} loading={recompute.isPending}>Recompute</Button> : null}
    >
      <SubNav />
      <QueryState query={summary} loadingLabel="Loading exposure…">
        {(s) => (
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 2, md: 5 }}>
              <Figure label="Devices" value={s.totals.assets} />
              <Figure label="Matched to a vendor release" value={s.totals.matched} />
              <Figure label="Exposed devices" value={s.totals.exposedAssets} />
              <Figure label="Exposed to known-exploited" value={s.totals.kevExposedAssets} />
              <Figure label="Overdue patches" value={s.totals.overduePatches} />
            </SimpleGrid>
            <Paper withBorder radius="md" component="section" aria-label="Patient-connected devices exposed to a known-exploited vulnerability">
              <Title order={2} size="h4" p="md" pb="xs">
                Patient-connected devices exposed to a known-exploited vulnerability
              </Title>
              {s.kevPatientConnected.length === 0 ? (
                <Text p="md" pt={0} size="sm" c="dimmed">
                  None.
                </Text>
              ) : (
                <Table className="data-table" aria-label="KEV-exposed patient-connected devices">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Device</Table.Th>
                      <Table.Th scope="col">Department</Table.Th>
                      <Table.Th scope="col">Vulnerabilities</Table.Th>
                      <Table.Th scope="col">Priority</Table.Th>
                      <Table.Th scope="col">What compensates</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {s.kevPatientConnected.map((a) => (
                      <Table.Tr key={a.assetId}>
                        <Table.Th scope="row">
                          <Anchor component={Link} to={`/exposure/assets/${a.assetId}`} size="sm">
                            {`${a.manufacturer} ${a.model} · ${a.serial}`}
                          </Anchor>
                        </Table.Th>
                        <Table.Td>{a.department ?? '—'}</Table.Td>
                        <Table.Td className="mono">{a.vulnerabilities.join(', ')}</Table.Td>
                        <Table.Td>{a.priority}</Table.Td>
                        <Table.Td>{a.compensatedBy.length === 0 ? <Text size="sm" c="red.9">Nothing yet</Text> : a.compensatedBy.map((c) => <Text key={c.id} size="sm">{`${c.kind.replaceAll('_', ' ')}: ${c.description}`}</Text>)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Paper>
            <Paper withBorder radius="md" component="section" aria-label="Models leaving support in the next 12 months">
              <Title order={2} size="h4" p="md" pb="xs">
                Models leaving support in the next 12 months
              </Title>
              {s.endOfSupportWithin12Months.length === 0 ? (
                <Text p="md" pt={0} size="sm" c="dimmed">
                  None that the vendors have announced.
                </Text>
              ) : (
                <Table className="data-table" aria-label="End of support within 12 months">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Vendor</Table.Th>
                      <Table.Th scope="col">Model</Table.Th>
                      <Table.Th scope="col">Version</Table.Th>
                      <Table.Th scope="col">End of support</Table.Th>
                      <Table.Th scope="col">Devices</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {s.endOfSupportWithin12Months.map((r) => (
                      <Table.Tr key={r.releaseId}>
                        <Table.Td>{r.vendor}</Table.Td>
                        <Table.Td>{r.product}</Table.Td>
                        <Table.Td className="mono">{r.version}</Table.Td>
                        <Table.Td>{formatDate(r.endOfSupportDate)}</Table.Td>
                        <Table.Td>{r.assets}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Paper>
            <SimpleGrid cols={{ base: 1, lg: 3 }}>
              <ExposureChart title="By department" rows={s.byDepartment} />
              <ExposureChart title="By clinical criticality" rows={s.byCriticality} />
              <ExposureChart title="By vendor" rows={s.byVendor} />
            </SimpleGrid>
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}

function AssetPage() {
  const { assetId } = useParams();
  const data = useQuery({ queryKey: [...EXPOSURE_KEY, 'asset', assetId], queryFn: ({ signal }) => api<AssetExposure>(`/api/v1/exposure/assets/${assetId}`, { signal }) });
  return (
    <QueryState query={data}>
      {(d) => (
        <Page title={`${d.asset.manufacturer} ${d.asset.model} · ${d.asset.serial}`} description={[d.asset.department, d.asset.networkZone, d.asset.criticality ? `criticality ${d.asset.criticality}` : 'criticality not assessed', d.asset.patientConnected ? 'patient-connected' : null].filter(Boolean).join(' · ')}>
          <SubNav />
          <Text size="sm">
            {d.match?.vendorReleaseId
              ? `Matched to ${d.match.vendor} ${d.match.product} ${d.match.version} (${d.match.method}, ${d.match.reason})${d.match.endOfSupportDate ? ` — end of support ${formatDate(d.match.endOfSupportDate)}` : ''}`
              : 'Not matched to a vendor release.'}
          </Text>
          {d.exposures.map((e) => (
            <Paper key={e.vulnId} withBorder radius="md" p="md" component="section" aria-label={`${e.vulnId} on this device`}>
              <Group justify="space-between">
                <Title order={2} size="h4" className="mono">
                  {e.vulnId}
                </Title>
                <Group gap="xs">
                  {e.kev ? <Badge color="red">Known exploited</Badge> : null}
                  <StatusBadge color={e.status === 'known_affected' ? 'red' : e.status === 'under_investigation' ? 'orange' : 'teal'}>{STATUS_LABELS[e.status] ?? e.status}</StatusBadge>
                  <Badge color={BAND_COLORS[e.band]} variant="filled" aria-label={`Priority ${e.priority}`}>{`Priority ${e.priority}`}</Badge>
                </Group>
              </Group>
              {e.status === 'known_not_affected' ? <Text size="sm" mt="xs">{`Vendor: not affected — ${e.justification?.replaceAll('_', ' ') ?? 'no justification given'}. ${e.detail ?? ''}`}</Text> : null}
              {e.remediation ? <Text size="sm" mt="xs">{`Vendor remediation (${e.remediationCategory?.replaceAll('_', ' ') ?? ''}): ${e.remediation}`}</Text> : null}
              {e.patientSafety ? <Text size="sm" mt="xs">{`Patient safety: ${e.patientSafety}`}</Text> : null}
              <Table mt="xs" aria-label={`Why priority ${e.priority}`}>
                <Table.Tbody>
                  {e.factors.map((f, i) => (
                    <Table.Tr key={i}>
                      <Table.Td w={80}>{f.effect === 'raised' ? `+${f.points}` : `−${f.points}`}</Table.Td>
                      <Table.Td>{f.why}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ))}
          {d.exposures.length === 0 ? <Text c="dimmed">No vendor statement applies to this device.</Text> : null}
          <Title order={2} size="h4">
            Compensating controls
          </Title>
          {d.controls.length === 0 ? <Text size="sm" c="dimmed">None.</Text> : d.controls.map((c) => <Text key={c.id} size="sm">{`${c.kind.replaceAll('_', ' ')} (${c.scope}${c.scopeValue ? ` ${c.scopeValue}` : ''}, ${c.status}): ${c.description}`}</Text>)}
          <AddControl assetId={d.asset.id} />
        </Page>
      )}
    </QueryState>
  );
}

function AddControl({ assetId }: { assetId: string }) {
  const { can } = useSignedIn();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState('segmentation');
  const [description, setDescription] = useState('');
  const add = useMutation({
    mutationFn: () => api('/api/v1/exposure/controls', { method: 'POST', body: { kind, scope: 'asset', assetId, description } }),
    onSuccess: () => {
      setDescription('');
      void queryClient.invalidateQueries({ queryKey: EXPOSURE_KEY });
    },
  });
  if (!can('exposure.write')) return null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <Group align="flex-end">
        <NativeSelect label="Control" value={kind} onChange={(e) => setKind(e.currentTarget.value)} data={['segmentation', 'service_disabled', 'monitoring', 'access_control', 'application_allowlisting', 'other']} />
        <TextInput style={{ flex: 1 }} label="Control description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} required />
        <Button type="submit" loading={add.isPending}>
          Add control
        </Button>
      </Group>
      {add.error ? <Text c="red.9" size="sm" role="alert">{errorMessage(add.error)}</Text> : null}
    </form>
  );
}

function MatchesPage() {
  const { can } = useSignedIn();
  const queryClient = useQueryClient();
  const matches = useQuery({ queryKey: [...EXPOSURE_KEY, 'matches'], queryFn: ({ signal }) => api<{ items: MatchRow[] }>('/api/v1/exposure/matches', { signal }) });
  const catalog = useQuery({ queryKey: ['vendors', 'catalog'], queryFn: ({ signal }) => api<{ items: Vendor[] }>('/api/v1/vendors', { signal }) });
  const decide = useMutation({
    mutationFn: ({ assetId, body }: { assetId: string; body: object }) => api(`/api/v1/exposure/matches/${assetId}`, { method: 'PUT', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: EXPOSURE_KEY }),
  });
  const options = (catalog.data?.items ?? []).flatMap((v) => v.releases.map((r) => ({ value: r.id, label: `${v.name} · ${r.product} ${r.version}` })));
  return (
    <Page title="Device matches" description="Each device is matched to a vendor release by manufacturer, model number and software version. Confirm what is right; override what is not — your decisions stick.">
      <SubNav />
      {decide.error ? <Text c="red.9" role="alert">{errorMessage(decide.error)}</Text> : null}
      <QueryState query={matches}>
        {({ items }) => (
          <Table className="data-table" aria-label="Matches">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Device</Table.Th>
                <Table.Th scope="col">Software</Table.Th>
                <Table.Th scope="col">Vendor release</Table.Th>
                <Table.Th scope="col">Match</Table.Th>
                {can('exposure.write') ? <Table.Th scope="col">Decision</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.assetId}>
                  <Table.Th scope="row">{`${m.manufacturer} ${m.model} · ${m.serial}`}</Table.Th>
                  <Table.Td className="mono">{m.softwareVersion ?? '—'}</Table.Td>
                  <Table.Td>{m.release ? `${m.release.vendor} · ${m.release.product} ${m.release.version}` : '—'}</Table.Td>
                  <Table.Td>
                    <StatusBadge color={m.state === 'unmatched' ? 'gray' : m.state === 'auto' ? 'blue' : 'teal'}>{m.state}</StatusBadge>
                    {m.reason ? <Text size="xs" c="dimmed">{m.reason}</Text> : null}
                  </Table.Td>
                  {can('exposure.write') ? (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {m.state === 'auto' ? (
                          <Button size="xs" onClick={() => decide.mutate({ assetId: m.assetId, body: { confirm: true } })} aria-label={`Confirm match of ${m.serial}`}>
                            Confirm
                          </Button>
                        ) : null}
                        <NativeSelect
                          size="xs"
                          aria-label={`Override match of ${m.serial}`}
                          value=""
                          onChange={(e) => {
                            const v = e.currentTarget.value;
                            if (v) decide.mutate({ assetId: m.assetId, body: { vendorReleaseId: v === 'none' ? null : v } });
                          }}
                          data={[{ value: '', label: 'Override…' }, { value: 'none', label: 'Not in any catalog' }, ...options]}
                        />
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Page>
  );
}

const NEXT_STATE: Record<string, string | undefined> = { available: 'validated', validated: 'scheduled', scheduled: 'installed' };

function PatchesPage() {
  const { can } = useSignedIn();
  const queryClient = useQueryClient();
  const board = useQuery({ queryKey: [...EXPOSURE_KEY, 'patches'], queryFn: ({ signal }) => api<PatchBoard>('/api/v1/patches', { signal }) });
  const move = useMutation({
    mutationFn: ({ id, state }: { id: string; state: string }) => api(`/api/v1/patches/${id}`, { method: 'PATCH', body: { state } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: EXPOSURE_KEY }),
  });
  return (
    <Page title="Patch deployment" description="Vendor patches per device: available → validated → scheduled → installed, due by your patch policy for the exposure’s priority.">
      <SubNav />
      {move.error ? <Text c="red.9" role="alert">{errorMessage(move.error)}</Text> : null}
      <QueryState query={board}>
        {(b) => (
          <Stack>
            <Table className="data-table" aria-label="Fleet patched per advisory">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Advisory</Table.Th>
                  <Table.Th scope="col">Devices</Table.Th>
                  <Table.Th scope="col">Installed</Table.Th>
                  <Table.Th scope="col">Patched</Table.Th>
                  <Table.Th scope="col">Overdue</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {b.advisories.map((a) => (
                  <Table.Tr key={a.documentId ?? 'none'}>
                    <Table.Th scope="row">{a.key ?? '(no advisory)'}</Table.Th>
                    <Table.Td>{a.assets}</Table.Td>
                    <Table.Td>{a.installed}</Table.Td>
                    <Table.Td>{`${a.percentPatched} %`}</Table.Td>
                    <Table.Td>{a.overdue}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Table className="data-table" aria-label="Deployments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Device</Table.Th>
                  <Table.Th scope="col">Vulnerability</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                  <Table.Th scope="col">Due</Table.Th>
                  {can('exposure.write') ? <Table.Th scope="col">Next step</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {b.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Th scope="row">{`${p.manufacturer} ${p.model} · ${p.serial}`}</Table.Th>
                    <Table.Td className="mono">{p.vulnId}</Table.Td>
                    <Table.Td>
                      <StatusBadge color={p.state === 'installed' ? 'teal' : 'blue'}>{p.state}</StatusBadge>
                    </Table.Td>
                    <Table.Td>
                      {formatDate(p.dueOn)} {p.overdue ? <Badge color="red">Overdue</Badge> : null}
                    </Table.Td>
                    {can('exposure.write') ? (
                      <Table.Td>
                        {NEXT_STATE[p.state] ? (
                          <Button size="xs" variant="default" onClick={() => move.mutate({ id: p.id, state: NEXT_STATE[p.state]! })} aria-label={`Mark ${p.serial} ${p.vulnId} ${NEXT_STATE[p.state]}`}>
                            {`Mark ${NEXT_STATE[p.state]}`}
                          </Button>
                        ) : (
                          formatDate(p.installedOn)
                        )}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
