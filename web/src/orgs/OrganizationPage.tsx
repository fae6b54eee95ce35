import { Alert, Button, Group, Paper, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError, request } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { formatDateTime } from '../app/format.js';
import { IconCheck, IconInfo } from '../app/icons.js';
import { Page, QueryState } from '../app/Page.js';
import { ORG_KIND_LABELS, type OrgKind } from '../app/permissions.js';
import { SESSION_KEY, useSignedIn } from '../app/session.js';
import { ORG_KEY, type Organization } from './api.js';

interface Versioned {
  readonly org: Organization;
  /** The ETag to send back in If-Match so a concurrent change is not overwritten. */
  readonly etag: string | null;
}

async function fetchOrganization(): Promise<Versioned> {
  const response = await request<Organization>('/api/v1/organization');
  return { org: response.data, etag: response.headers.get('etag') };
}

const KINDS: { value: OrgKind; description: string }[] = [
  { value: 'manufacturer', description: 'Builds and supports medical devices.' },
  { value: 'healthcare_provider', description: 'Operates medical devices in clinical care (hospital, clinic, health system).' },
  { value: 'both', description: 'Does both, for example a health system that also develops devices.' },
];

export default function OrganizationPage() {
  const query = useQuery({ queryKey: ORG_KEY, queryFn: fetchOrganization });
  return (
    <Page title="Organization" description="The name and kind of the active organization. The kind decides which capabilities Vigil puts forward." narrow>
      <QueryState query={query}>{(data) => <OrganizationForm key={data.org.id} data={data} onReload={async () => (await query.refetch()).data} />}</QueryState>
    </Page>
  );
}

function OrganizationForm({ data, onReload }: { data: Versioned; onReload: () => Promise<Versioned | undefined> }) {
  const { can } = useSignedIn();
  const editable = can('org.update');
  const queryClient = useQueryClient();
  const [name, setName] = useState(data.org.name);
  const [kind, setKind] = useState<OrgKind>(data.org.kind);
  const [nameMissing, setNameMissing] = useState(false);

  const mutation = useMutation({
    mutationFn: async (patch: { name: string; kind: OrgKind }) => {
      const response = await request<Organization>('/api/v1/organization', {
        method: 'PATCH',
        body: patch,
        headers: data.etag ? { 'if-match': data.etag } : {},
      });
      return { org: response.data, etag: response.headers.get('etag') };
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(ORG_KEY, saved);
      // The header's organization switcher shows the name.
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });

  const dirty = name.trim() !== data.org.name || kind !== data.org.kind;
  const stale = isApiError(mutation.error, 412);

  function submit(event: FormEvent) {
    event.preventDefault();
    setNameMissing(!name.trim());
    if (!name.trim()) return;
    mutation.mutate({ name: name.trim(), kind });
  }

  return (
    <Paper withBorder radius="md" p="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          {!editable ? (
            <Alert variant="light" color="gray" icon={<IconInfo />}>
              Only owners and admins can change these settings.
            </Alert>
          ) : null}
          {mutation.isSuccess && !dirty ? (
            <Alert variant="light" color="teal" icon={<IconCheck />} role="status">
              Settings saved.
            </Alert>
          ) : null}
          {stale ? (
            <Alert variant="light" color="orange" role="alert" title="Someone else changed this organization">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">It changed since you opened this page, so your edit was not saved. Reload to see the current settings, then make your change again.</Text>
                <Button
                  size="xs"
                  variant="default"
                  onClick={async () => {
                    const fresh = await onReload();
                    if (fresh) {
                      setName(fresh.org.name);
                      setKind(fresh.org.kind);
                    }
                    mutation.reset();
                  }}
                >
                  Reload settings
                </Button>
              </Stack>
            </Alert>
          ) : (
            <FormError error={mutation.error} fields={['name', 'kind']} />
          )}

          <TextInput
            label="Name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            readOnly={!editable}
            error={nameMissing ? 'Enter a name' : fieldError(mutation.error, 'name')}
          />
          <TextInput label="Identifier (slug)" value={data.org.slug} readOnly description="Used in URLs and exports; it does not change." classNames={{ input: 'mono' }} />

          <Radio.Group label="Kind of organization" value={kind} onChange={(v) => setKind(v as OrgKind)} error={fieldError(mutation.error, 'kind')}>
            <Stack gap="sm" mt="xs">
              {KINDS.map((k) => (
                <Radio key={k.value} value={k.value} label={ORG_KIND_LABELS[k.value]} description={k.description} disabled={!editable} />
              ))}
            </Stack>
          </Radio.Group>

          <Group justify="space-between" align="center">
            <Text size="sm" c="dimmed">
              Last changed {formatDateTime(data.org.updatedAt)}
            </Text>
            {editable ? (
              <Group gap="sm">
                <Button
                  variant="default"
                  disabled={!dirty || mutation.isPending}
                  onClick={() => {
                    setName(data.org.name);
                    setKind(data.org.kind);
                    mutation.reset();
                  }}
                >
                  Discard changes
                </Button>
                <Button type="submit" loading={mutation.isPending} disabled={!dirty}>
                  Save changes
                </Button>
              </Group>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
