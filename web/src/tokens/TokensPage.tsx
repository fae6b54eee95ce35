import { Alert, Button, Code, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../app/api.js';
import { ConfirmDialog, DANGER, CopyableValue, LoadMore, RoleBadge, StatusBadge } from '../app/components.js';
import { fieldError, FormError } from '../app/forms.js';
import { formatDate, formatDateTime, formatRelative, isPast } from '../app/format.js';
import { IconAlert, IconKey, IconPlus } from '../app/icons.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { grantableRoles, ROLE_DESCRIPTIONS, ROLE_LABELS } from '../app/permissions.js';
import { usePagedList } from '../app/queries.js';
import { useSignedIn } from '../app/session.js';

type TokenRole = 'admin' | 'analyst' | 'auditor' | 'viewer';
const TOKEN_ROLES: readonly TokenRole[] = ['admin', 'analyst', 'auditor', 'viewer'];

interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: TokenRole;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

const TOKENS_KEY = ['tokens'] as const;

const EXPIRY_OPTIONS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '180', label: '180 days' },
  { value: '366', label: '1 year' },
];

export default function TokensPage() {
  const { can } = useSignedIn();
  const [createOpened, create] = useDisclosure(false);
  return (
    <Page
      title="API tokens"
      description="Credentials for scripts and integrations that call the Vigil API. Each token acts with the role you give it, in this organization only."
      actions={
        can('tokens.manage') ? (
          <Button leftSection={<IconPlus size={18} />} onClick={create.open}>
            Create token
          </Button>
        ) : null
      }
    >
      <TokenTable />
      <CreateTokenDialog opened={createOpened} onClose={create.close} />
    </Page>
  );
}

function tokenStatus(t: ApiToken): { label: string; color: string } {
  if (t.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (isPast(t.expiresAt)) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'teal' };
}

function TokenTable() {
  const { can } = useSignedIn();
  const manage = can('tokens.manage');
  const list = usePagedList<ApiToken>(TOKENS_KEY, '/api/v1/tokens');
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (t: ApiToken) => api<ApiToken>(`/api/v1/tokens/${t.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });

  if (list.error && !list.items) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.items) return <Loading label="Loading tokens…" />;
  if (list.items.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <Stack align="center" gap="xs" py="lg">
          <IconKey size={32} />
          <Text fw={600}>No API tokens yet</Text>
          <Text c="dimmed" size="sm" ta="center" maw={460}>
            Create a token to let a script, CI pipeline or integration use the Vigil API. Its secret is shown once, when you create it.
          </Text>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={860}>
        <Table className="data-table" highlightOnHover aria-label="API tokens">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Token</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col">Last used</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              {manage ? (
                <Table.Th scope="col">
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((t) => {
              const status = tokenStatus(t);
              const active = status.label === 'Active';
              return (
                <Table.Tr key={t.id} data-muted={active ? undefined : true}>
                  <Table.Td fw={500}>{t.name}</Table.Td>
                  <Table.Td>
                    <Code className="mono">{t.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge role={t.role} />
                  </Table.Td>
                  <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                  <Table.Td>
                    <Tooltip label={formatDateTime(t.expiresAt)} withArrow>
                      <span tabIndex={0}>{t.revokedAt ? '—' : formatRelative(t.expiresAt)}</span>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatRelative(t.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    <StatusBadge color={status.color}>{t.revokedAt ? `Revoked ${formatDate(t.revokedAt)}` : status.label}</StatusBadge>
                  </Table.Td>
                  {manage ? (
                    <Table.Td ta="right">
                      {active ? (
                        <Button size="xs" variant="subtle" color={DANGER} onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name}`}>
                          Revoke
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack px="lg" pb="md">
        <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="tokens" />
      </Stack>
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke API token"
        confirmLabel="Revoke token"
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        pending={revoke.isPending}
        error={revoke.error}
      >
        <Text>
          Anything using <strong>{revoking?.name}</strong> (<Code>{revoking?.prefix}…</Code>) will be refused from now on. This cannot be undone.
        </Text>
      </ConfirmDialog>
    </Paper>
  );
}

function CreateTokenDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { role } = useSignedIn();
  const queryClient = useQueryClient();
  const roles = TOKEN_ROLES.filter((r) => grantableRoles(role).includes(r));
  const [name, setName] = useState('');
  const [tokenRole, setTokenRole] = useState<TokenRole>('viewer');
  const [expiry, setExpiry] = useState('90');
  const [nameMissing, setNameMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: { name: string; role: TokenRole; expiresInDays: number }) => api<{ token: ApiToken; secret: string }>('/api/v1/tokens', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
  const created = mutation.data;

  function close() {
    setName('');
    setTokenRole('viewer');
    setExpiry('90');
    setNameMissing(false);
    mutation.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setNameMissing(!name.trim());
    if (name.trim()) mutation.mutate({ name: name.trim(), role: tokenRole, expiresInDays: Number(expiry) });
  }

  return (
    <Modal opened={opened} onClose={close} title={created ? 'Token created' : 'Create API token'} centered size="lg" closeOnClickOutside={!created}>
      {created ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlert />} title="Copy the secret now — it will not be shown again" role="alert">
            Vigil stores only a fingerprint of it. Keep it in a secret store; if it is lost, revoke the token and create a new one.
          </Alert>
          <CopyableValue label="Token secret" value={created.secret} description={`${created.token.name} · ${ROLE_LABELS[created.token.role]} · expires ${formatDate(created.token.expiresAt)}`} />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Example
            </Text>
            <Code block className="mono">{`curl -H "Authorization: Bearer $VIGIL_TOKEN" \\\n  ${window.location.origin}/api/v1/organization`}</Code>
          </div>
          <Group justify="flex-end">
            <Button onClick={close}>I have copied it</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError error={mutation.error} fields={['name', 'role', 'expiresInDays']} />
            <TextInput
              label="Name"
              description="What uses this token, e.g. “CI SBOM upload”. It appears in the audit log."
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameMissing ? 'Enter a name' : fieldError(mutation.error, 'name')}
              data-autofocus
            />
            <Select
              label="Role"
              required
              data={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              value={tokenRole}
              allowDeselect={false}
              onChange={(v) => v && setTokenRole(v as TokenRole)}
              description={ROLE_DESCRIPTIONS[tokenRole]}
              error={fieldError(mutation.error, 'role')}
            />
            <Select
              label="Expires after"
              required
              data={EXPIRY_OPTIONS}
              value={expiry}
              allowDeselect={false}
              onChange={(v) => v && setExpiry(v)}
              error={fieldError(mutation.error, 'expiresInDays')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
