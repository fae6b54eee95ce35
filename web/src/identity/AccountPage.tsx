import { Alert, Button, Group, Paper, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../app/api.js';
import { RoleBadge } from '../app/components.js';
import { fieldError, FormError } from '../app/forms.js';
import { IconCheck } from '../app/icons.js';
import { Page } from '../app/Page.js';
import { ORG_KIND_LABELS } from '../app/permissions.js';
import { useSignedIn } from '../app/session.js';

const MIN_PASSWORD = 12;

export default function AccountPage() {
  const { session } = useSignedIn();
  return (
    <Page title="Account" description="Your profile, your organizations and your password." narrow>
      <Paper withBorder radius="md" p="lg">
        <Title order={2} size="h4" mb="sm">
          Profile
        </Title>
        <Stack gap={4}>
          <Text fw={600}>{session.user.name}</Text>
          <Text c="dimmed">{session.user.email}</Text>
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Title order={2} size="h4" mb="sm">
          Your organizations
        </Title>
        {session.organizations.length === 0 ? (
          <Text c="dimmed">You are not a member of any organization.</Text>
        ) : (
          <Table className="data-table" aria-label="Your organizations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Organization</Table.Th>
                <Table.Th scope="col">Kind</Table.Th>
                <Table.Th scope="col">Your role</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {session.organizations.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    {o.name}
                    {o.id === session.activeOrganizationId ? (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        (active)
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{ORG_KIND_LABELS[o.kind]}</Table.Td>
                  <Table.Td>
                    <RoleBadge role={o.role} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>

      <ChangePassword />
    </Page>
  );
}

function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<{ currentPassword?: string; newPassword?: string; confirm?: string }>({});
  const mutation = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api('/api/v1/auth/password', { method: 'POST', body }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setConfirm('');
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: typeof local = {};
    if (!currentPassword) problems.currentPassword = 'Enter your current password';
    if (newPassword.length < MIN_PASSWORD) problems.newPassword = `Use at least ${MIN_PASSWORD} characters`;
    if (confirm !== newPassword) problems.confirm = 'The new passwords do not match';
    setLocal(problems);
    if (Object.keys(problems).length === 0) mutation.mutate({ currentPassword, newPassword });
  }

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="change-password">
      <Title order={2} size="h4" id="change-password" mb={4}>
        Change password
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        Changing your password signs you out everywhere else.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={420}>
          {mutation.isSuccess ? (
            <Alert color="teal" variant="light" icon={<IconCheck />} role="status" title="Password changed">
              Your other sessions were signed out.
            </Alert>
          ) : null}
          <FormError error={mutation.error} fields={['currentPassword', 'newPassword']} />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={local.currentPassword ?? fieldError(mutation.error, 'currentPassword')}
          />
          <PasswordInput
            label="New password"
            description={`At least ${MIN_PASSWORD} characters.`}
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={local.newPassword ?? fieldError(mutation.error, 'newPassword')}
          />
          <PasswordInput label="Confirm new password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={local.confirm} />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
