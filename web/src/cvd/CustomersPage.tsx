import { Anchor, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Page as ApiPage } from '../app/api.js';
import { ConfirmDialog } from '../app/components.js';
import { fieldError, FormError } from '../app/forms.js';
import { Forbidden, Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { PRODUCTS_KEY, type Product } from '../portfolio/api.js';
import { CONTACTS_KEY, type CustomerContact } from './api.js';

const EMPTY = { productId: '', customerName: '', email: '', customerOrgSlug: '' };

/**
 * /disclosure/customers — who gets the customer notices: per product, a customer's contact
 * e-mail and, when the customer is a healthcare-provider organization on this instance, its
 * slug, so a copy also lands in its Vigil inbox.
 */
export default function CustomersPage() {
  const { can } = useSignedIn();
  const client = useQueryClient();
  const contacts = useQuery({ queryKey: CONTACTS_KEY, queryFn: ({ signal }) => api<{ items: CustomerContact[] }>('/api/v1/cvd/customer-contacts', { signal }) });
  const products = useQuery({ queryKey: [...PRODUCTS_KEY, 'options'], queryFn: ({ signal }) => api<ApiPage<Product>>('/api/v1/products', { query: { limit: 200 }, signal }) });
  const [form, setForm] = useState(EMPTY);
  const [removing, setRemoving] = useState<CustomerContact | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: CONTACTS_KEY });
  const add = useMutation({
    mutationFn: () => api<{ id: string }>('/api/v1/cvd/customer-contacts', { method: 'POST', body: { productId: form.productId, customerName: form.customerName.trim(), email: form.email.trim(), ...(form.customerOrgSlug.trim() ? { customerOrgSlug: form.customerOrgSlug.trim() } : {}) } }),
    onSuccess: () => {
      setForm(EMPTY);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/cvd/customer-contacts/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      setRemoving(null);
      refresh();
    },
  });
  const fields = ['productId', 'customerName', 'email', 'customerOrgSlug'];
  if (!can('cvd.read')) return <Forbidden what="customer contacts" />;
  return (
    <Page
      title="Customer contacts"
      description={
        <>
          The customers of each product, who receive its{' '}
          <Anchor component={Link} to="/disclosure">
            cases
          </Anchor>
          ’ notices by e-mail — and in their Vigil inbox when they are a hospital on this instance.
        </>
      }
    >
      <Stack gap="lg">
        {can('cvd.write') ? (
          <Paper withBorder radius="md" p="md" component="section" aria-label="Add a customer contact">
            <form
              aria-label="Customer contact"
              onSubmit={(e) => {
                e.preventDefault();
                add.mutate();
              }}
            >
              <Stack gap="sm">
                <Title order={2} size="h4">
                  Add a customer contact
                </Title>
                <Group grow align="flex-start">
                  <Select label="Product" required searchable data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} value={form.productId || null} onChange={(v) => setForm({ ...form, productId: v ?? '' })} error={fieldError(add.error, 'productId')} />
                  <TextInput label="Customer" required maxLength={200} value={form.customerName} onChange={(e) => setForm({ ...form, customerName: e.currentTarget.value })} error={fieldError(add.error, 'customerName')} />
                  <TextInput label="Contact e-mail" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={fieldError(add.error, 'email')} />
                  <TextInput label="Vigil organization (slug)" description="Optional: a hospital on this instance" value={form.customerOrgSlug} onChange={(e) => setForm({ ...form, customerOrgSlug: e.currentTarget.value })} error={fieldError(add.error, 'customerOrgSlug')} />
                </Group>
                <FormError error={add.error} fields={fields} title="The contact was not added" />
                <Group>
                  <Button type="submit" loading={add.isPending} disabled={!form.productId || !form.customerName.trim() || !form.email.trim()}>
                    Add contact
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        ) : null}
        <Paper withBorder radius="md" p="md" component="section" aria-label="Contacts">
          <QueryState query={contacts} loadingLabel="Loading contacts…">
            {({ items }) =>
              items.length === 0 ? (
                <Text c="dimmed">No customer contacts yet: notices have nobody to go to.</Text>
              ) : (
                <Table aria-label="Customer contacts" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Product</Table.Th>
                      <Table.Th>Customer</Table.Th>
                      <Table.Th>E-mail</Table.Th>
                      <Table.Th>Vigil organization</Table.Th>
                      {can('cvd.write') ? <Table.Th aria-label="Actions" /> : null}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td>{c.productName}</Table.Td>
                        <Table.Td>{c.customerName}</Table.Td>
                        <Table.Td>{c.email}</Table.Td>
                        <Table.Td>{c.customerOrgSlug ?? '—'}</Table.Td>
                        {can('cvd.write') ? (
                          <Table.Td>
                            <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(c)} aria-label={`Remove ${c.customerName} (${c.email})`}>
                              Remove
                            </Button>
                          </Table.Td>
                        ) : null}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )
            }
          </QueryState>
        </Paper>
      </Stack>
      <ConfirmDialog
        opened={removing !== null}
        title="Remove this customer contact?"
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id)}
      >
        {removing ? <Text>{`${removing.customerName} (${removing.email}) will no longer receive notices about ${removing.productName}.`}</Text> : null}
      </ConfirmDialog>
    </Page>
  );
}
