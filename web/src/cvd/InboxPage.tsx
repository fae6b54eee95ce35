import { Accordion, Badge, Group, Paper, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { Forbidden, Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { INBOX_KEY, type InboxNotice } from './api.js';

/**
 * /notices — the security notices manufacturers on this instance sent to this organization
 * (a hospital named as their customer). Shown as the plain-text version: the same words as
 * the e-mail, and nothing a manufacturer typed can run here.
 */
export default function InboxPage() {
  const { can } = useSignedIn();
  const inbox = useQuery({ queryKey: INBOX_KEY, queryFn: ({ signal }) => api<{ items: InboxNotice[] }>('/api/v1/notices/inbox', { signal }) });
  if (!can('advisories.read')) return <Forbidden what="security notices" />;
  return (
    <Page title="Security notices" description="Notices from your device manufacturers on this Vigil instance, newest first: what is affected, the patient-safety impact, what to do now and when a fix is available.">
      <Paper withBorder radius="md" p="md" component="section" aria-label="Notices">
        <QueryState query={inbox} loadingLabel="Loading notices…">
          {({ items }) =>
            items.length === 0 ? (
              <Text c="dimmed">No notices yet. Manufacturers that list your organization as a customer send them here.</Text>
            ) : (
              <Accordion variant="separated" multiple aria-label="Security notices">
                {items.map((n) => (
                  <Accordion.Item key={n.id} value={n.id}>
                    <Accordion.Control>
                      <Group gap="sm" wrap="nowrap">
                        <Badge variant="light">{n.manufacturer}</Badge>
                        <Text fw={600}>{n.subject}</Text>
                        <Text size="sm" c="dimmed">
                          {formatDateTime(n.receivedAt)}
                        </Text>
                      </Group>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {n.text}
                      </Text>
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            )
          }
        </QueryState>
      </Paper>
    </Page>
  );
}
