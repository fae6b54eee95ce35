import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { LoadMore, StatusBadge } from '../app/components.js';
import { formatDate } from '../app/format.js';
import { IconBox, IconPlus } from '../app/icons.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { useSignedIn } from '../app/session.js';
import { PRODUCTS_KEY, type Product } from './api.js';
import { ProductFormDialog } from './ProductFormDialog.js';

export default function ProductsPage() {
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const [createOpened, create] = useDisclosure(false);
  return (
    <Page
      title="Portfolio"
      description="Your medical devices and their releases, with each release’s support status and end-of-life and end-of-support dates."
      actions={
        can('portfolio.write') ? (
          <Button leftSection={<IconPlus size={18} />} onClick={create.open}>
            Create product
          </Button>
        ) : null
      }
    >
      <ProductList />
      <ProductFormDialog opened={createOpened} onClose={create.close} onSaved={(p) => void navigate(`/portfolio/${p.id}`)} />
    </Page>
  );
}

function ProductList() {
  const { can } = useSignedIn();
  const [search, setSearch] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const list = usePagedList<Product>(PRODUCTS_KEY, '/api/v1/products', { search: debounced || undefined, includeArchived: includeArchived ? 'true' : undefined });
  const filtered = Boolean(debounced) || includeArchived;

  return (
    <Paper withBorder radius="md" component="section" aria-label="Products">
      <Group px="lg" pt="md" pb="sm" gap="lg" align="flex-end" role="search" aria-label="Filter products">
        <TextInput
          label="Search"
          placeholder="Name, manufacturer or model number"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maxLength={200}
          style={{ flex: '1 1 280px', maxWidth: 420 }}
        />
        <Switch label="Show archived products" checked={includeArchived} onChange={(e) => setIncludeArchived(e.currentTarget.checked)} mb={8} />
      </Group>
      {list.error && !list.items ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.items ? (
        <Loading label="Loading products…" />
      ) : list.items.length === 0 ? (
        <Stack align="center" gap="xs" py="xl" px="lg">
          <IconBox size={32} />
          <Text fw={600}>{filtered ? 'No products match' : 'No products yet'}</Text>
          <Text c="dimmed" size="sm" ta="center" maw={480}>
            {filtered
              ? 'Try another search, or include archived products.'
              : can('portfolio.write')
                ? 'Create a product for each medical device you make, then add its releases with their support dates.'
                : 'Nobody has added products to this organization yet.'}
          </Text>
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table className="data-table" highlightOnHover aria-label="Products">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Product</Table.Th>
                <Table.Th scope="col">Manufacturer</Table.Th>
                <Table.Th scope="col">Models</Table.Th>
                <Table.Th scope="col">Class</Table.Th>
                <Table.Th scope="col" ta="right">
                  Releases
                </Table.Th>
                <Table.Th scope="col">Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((p) => (
                <Table.Tr key={p.id} data-muted={p.archivedAt ? true : undefined}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/portfolio/${p.id}`} fw={600}>
                        {p.name}
                      </Anchor>
                      {p.archivedAt ? <StatusBadge color="gray">Archived</StatusBadge> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{p.manufacturer ?? '—'}</Table.Td>
                  <Table.Td>
                    {p.modelNumbers.length === 0 ? (
                      '—'
                    ) : (
                      <Group gap={4}>
                        {p.modelNumbers.slice(0, 3).map((m) => (
                          <Badge key={m} variant="light" color="gray" radius="sm" tt="none" className="mono">
                            {m}
                          </Badge>
                        ))}
                        {p.modelNumbers.length > 3 ? (
                          <Text span size="sm" c="dimmed">
                            +{p.modelNumbers.length - 3} more
                          </Text>
                        ) : null}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>{p.deviceClass ?? '—'}</Table.Td>
                  <Table.Td ta="right">{p.releaseCount}</Table.Td>
                  <Table.Td>{formatDate(p.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Stack px="lg" pb="md">
        {list.items && list.items.length > 0 ? (
          <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="products" />
        ) : null}
      </Stack>
    </Paper>
  );
}
