import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.js';
import { LoadMore } from '../app/components.js';
import { FormError } from '../app/forms.js';
import { IconPlus } from '../app/icons.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { useSignedIn } from '../app/session.js';
import { useUrlState } from '../intel/useUrlState.js';
import { assetPath, CRITICALITIES, CRITICALITY_LABELS, FLEET_KEY, type Asset, type Criticality, type FleetSummary } from './api.js';

interface Filters {
  readonly q: string;
  readonly manufacturer: string;
  readonly department: string | null;
  readonly criticality: Criticality | 'unassessed' | null;
  readonly patientConnected: 'true' | 'false' | null;
}

const CRITICALITY_FILTERS = [...CRITICALITIES, 'unassessed'] as const;

function parse(params: URLSearchParams): Filters {
  const criticality = params.get('criticality');
  const pc = params.get('patientConnected');
  return {
    q: params.get('q') ?? '',
    manufacturer: params.get('manufacturer') ?? '',
    department: params.get('department'),
    criticality: (CRITICALITY_FILTERS as readonly string[]).includes(criticality ?? '') ? (criticality as Filters['criticality']) : null,
    patientConnected: pc === 'true' || pc === 'false' ? pc : null,
  };
}

function serialize(f: Filters): Record<string, string> {
  const entries: [string, string | null][] = [['q', f.q || null], ['manufacturer', f.manufacturer || null], ['department', f.department], ['criticality', f.criticality], ['patientConnected', f.patientConnected]];
  return Object.fromEntries(entries.filter((e): e is [string, string] => !!e[1]));
}

const queryString = (query: Record<string, string | undefined>) => new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();

export function CriticalityBadge({ level }: { level: Criticality | null }) {
  if (!level) return <Text size="sm" c="dimmed">Not assessed</Text>;
  const color = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' }[level];
  return (
    <Badge variant="light" color={color} radius="sm" tt="none">
      {CRITICALITY_LABELS[level]}
    </Badge>
  );
}

/** The fleet: summary, filters, the list (paged by cursor), selection for bulk edit, CSV export. */
export default function FleetListPage() {
  const { can } = useSignedIn();
  const [filters, setFilters] = useUrlState(parse, serialize);
  const [q] = useDebouncedValue(filters.q.trim(), 250);
  const [manufacturer] = useDebouncedValue(filters.manufacturer.trim(), 250);
  const query = { q: q || undefined, manufacturer: manufacturer || undefined, department: filters.department ?? undefined, criticality: filters.criticality ?? undefined, patientConnected: filters.patientConnected ?? undefined };
  const list = usePagedList<Asset>([...FLEET_KEY, 'list'], '/api/v1/assets', query, { limit: 100 });
  const summary = useQuery({ queryKey: [...FLEET_KEY, 'summary'], queryFn: ({ signal }) => api<FleetSummary>('/api/v1/assets/summary', { signal }) });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const csvHref = `/api/v1/assets.csv${queryString(query) ? `?${queryString(query)}` : ''}`;
  const writable = can('fleet.write');
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setSelected(new Set());
    setFilters({ ...filters, [key]: value });
  };
  return (
    <Page
      title="Device fleet"
      description="The medical devices on your network: model, software and firmware versions, where they are, who looks after them, how critical they are clinically and whether they connect to a patient. Import your CMMS export, or add devices by hand."
      actions={
        <>
          <Button component="a" href={csvHref} download variant="default">
            Download CSV
          </Button>
          {writable ? (
            <>
              <Button component={Link} to="/fleet/import" variant="default">
                Import CSV/XLSX
              </Button>
              <Button component={Link} to="/fleet/new" leftSection={<IconPlus size={18} />}>
                Add asset
              </Button>
            </>
          ) : null}
        </>
      }
    >
      {summary.data ? (
        <Group gap="xl" role="status" aria-label="Fleet summary">
          <Text size="sm">
            <b>{summary.data.total}</b> assets
          </Text>
          <Text size="sm">
            <b>{summary.data.patientConnected}</b> patient-connected
          </Text>
          <Text size="sm">
            <b>{summary.data.models}</b> models
          </Text>
          <Text size="sm">
            <b>{summary.data.unassessed}</b> without a criticality
          </Text>
        </Group>
      ) : null}
      <Paper withBorder radius="md" p="md" component="section" aria-label="Assets">
        <Stack gap="sm">
          <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter assets">
            <TextInput label="Search" placeholder="Model, serial, location, owner, IP…" type="search" value={filters.q} onChange={(e) => set('q', e.currentTarget.value)} maxLength={200} w={240} />
            <TextInput label="Manufacturer" placeholder="Any" value={filters.manufacturer} onChange={(e) => set('manufacturer', e.currentTarget.value)} maxLength={200} w={200} />
            <Select
              label="Department"
              placeholder="Any"
              data={(summary.data?.departments ?? []).filter((d) => d.department !== null).map((d) => ({ value: d.department!, label: `${d.department} (${d.count})` }))}
              value={filters.department}
              onChange={(v) => set('department', v)}
              clearable
              searchable
              w={200}
            />
            <Select label="Criticality" placeholder="Any" data={[...CRITICALITIES.map((c) => ({ value: c, label: CRITICALITY_LABELS[c] })), { value: 'unassessed', label: 'Not assessed' }]} value={filters.criticality} onChange={(v) => set('criticality', v as Filters['criticality'])} clearable w={160} />
            <Select label="Patient-connected" placeholder="Any" data={[{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }]} value={filters.patientConnected} onChange={(v) => set('patientConnected', v as Filters['patientConnected'])} clearable w={160} />
          </Group>
          {writable && selected.size > 0 ? (
            <Group gap="sm">
              <Text size="sm">{selected.size} selected</Text>
              <Button size="xs" onClick={() => setBulkOpen(true)}>
                Bulk edit
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            </Group>
          ) : null}
          {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          {!list.items && !list.error ? <Loading label="Loading assets…" /> : null}
          {list.items && list.items.length === 0 ? (
            <Text c="dimmed" py="md">
              No asset matches these filters.
            </Text>
          ) : null}
          {list.items && list.items.length > 0 ? <AssetRows items={list.items} selected={selected} onSelect={writable ? setSelected : null} /> : null}
          {list.items && list.items.length > 0 ? <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="assets" /> : null}
        </Stack>
      </Paper>
      <BulkEditDialog
        ids={[...selected]}
        opened={bulkOpen}
        onClose={() => setBulkOpen(false)}
        onDone={() => {
          setBulkOpen(false);
          setSelected(new Set());
        }}
      />
    </Page>
  );
}

function AssetRows({ items, selected, onSelect }: { items: Asset[]; selected: ReadonlySet<string>; onSelect: ((next: ReadonlySet<string>) => void) | null }) {
  const all = items.length > 0 && items.every((a) => selected.has(a.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect?.(next);
  };
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table className="data-table" highlightOnHover aria-label="Assets">
        <Table.Thead>
          <Table.Tr>
            {onSelect ? (
              <Table.Th scope="col" w={40}>
                <Checkbox aria-label="Select all shown assets" checked={all} indeterminate={!all && items.some((a) => selected.has(a.id))} onChange={() => onSelect(all ? new Set() : new Set(items.map((a) => a.id)))} />
              </Table.Th>
            ) : null}
            <Table.Th scope="col">Device</Table.Th>
            <Table.Th scope="col">Serial</Table.Th>
            <Table.Th scope="col">Version</Table.Th>
            <Table.Th scope="col">Department</Table.Th>
            <Table.Th scope="col">Location</Table.Th>
            <Table.Th scope="col">Network</Table.Th>
            <Table.Th scope="col">Criticality</Table.Th>
            <Table.Th scope="col">Patient-connected</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              {onSelect ? (
                <Table.Td>
                  <Checkbox aria-label={`Select ${a.manufacturer} ${a.model} ${a.serial}`} checked={selected.has(a.id)} onChange={() => toggle(a.id)} />
                </Table.Td>
              ) : null}
              <Table.Th scope="row">
                <Anchor component={Link} to={assetPath(a.id)} fw={600} size="sm">
                  {a.manufacturer} {a.model}
                </Anchor>
              </Table.Th>
              <Table.Td>{a.serial}</Table.Td>
              <Table.Td>{[a.softwareVersion, a.firmwareVersion && `fw ${a.firmwareVersion}`].filter(Boolean).join(' · ') || '—'}</Table.Td>
              <Table.Td>{a.department ?? '—'}</Table.Td>
              <Table.Td>{a.location ?? '—'}</Table.Td>
              <Table.Td>{[a.networkZone, a.vlan !== null ? `VLAN ${a.vlan}` : null, a.ip].filter(Boolean).join(' · ') || '—'}</Table.Td>
              <Table.Td>
                <CriticalityBadge level={a.clinicalCriticality} />
              </Table.Td>
              <Table.Td>{a.patientConnected ? 'Yes' : 'No'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Sets the same values on the selected assets; a field left empty is not changed. */
function BulkEditDialog({ ids, opened, onClose, onDone }: { ids: string[]; opened: boolean; onClose: () => void; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState({ department: '', location: '', networkZone: '', owner: '' });
  const [criticality, setCriticality] = useState<string | null>(null);
  const [patientConnected, setPatientConnected] = useState<string | null>(null);
  const bulk = useMutation({
    mutationFn: (set: Record<string, unknown>) => api<{ updated: number }>('/api/v1/assets/bulk', { method: 'POST', body: { ids, set } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: FLEET_KEY });
      setText({ department: '', location: '', networkZone: '', owner: '' });
      setCriticality(null);
      setPatientConnected(null);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const set: Record<string, unknown> = Object.fromEntries(Object.entries(text).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    if (criticality) set.clinicalCriticality = criticality;
    if (patientConnected) set.patientConnected = patientConnected === 'yes';
    bulk.mutate(set);
  };
  const field = (key: keyof typeof text, label: string) => <TextInput label={label} placeholder="Unchanged" value={text[key]} onChange={(e) => setText({ ...text, [key]: e.currentTarget.value })} maxLength={200} />;
  return (
    <Modal opened={opened} onClose={onClose} title={`Bulk edit ${ids.length} asset${ids.length === 1 ? '' : 's'}`} centered>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Alert variant="light" color="blue" py="xs">
            Fields left empty keep each asset’s own value.
          </Alert>
          {field('department', 'Department')}
          {field('location', 'Location')}
          {field('networkZone', 'Network zone')}
          {field('owner', 'Owner')}
          <Select label="Clinical criticality" placeholder="Unchanged" data={CRITICALITIES.map((c) => ({ value: c, label: CRITICALITY_LABELS[c] }))} value={criticality} onChange={setCriticality} clearable />
          <Select label="Patient connected" placeholder="Unchanged" data={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} value={patientConnected} onChange={setPatientConnected} clearable />
          <FormError error={bulk.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={bulk.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={bulk.isPending}>
              Apply to {ids.length} asset{ids.length === 1 ? '' : 's'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
