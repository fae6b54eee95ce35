import { Alert, Button, Code, Group, Paper, PasswordInput, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../app/api.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { PROVIDER_KEY_KEY, type ProviderKey } from './api.js';

/** The organization's CSAF signing key: its public part and where the directory serves it; generate a new one or import one. */
export default function ProviderSettings() {
  const { can, session } = useSignedIn();
  const client = useQueryClient();
  const key = useQuery({ queryKey: PROVIDER_KEY_KEY, queryFn: () => api<{ key: ProviderKey | null }>('/api/v1/provider/key') });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [armoredKey, setArmoredKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const done = () => client.invalidateQueries({ queryKey: PROVIDER_KEY_KEY });
  const generate = useMutation({ mutationFn: () => api('/api/v1/provider/key', { method: 'POST', body: { name, email } }), onSuccess: done });
  const importKey = useMutation({ mutationFn: () => api('/api/v1/provider/key/import', { method: 'POST', body: { armoredKey, ...(passphrase ? { passphrase } : {}) } }), onSuccess: done });
  const slug = session.organizations.find((o) => o.id === session.activeOrganizationId)?.slug;
  return (
    <Page title="CSAF provider settings" description="The OpenPGP key that signs your published advisories, and your trusted-provider directory.">
      <Stack>
        <QueryState query={key}>
          {(data) => data.key ? (
            <Paper withBorder p="md" aria-label="Signing key">
              <Title order={4}>Signing key</Title>
              <Text>Fingerprint: <Code data-testid="key-fingerprint">{data.key.fingerprint}</Code></Text>
              <Text size="sm">{data.key.userId} · {data.key.algorithm} · created {data.key.createdAt}</Text>
              {slug && <Text size="sm">Directory: <Code>/.well-known/csaf/{slug}/provider-metadata.json</Code></Text>}
            </Paper>
          ) : <Alert color="yellow">No signing key yet: advisories cannot be published until you generate or import one.</Alert>}
        </QueryState>
        {can('provider.manage') && (
          <>
            <Paper withBorder p="md">
              <form onSubmit={(e) => { e.preventDefault(); generate.mutate(); }}>
                <Title order={4}>Generate a new key (ed25519)</Title>
                <Group align="end">
                  <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
                  <TextInput label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
                  <Button type="submit" loading={generate.isPending}>Generate key</Button>
                </Group>
                {generate.error && <Alert color="red" mt="sm" role="alert">{errorMessage(generate.error)}</Alert>}
              </form>
            </Paper>
            <Paper withBorder p="md">
              <form onSubmit={(e) => { e.preventDefault(); importKey.mutate(); }}>
                <Title order={4}>Import a key</Title>
                <Textarea label="Armored private key" autosize minRows={3} value={armoredKey} onChange={(e) => setArmoredKey(e.currentTarget.value)} required />
                <PasswordInput label="Passphrase (if the key is encrypted)" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} />
                <Button type="submit" mt="sm" loading={importKey.isPending}>Import key</Button>
                {importKey.error && <Alert color="red" mt="sm" role="alert">{errorMessage(importKey.error)}</Alert>}
              </form>
            </Paper>
          </>
        )}
      </Stack>
    </Page>
  );
}
