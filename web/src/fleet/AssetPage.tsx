import { Anchor, Button, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { ASSET_FIELDS, assetKey, FIELD_LABELS, type Asset, type AssetField } from './api.js';
import { ASSET_LINKS } from './assetLinks.js';
import { CriticalityBadge } from './FleetListPage.js';

function value(asset: Asset, field: AssetField) {
  if (field === 'clinicalCriticality') return <CriticalityBadge level={asset.clinicalCriticality} />;
  if (field === 'patientConnected') return asset.patientConnected ? 'Yes' : 'No';
  const v = asset[field];
  return v === null || v === '' ? '—' : String(v);
}

/** One asset: every field, when it last changed, and the links other capabilities offer. */
export default function AssetPage() {
  const { assetId = '' } = useParams();
  const asset = useQuery({ queryKey: assetKey(assetId), queryFn: ({ signal }) => api<Asset>(`/api/v1/assets/${assetId}`, { signal }) });
  return (
    <QueryState query={asset} loadingLabel="Loading the asset…">
      {(a) => <AssetView asset={a} />}
    </QueryState>
  );
}

function AssetView({ asset }: { asset: Asset }) {
  const { can } = useSignedIn();
  const links = ASSET_LINKS.filter((l) => can(l.permission));
  return (
    <Page
      title={`${asset.manufacturer} ${asset.model} · ${asset.serial}`}
      description={asset.archived ? 'Archived: no longer listed in the fleet.' : `${asset.department ?? 'No department'}${asset.location ? ` · ${asset.location}` : ''}`}
      actions={
        <>
          <Button component={Link} to="/fleet" variant="default">
            Back to the fleet
          </Button>
          {can('fleet.write') ? (
            <Button component={Link} to={`/fleet/${asset.id}/edit`}>
              Edit asset
            </Button>
          ) : null}
        </>
      }
    >
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Paper withBorder radius="md" p="md" component="section" aria-label="Asset" style={{ gridColumn: 'span 2' }}>
          <Table aria-label="Asset fields" variant="vertical" layout="fixed">
            <Table.Tbody>
              {ASSET_FIELDS.map((f) => (
                <Table.Tr key={f}>
                  <Table.Th w={200}>{FIELD_LABELS[f]}</Table.Th>
                  <Table.Td>{value(asset, f)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th>Last changed</Table.Th>
                <Table.Td>
                  {formatDateTime(asset.updatedAt)}
                  {asset.lastImportId ? ' (by an import)' : ''}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder radius="md" p="md" component="section" aria-label="Related">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Related
            </Title>
            {links.length === 0 ? <Text c="dimmed" size="sm">Nothing else is linked to this asset for your role.</Text> : null}
            {links.map((l) => (
              <div key={l.label}>
                <Anchor component={Link} to={l.to(asset)} fw={600}>
                  {l.label}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {l.description}
                </Text>
              </div>
            ))}
          </Stack>
        </Paper>
      </SimpleGrid>
    </Page>
  );
}
