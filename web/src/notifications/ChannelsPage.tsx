import { Alert, Badge, Button, Checkbox, Group, Paper, SegmentedControl, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../app/api.js';
import { CopyableValue } from '../app/components.js';
import { formatDateTime } from '../app/format.js';
import { fieldError, FormError } from '../app/forms.js';
import { ErrorAlert, Page, QueryState } from '../app/Page.js';

/** Shapes of src/modules/notifications/routes.ts. */
interface Channel {
  readonly id: string;
  readonly kind: 'email' | 'webhook';
  readonly name: string;
  readonly enabled: boolean;
  readonly events: string[];
  readonly recipients: string[];
  readonly url: string | null;
}
interface Delivery {
  readonly id: string;
  readonly channelName: string;
  readonly event: string;
  readonly title: string;
  readonly state: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

const EVENTS = [
  { value: 'kev_hit', label: 'New KEV hit' },
  { value: 'uncontrolled', label: 'Newly uncontrolled risk' },
  { value: 'clock_approaching', label: 'Clock due soon' },
  { value: 'clock_missed', label: 'Clock missed' },
  { value: 'risk_review', label: 'Risk acceptance due for re-review' },
  { value: 'training_expiring', label: 'Training expiring within 30 days' },
  { value: 'policy_review', label: 'Policy review due within 30 days' },
  { value: 'end_of_support', label: 'Fleet model nearing end of support' },
];
const KEY = ['notifications'] as const;
const STATE_COLORS = { pending: 'orange.8', delivered: 'teal.8', failed: 'red.9' } as const;

/** Notification channels (e-mail, signed webhooks) and what was delivered. */
export default function ChannelsPage() {
  const channels = useQuery({ queryKey: [...KEY, 'channels'], queryFn: ({ signal }) => api<{ items: Channel[] }>('/api/v1/notifications/channels', { signal }) });
  const deliveries = useQuery({ queryKey: [...KEY, 'deliveries'], queryFn: ({ signal }) => api<{ items: Delivery[] }>('/api/v1/notifications/deliveries', { signal, query: { limit: 50 } }), refetchInterval: 5000 });
  return (
    <Page title="Notifications" description="Where Vigil tells people about new KEV hits, newly uncontrolled risks and clocks that are due soon or missed: e-mail through the server’s SMTP settings, or webhooks signed with HMAC-SHA256.">
      <NewChannel />
      <QueryState query={channels}>{({ items }) => <ChannelsTable channels={items} />}</QueryState>
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="deliveries-heading">
        <Title order={2} size="h4" id="deliveries-heading" mb="xs">
          Deliveries
        </Title>
        <QueryState query={deliveries}>
          {({ items }) =>
            items.length === 0 ? (
              <Text size="sm">Nothing sent yet.</Text>
            ) : (
              <Table className="data-table" aria-label="Deliveries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Queued</Table.Th>
                    <Table.Th scope="col">Channel</Table.Th>
                    <Table.Th scope="col">Notification</Table.Th>
                    <Table.Th scope="col">State</Table.Th>
                    <Table.Th scope="col">Attempts</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                      <Table.Td>{d.channelName}</Table.Td>
                      <Table.Td>{d.title}</Table.Td>
                      <Table.Td>
                        <Badge color={STATE_COLORS[d.state]} radius="sm" tt="none">
                          {d.state}
                        </Badge>
                        {d.lastError ? <Text size="xs">{d.lastError}</Text> : null}
                      </Table.Td>
                      <Table.Td>{d.attempts}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Paper>
    </Page>
  );
}

function NewChannel() {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'email' | 'webhook'>('email');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [events, setEvents] = useState<string[]>(EVENTS.map((e) => e.value));
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api<Channel & { secret: string | null }>('/api/v1/notifications/channels', {
        method: 'POST',
        body: { kind, name: name.trim(), events, ...(kind === 'email' ? { recipients: target.split(/[,\s]+/).filter(Boolean) } : { url: target.trim() }) },
      }),
    onSuccess: (c) => {
      setSecret(c.secret);
      setName('');
      setTarget('');
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="new-channel-heading">
      <Title order={2} size="h4" id="new-channel-heading" mb="xs">
        Add a channel
      </Title>
      <form onSubmit={submit} aria-label="New channel">
        <Stack gap="sm">
          <SegmentedControl value={kind} onChange={(v) => setKind(v as 'email' | 'webhook')} data={[{ value: 'email', label: 'E-mail' }, { value: 'webhook', label: 'Webhook' }]} aria-label="Channel kind" w={240} />
          <Group align="end">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required w={220} error={fieldError(create.error, 'name')} />
            <TextInput
              label={kind === 'email' ? 'Recipients (comma-separated)' : 'Webhook URL'}
              value={target}
              onChange={(e) => setTarget(e.currentTarget.value)}
              required
              w={420}
              error={fieldError(create.error, kind === 'email' ? 'recipients' : 'url')}
            />
          </Group>
          <Checkbox.Group label="Events" value={events} onChange={setEvents}>
            <Group mt={4}>
              {EVENTS.map((e) => (
                <Checkbox key={e.value} value={e.value} label={e.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <FormError error={create.error} fields={['name', 'recipients', 'url', 'events']} />
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || !target.trim() || events.length === 0}>
              Add channel
            </Button>
          </Group>
          {secret ? (
            <Alert color="orange" variant="light" title="Signing secret — shown only now">
              <CopyableValue value={secret} label="Webhook secret" description="Verify each request: HMAC-SHA256 of “timestamp.body” with this secret equals v1 in the Vigil-Signature header." />
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}

function ChannelsTable({ channels }: { channels: Channel[] }) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: 'patch' | 'delete' | 'test'; body?: unknown }) =>
      action === 'test' ? api(`/api/v1/notifications/channels/${id}/test`, { method: 'POST' }) : api(`/api/v1/notifications/channels/${id}`, { method: action === 'patch' ? 'PATCH' : 'DELETE', ...(body ? { body } : {}) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
  if (channels.length === 0) return <Text size="sm">No channel yet: nobody is notified.</Text>;
  return (
    <>
      {change.error ? <ErrorAlert error={change.error} /> : null}
      <Table className="data-table" aria-label="Notification channels">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Sends to</Table.Th>
            <Table.Th scope="col">Events</Table.Th>
            <Table.Th scope="col">Enabled</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {channels.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                {c.name} <Text span size="xs" c="dimmed">({c.kind === 'email' ? 'e-mail' : 'webhook'})</Text>
              </Table.Td>
              <Table.Td className="mono" style={{ overflowWrap: 'anywhere' }}>
                {c.kind === 'email' ? c.recipients.join(', ') : c.url}
              </Table.Td>
              <Table.Td>{c.events.map((e) => EVENTS.find((x) => x.value === e)?.label ?? e).join(', ')}</Table.Td>
              <Table.Td>
                <Switch aria-label={`Enable ${c.name}`} checked={c.enabled} onChange={(e) => change.mutate({ id: c.id, action: 'patch', body: { enabled: e.currentTarget.checked } })} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => change.mutate({ id: c.id, action: 'test' })}>
                    Send test
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => change.mutate({ id: c.id, action: 'delete' })}>
                    Remove
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
