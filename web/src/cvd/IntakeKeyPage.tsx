import { Alert, Anchor, Button, Code, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, isApiError } from '../app/api.js';
import { ConfirmDialog } from '../app/components.js';
import { formatDateTime } from '../app/format.js';
import { fieldError, FormError } from '../app/forms.js';
import { ErrorAlert, Forbidden, Loading, Page } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { INTAKE_KEY_KEY, type IntakeKey } from './api.js';

/**
 * /disclosure/settings — the OpenPGP public key reporters encrypt to (provider.manage). The
 * public report form and security.txt point to it; withdrawing it closes the encrypted path.
 */
export default function IntakeKeyPage() {
  const { can, activeOrganization } = useSignedIn();
  const client = useQueryClient();
  const key = useQuery({ queryKey: INTAKE_KEY_KEY, queryFn: ({ signal }) => api<IntakeKey>('/api/v1/cvd/intake-key', { signal }), retry: false });
  const [armored, setArmored] = useState('');
  const [withdrawing, setWithdrawing] = useState(false);
  const publish = useMutation({
    mutationFn: () => api<IntakeKey>('/api/v1/cvd/intake-key', { method: 'PUT', body: { armoredKey: armored.trim() } }),
    onSuccess: (saved) => {
      setArmored('');
      client.setQueryData(INTAKE_KEY_KEY, saved);
    },
  });
  const withdraw = useMutation({
    mutationFn: () => api<void>('/api/v1/cvd/intake-key', { method: 'DELETE' }),
    onSuccess: () => {
      setWithdrawing(false);
      client.removeQueries({ queryKey: INTAKE_KEY_KEY });
      void client.invalidateQueries({ queryKey: INTAKE_KEY_KEY });
    },
  });
  const manage = can('provider.manage');
  const missing = isApiError(key.error, 404);
  const slug = activeOrganization?.slug ?? '';
  return (
    <Page
      title="Intake key"
      narrow
      description={
        <>
          The OpenPGP public key researchers use to encrypt reports. It is published at the{' '}
          <Anchor component={Link} to={`/report/${slug}`}>
            public report form
          </Anchor>{' '}
          and in{' '}
          <Anchor href={`/.well-known/security.txt?org=${encodeURIComponent(slug)}`} target="_blank">
            security.txt
          </Anchor>
          . Keep the private key offline; Vigil stores encrypted reports as received.
        </>
      }
    >
      {!can('cvd.read') ? <Forbidden what="the intake key" /> : null}
      {key.isPending ? <Loading /> : null}
      {key.error && !missing ? <ErrorAlert error={key.error} /> : null}
      {missing ? (
        <Alert variant="light" color="orange" role="status">
          No key is published: reporters can use only the plain form.
        </Alert>
      ) : null}
      {key.data ? (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Published key">
          <Stack gap="xs">
            <Title order={2} size="h4">
              Published key
            </Title>
            <Text size="sm">
              Fingerprint <Code data-testid="key-fingerprint">{key.data.fingerprint}</Code>
            </Text>
            <Text size="sm">User ids: {key.data.userIds.join(', ') || '—'}</Text>
            <Text size="sm" c="dimmed">
              Updated {formatDateTime(key.data.updatedAt)}
            </Text>
            {manage ? (
              <Button color="red.9" variant="light" w="fit-content" onClick={() => setWithdrawing(true)}>
                Withdraw key
              </Button>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
      {manage ? (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Publish a key">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              publish.mutate();
            }}
          >
            <Stack gap="sm">
              <Textarea
                label={key.data ? 'Replace with a new public key' : 'Public key'}
                description="Armored OpenPGP public key with an encryption subkey (gpg --armor --export)"
                placeholder="-----BEGIN PGP PUBLIC KEY BLOCK-----"
                autosize
                minRows={6}
                ff="monospace"
                value={armored}
                onChange={(e) => setArmored(e.currentTarget.value)}
                error={fieldError(publish.error, 'armoredKey')}
              />
              <FormError error={publish.error} fields={['armoredKey']} />
              <Group>
                <Button type="submit" loading={publish.isPending} disabled={!armored.trim()}>
                  Publish key
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : (
        <Text size="sm" c="dimmed">
          Only admins (provider.manage) publish or withdraw the intake key.
        </Text>
      )}
      <ConfirmDialog opened={withdrawing} title="Withdraw the intake key?" confirmLabel="Withdraw" onConfirm={() => withdraw.mutate()} onClose={() => setWithdrawing(false)} pending={withdraw.isPending} error={withdraw.error}>
        <Text size="sm">Reporters will no longer be able to send encrypted reports until a new key is published.</Text>
      </ConfirmDialog>
    </Page>
  );
}
