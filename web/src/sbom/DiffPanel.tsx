import { Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../app/api.js';
import { QueryState } from '../app/Page.js';
import { releasesKey, type Release } from '../portfolio/api.js';
import { SBOMS_KEY, type DiffComponent, type ReleaseDiff } from './api.js';

const label = (c: DiffComponent) => `${c.group ? `${c.group}/` : ''}${c.name}`;

/** Compares this release's current SBOM with another release of the same product. */
export function DiffPanel({ productId, release }: { productId: string; release: Release }) {
  const releases = useQuery({ queryKey: releasesKey(productId), queryFn: ({ signal }) => api<{ items: Release[] }>(`/api/v1/products/${productId}/releases`, { signal }) });
  const others = (releases.data?.items ?? []).filter((r) => r.id !== release.id);
  const [from, setFrom] = useState<string | null>(null);
  const diff = useQuery({
    queryKey: [...SBOMS_KEY, 'diff', from, release.id],
    queryFn: ({ signal }) => api<ReleaseDiff>('/api/v1/releases/diff', { query: { from, to: release.id }, signal }),
    enabled: from !== null,
  });
  return (
    <Stack gap="md">
      <Select
        label="Compare with release"
        description={`Changes from the chosen release to ${release.version}`}
        placeholder={others.length === 0 ? 'This product has no other release' : 'Choose a release'}
        data={others.map((r) => ({ value: r.id, label: r.version }))}
        value={from}
        onChange={setFrom}
        w={280}
        disabled={others.length === 0}
      />
      {from ? <QueryState query={diff} loadingLabel="Comparing…">{(d) => <DiffResult diff={d} />}</QueryState> : null}
    </Stack>
  );
}

function DiffResult({ diff }: { diff: ReleaseDiff }) {
  return (
    <Stack gap="md">
      <Group gap="sm" aria-label="Summary of changes">
        <Badge color="teal" variant="light" tt="none">{diff.added.length} added</Badge>
        <Badge color="red" variant="light" tt="none">{diff.removed.length} removed</Badge>
        <Badge color="indigo" variant="light" tt="none">{diff.versionChanged.length} version changed</Badge>
        <Badge color="orange" variant="light" tt="none">{diff.licenseChanged.length} licence changed</Badge>
        <Badge color="gray" variant="light" tt="none">{diff.unchanged} unchanged</Badge>
      </Group>
      <ChangeList title="Added" items={diff.added.map((c) => ({ key: label(c) + c.version, name: label(c), detail: c.version ?? '' }))} />
      <ChangeList title="Removed" items={diff.removed.map((c) => ({ key: label(c) + c.version, name: label(c), detail: c.version ?? '' }))} />
      <ChangeList title="Version changed" items={diff.versionChanged.map((c) => ({ key: label(c.to) + c.from.version, name: label(c.to), detail: `${c.from.version ?? '—'} → ${c.to.version ?? '—'}` }))} />
      <ChangeList title="Licence changed" items={diff.licenseChanged.map((c) => ({ key: label(c.to) + c.to.version, name: label(c.to), detail: `${c.from.license ?? 'none'} → ${c.to.license ?? 'none'}` }))} />
    </Stack>
  );
}

function ChangeList({ title, items }: { title: string; items: { key: string; name: string; detail: string }[] }) {
  if (items.length === 0) return null;
  const id = `diff-${title.toLowerCase().replace(/\s/g, '-')}`;
  return (
    <Paper withBorder radius="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id} px="md" pt="sm">
        {title} ({items.length})
      </Title>
      <Table className="data-table" horizontalSpacing="md" aria-labelledby={id}>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.key}>
              <Table.Th scope="row" fw={600}>{i.name}</Table.Th>
              <Table.Td className="mono">
                <Text span size="sm">{i.detail}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
