import { Alert, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../app/api.js';
import { ConfirmDialog, DANGER, CopyableValue, LoadMore, RoleBadge, StatusBadge } from '../app/components.js';
import { fieldError, FormError } from '../app/forms.js';
import { formatDate, formatRelative } from '../app/format.js';
import { IconAlert, IconMail, IconPlus } from '../app/icons.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { grantableRoles, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from '../app/permissions.js';
import { usePagedList } from '../app/queries.js';
import { SESSION_KEY, useSignedIn } from '../app/session.js';
import { INVITATIONS_KEY, MEMBERS_KEY, type CreatedInvitation, type Invitation, type InvitationStatus, type Member } from './api.js';

export default function MembersPage() {
  const { can } = useSignedIn();
  const [inviteOpened, invite] = useDisclosure(false);
  return (
    <Page
      title="Members"
      description="People who can sign in to this organization, and the role that decides what each of them can do."
      actions={
        can('invitations.manage') ? (
          <Button leftSection={<IconPlus size={18} />} onClick={invite.open}>
            Invite member
          </Button>
        ) : null
      }
    >
      <MembersTable />
      {can('invitations.read') ? <InvitationsTable /> : null}
      <InviteDialog opened={inviteOpened} onClose={invite.close} />
    </Page>
  );
}

function MembersTable() {
  const { session, role, can } = useSignedIn();
  const list = usePagedList<Member>(MEMBERS_KEY, '/api/v1/members');
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Member | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const manage = can('members.manage');
  const grantable = grantableRoles(role);

  const changeRole = useMutation({
    mutationFn: ({ member, role: next }: { member: Member; role: Role }) => api<Member>(`/api/v1/members/${member.userId}`, { method: 'PATCH', body: { role: next } }),
    onMutate: () => setRowError(null),
    onError: (e, { member }) => setRowError(`Could not change the role of ${member.name}: ${errorMessage(e)}`),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: MEMBERS_KEY });
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  const remove = useMutation({
    mutationFn: (member: Member) => api(`/api/v1/members/${member.userId}`, { method: 'DELETE' }),
    onSuccess: (_data, member) => {
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: MEMBERS_KEY });
      if (member.userId === session.user.id) void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });

  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="members-heading">
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <Title order={2} size="h4" id="members-heading">
          People
        </Title>
      </Group>
      {rowError ? (
        <Alert color="red" variant="light" icon={<IconAlert />} role="alert" mx="lg" mb="sm" withCloseButton closeButtonLabel="Dismiss" onClose={() => setRowError(null)}>
          {rowError}
        </Alert>
      ) : null}
      {list.error && !list.items ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.items ? (
        <Loading label="Loading members…" />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table className="data-table" highlightOnHover aria-labelledby="members-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Joined</Table.Th>
                {manage ? (
                  <Table.Th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((m) => {
                const self = m.userId === session.user.id;
                // Only owners grant or take away ownership (the server enforces it too).
                const canEdit = manage && (m.role !== 'owner' || role === 'owner');
                return (
                  <Table.Tr key={m.userId}>
                    <Table.Td fw={500}>
                      {m.name}
                      {self ? (
                        <Text span c="dimmed" size="sm">
                          {' '}
                          (you)
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{m.email}</Table.Td>
                    <Table.Td>
                      {canEdit ? (
                        <Select
                          aria-label={`Role of ${m.name}`}
                          size="xs"
                          w={140}
                          data={grantable.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                          value={m.role}
                          allowDeselect={false}
                          disabled={changeRole.isPending}
                          onChange={(value) => {
                            if (value && value !== m.role) changeRole.mutate({ member: m, role: value as Role });
                          }}
                        />
                      ) : (
                        <RoleBadge role={m.role} />
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(m.joinedAt)}</Table.Td>
                    {manage ? (
                      <Table.Td ta="right">
                        {canEdit ? (
                          <Button size="xs" variant="subtle" color={DANGER} onClick={() => setRemoving(m)} aria-label={`Remove ${m.name}`}>
                            Remove
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
      )}
      <Stack px="lg" pb="md">
        <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items?.length ?? 0} noun="members" />
      </Stack>
      <ConfirmDialog
        opened={removing !== null}
        title="Remove member"
        confirmLabel="Remove member"
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing)}
        pending={remove.isPending}
        error={remove.error}
      >
        {removing?.userId === session.user.id ? (
          <Text>You are about to remove yourself. You will lose access to this organization at once.</Text>
        ) : (
          <Text>
            <strong>{removing?.name}</strong> ({removing?.email}) will lose access to this organization at once. Their account stays; you can invite them again later.
          </Text>
        )}
      </ConfirmDialog>
    </Paper>
  );
}

const STATUS_COLORS: Record<InvitationStatus, string> = { pending: 'blue', accepted: 'teal', revoked: 'gray', expired: 'orange' };
const STATUS_LABELS: Record<InvitationStatus, string> = { pending: 'Pending', accepted: 'Accepted', revoked: 'Revoked', expired: 'Expired' };

function InvitationsTable() {
  const { can } = useSignedIn();
  const list = usePagedList<Invitation>(INVITATIONS_KEY, '/api/v1/invitations');
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const manage = can('invitations.manage');
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => api<Invitation>(`/api/v1/invitations/${inv.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });

  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="invitations-heading">
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <Title order={2} size="h4" id="invitations-heading">
          Invitations
        </Title>
      </Group>
      {list.error && !list.items ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.items ? (
        <Loading label="Loading invitations…" />
      ) : list.items.length === 0 ? (
        <Text c="dimmed" px="lg" pb="lg">
          No invitations yet.{manage ? ' Use “Invite member” to add someone by e-mail.' : ''}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table className="data-table" highlightOnHover aria-labelledby="invitations-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Sent</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                {manage ? (
                  <Table.Th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((inv) => (
                <Table.Tr key={inv.id} data-muted={inv.status === 'pending' ? undefined : true}>
                  <Table.Td fw={500}>{inv.email}</Table.Td>
                  <Table.Td>
                    <RoleBadge role={inv.role} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge color={STATUS_COLORS[inv.status]}>{STATUS_LABELS[inv.status]}</StatusBadge>
                  </Table.Td>
                  <Table.Td>{formatDate(inv.createdAt)}</Table.Td>
                  <Table.Td>{inv.status === 'pending' ? formatRelative(inv.expiresAt) : '—'}</Table.Td>
                  {manage ? (
                    <Table.Td ta="right">
                      {inv.status === 'pending' ? (
                        <Button size="xs" variant="subtle" color={DANGER} onClick={() => setRevoking(inv)} aria-label={`Revoke invitation for ${inv.email}`}>
                          Revoke
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Stack px="lg" pb="md">
        {list.items && list.items.length > 0 ? (
          <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="invitations" />
        ) : null}
      </Stack>
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke invitation"
        confirmLabel="Revoke invitation"
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        pending={revoke.isPending}
        error={revoke.error}
      >
        <Text>
          The invitation link sent to <strong>{revoking?.email}</strong> will stop working. You can send a new invitation later.
        </Text>
      </ConfirmDialog>
    </Paper>
  );
}

function InviteDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { role } = useSignedIn();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<Role>('analyst');
  const [emailMissing, setEmailMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: { email: string; role: Role }) => api<CreatedInvitation>('/api/v1/invitations', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
  const created = mutation.data;

  function close() {
    setEmail('');
    setInviteRole('analyst');
    setEmailMissing(false);
    mutation.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setEmailMissing(!email.trim());
    if (email.trim()) mutation.mutate({ email: email.trim(), role: inviteRole });
  }

  const roles = grantableRoles(role);
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Invitation created' : 'Invite a member'} centered size="lg">
      {created ? (
        <Stack gap="md">
          <Text>
            Send this link to <strong>{created.invitation.email}</strong>. Whoever opens it can join as {ROLE_LABELS[created.invitation.role].toLowerCase()} until{' '}
            {formatDate(created.invitation.expiresAt)}.
          </Text>
          <Alert color="orange" variant="light" icon={<IconAlert />} title="Shown only once">
            Vigil does not send e-mail and keeps only a fingerprint of this link. Copy it now and share it through a channel you trust; if it is lost, revoke the invitation and send a new one.
          </Alert>
          <CopyableValue label="Invitation link" value={`${window.location.origin}${created.acceptPath}`} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              You get a link to pass on; the person opens it to set their name and password and joins this organization.
            </Text>
            <FormError error={mutation.error} fields={['email', 'role']} />
            <TextInput
              label="E-mail address"
              type="email"
              required
              leftSection={<IconMail size={16} />}
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={emailMissing ? 'Enter an e-mail address' : fieldError(mutation.error, 'email')}
              data-autofocus
            />
            <Select
              label="Role"
              required
              data={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              value={inviteRole}
              allowDeselect={false}
              onChange={(v) => v && setInviteRole(v as Role)}
              description={ROLE_DESCRIPTIONS[inviteRole]}
              error={fieldError(mutation.error, 'role')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                Create invitation
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
