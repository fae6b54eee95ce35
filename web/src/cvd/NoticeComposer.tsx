import { Alert, Anchor, Badge, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { fieldError, FormError } from '../app/forms.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { caseKey, casePath, noticesKey, type CaseDetail, type NoticeDraft, type NoticeFields, type NoticePreview, type SentNotice } from './api.js';

/** The toolkit's fields in the order the notice shows them: the plain-language key message first. */
const FIELDS: readonly { key: keyof NoticeFields; label: string; description: string; long: boolean }[] = [
  { key: 'headline', label: 'Headline', description: 'Product and what can happen, in plain words', long: false },
  { key: 'summary', label: 'Summary', description: 'What happened, who is affected, is there patient risk, what to do', long: true },
  { key: 'affectedProducts', label: 'Affected products', description: 'Products and versions affected (and not affected)', long: true },
  { key: 'patientSafetyImpact', label: 'Patient-safety impact', description: 'Say if there are known harms or exploitation', long: true },
  { key: 'actions', label: 'What to do now', description: 'By audience: biomed, IT security, clinicians', long: true },
  { key: 'compensatingControls', label: 'Compensating controls', description: 'What reduces the risk until the fix is installed', long: true },
  { key: 'fixAvailability', label: 'Fix availability', description: 'Fix version and how to get it, or when it is expected', long: true },
  { key: 'contact', label: 'Contact', description: 'Who customers reach with questions', long: false },
];

const EMPTY: NoticeFields = { headline: '', summary: '', affectedProducts: '', patientSafetyImpact: '', actions: '', compensatingControls: '', fixAvailability: '', contact: '' };

/** /disclosure/:caseId/notice — compose the customer notice, preview it as the server renders it, send it, and read the delivery log. */
export default function NoticeComposer() {
  const { caseId = '' } = useParams();
  const { can } = useSignedIn();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: caseKey(caseId), queryFn: ({ signal }) => api<CaseDetail>(`/api/v1/cvd/cases/${caseId}`, { signal }) });
  const notices = useQuery({ queryKey: noticesKey(caseId), queryFn: ({ signal }) => api<{ items: SentNotice[] }>(`/api/v1/cvd/cases/${caseId}/notices`, { signal }) });
  const draft = useQuery({ queryKey: [...noticesKey(caseId), 'draft'], queryFn: ({ signal }) => api<NoticeDraft>(`/api/v1/cvd/cases/${caseId}/notices/draft`, { signal }) });
  const [fields, setFields] = useState<NoticeFields>(EMPTY);
  const [view, setView] = useState<'html' | 'text'>('html');
  const body = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim()])) as unknown as NoticeFields;
  const preview = useMutation({ mutationFn: () => api<NoticePreview>(`/api/v1/cvd/cases/${caseId}/notices/preview`, { method: 'POST', body }) });
  const send = useMutation({
    mutationFn: () => api<SentNotice>(`/api/v1/cvd/cases/${caseId}/notices`, { method: 'POST', body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: noticesKey(caseId) });
      void client.invalidateQueries({ queryKey: caseKey(caseId) });
    },
  });
  const complete = FIELDS.every((f) => fields[f.key].trim());
  const fieldNames = FIELDS.map((f) => f.key);
  return (
    <Page
      title="Customer notice"
      description={
        detail.data ? (
          <>
            For case{' '}
            <Anchor component={Link} to={casePath(caseId)}>
              {detail.data.item.title}
            </Anchor>
            . Sent by e-mail to the customer contacts of the products the case links, and to the Vigil inbox of customers on this instance.
          </>
        ) : undefined
      }
    >
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="md" component="section" aria-label="Notice fields">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              preview.mutate();
            }}
          >
            <Stack gap="sm">
              {draft.data?.advisory && draft.data.fields ? (
                <Group gap="xs">
                  <Button variant="light" size="xs" onClick={() => setFields(draft.data.fields!)}>
                    Fill from advisory {draft.data.advisory.trackingId}
                  </Button>
                  <Text size="xs" c="dimmed">
                    So the notice says what the advisory says; fields it has nothing for stay empty.
                  </Text>
                </Group>
              ) : null}
              {FIELDS.map((f) =>
                f.long ? (
                  <Textarea key={f.key} label={f.label} description={f.description} required autosize minRows={2} maxLength={4000} value={fields[f.key]} onChange={(e) => setFields({ ...fields, [f.key]: e.currentTarget.value })} error={fieldError(preview.error ?? send.error, f.key)} />
                ) : (
                  <TextInput key={f.key} label={f.label} description={f.description} required maxLength={f.key === 'headline' ? 200 : 1000} value={fields[f.key]} onChange={(e) => setFields({ ...fields, [f.key]: e.currentTarget.value })} error={fieldError(preview.error ?? send.error, f.key)} />
                ),
              )}
              <FormError error={preview.error} fields={fieldNames} />
              <Group gap="sm">
                <Button type="submit" variant="default" loading={preview.isPending} disabled={!complete}>
                  Preview
                </Button>
                {can('advisories.publish') ? (
                  <Button onClick={() => send.mutate()} loading={send.isPending} disabled={!complete || !preview.data}>
                    Send notice
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">
                    Sending needs the advisories.publish permission (admins).
                  </Text>
                )}
              </Group>
              <FormError error={send.error} fields={fieldNames} title="The notice was not sent" />
              {send.data ? (
                <Alert color="teal" variant="light" role="status">
                  Sent to {send.data.deliveries.length} recipient(s), {send.data.deliveries.filter((x) => !x.ok).length} failed.
                </Alert>
              ) : null}
            </Stack>
          </form>
        </Paper>
        <Paper withBorder radius="md" p="md" component="section" aria-label="Preview">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h4">
                Preview
              </Title>
              <SegmentedControl size="xs" value={view} onChange={(v) => setView(v as 'html' | 'text')} data={[{ value: 'html', label: 'HTML' }, { value: 'text', label: 'Text' }]} />
            </Group>
            {preview.data ? (
              <>
                <Text size="sm" fw={600}>
                  {preview.data.subject}
                </Text>
                {view === 'html' ? (
                  // The server escapes every field in the HTML (renderNotice); a sandboxed frame keeps even that from running script or reaching Vigil's origin.
                  <iframe title="Notice HTML preview" sandbox="" srcDoc={preview.data.html} style={{ width: '100%', minHeight: 420, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} />
                ) : (
                  <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="notice-text">
                    {preview.data.text}
                  </Text>
                )}
                <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                  Recipients
                </Text>
                {preview.data.recipients.length === 0 ? (
                  <Text size="sm" c="orange.9">
                    No customer contacts for the products this case links; link a product and add its customers first.
                  </Text>
                ) : (
                  <Table aria-label="Notice recipients">
                    <Table.Tbody>
                      {preview.data.recipients.map((r) => (
                        <Table.Tr key={`${r.email}:${r.productName}`}>
                          <Table.Td>{r.customerName}</Table.Td>
                          <Table.Td>{r.email}</Table.Td>
                          <Table.Td>{r.productName}</Table.Td>
                          <Table.Td>{r.inbox ? <Badge variant="light">Vigil inbox too</Badge> : null}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </>
            ) : (
              <Text size="sm" c="dimmed">
                Fill in every field and choose Preview to see the notice as customers will receive it.
              </Text>
            )}
          </Stack>
        </Paper>
      </SimpleGrid>
      <Paper withBorder radius="md" p="md" component="section" aria-label="Delivery log">
        <Title order={2} size="h4" mb="sm">
          Sent notices and delivery log
        </Title>
        <QueryState query={notices}>
          {(data) =>
            data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No notice sent for this case yet.
              </Text>
            ) : (
              <Stack gap="md">
                {data.items.map((n) => (
                  <Stack key={n.id} gap={4}>
                    <Text size="sm" fw={600}>
                      {n.subject}
                    </Text>
                    <Text size="xs" c="dimmed">
                      Sent {formatDateTime(n.sentAt)} by {n.sentBy}
                    </Text>
                    <Table aria-label={`Deliveries of ${n.subject}`}>
                      <Table.Tbody>
                        {n.deliveries.map((x, i) => (
                          <Table.Tr key={i}>
                            <Table.Td>{x.channel === 'email' ? 'E-mail' : 'Vigil inbox'}</Table.Td>
                            <Table.Td>{x.recipient}</Table.Td>
                            <Table.Td c={x.ok ? 'teal.9' : 'red.9'}>{x.ok ? 'Delivered' : `Failed: ${x.error ?? ''}`}</Table.Td>
                            <Table.Td>{formatDateTime(x.at)}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Stack>
                ))}
              </Stack>
            )
          }
        </QueryState>
      </Paper>
    </Page>
  );
}
