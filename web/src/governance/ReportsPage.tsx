import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Page } from '../app/Page.js';

/** /reports: the executive summary as HTML (opens in a new tab) and PDF. */
export default function ReportsPage() {
  return (
    <Page title="Reports" description="Reports produced from the data Vigil already holds.">
      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h4">Executive summary</Title>
          <Text size="sm">Maturity overall and per area, the trend over assessment cycles, the top risks of the risk register, overdue clocks, metrics measured from Vigil records and governance reminders.</Text>
          <Group>
            <Anchor href="/api/v1/reports/executive.html" target="_blank" rel="noreferrer">Open as HTML</Anchor>
            <Anchor href="/api/v1/reports/executive.pdf">Download PDF</Anchor>
          </Group>
        </Stack>
      </Card>
    </Page>
  );
}
