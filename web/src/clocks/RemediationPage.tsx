import { Anchor, Group, Paper, SegmentedControl, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { Page, QueryState } from '../app/Page.js';
import { CLOCK_LABELS, CLOCKS_KEY, type Dashboard } from './api.js';
import { ClockStatusBadge } from './FindingClocks.js';

/** What is due and overdue: totals, per product, the most urgent clocks and a burndown of open clocks against the due line. */
export default function RemediationPage() {
  const [days, setDays] = useState('30');
  const query = useQuery({ queryKey: [...CLOCKS_KEY, 'dashboard', days], queryFn: ({ signal }) => api<Dashboard>('/api/v1/remediation/dashboard', { signal, query: { days } }) });
  return (
    <Page
      title="Remediation & clocks"
      description="Every running clock of the portfolio: customer communication, remediation plan and remediation deadlines from the SLA policy (FDA guidance, JSP/MDIC benchmark, your own rules), due at the end of the local day."
    >
      <QueryState query={query} loadingLabel="Loading clocks…">
        {(d) => (
          <>
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" aria-label="Clock totals">
              <Total label="Overdue" value={d.totals.overdue} testId="total-overdue" />
              <Total label={`Due within ${d.notifyBeforeDays} days`} value={d.totals.dueSoon} testId="total-due-soon" />
              <Total label="On track" value={d.totals.onTrack} testId="total-on-track" />
              <Total label="Paused" value={d.totals.paused} testId="total-paused" />
            </SimpleGrid>
            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="burndown-heading">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h4" id="burndown-heading">
                  Burndown
                </Title>
                <SegmentedControl size="xs" value={days} onChange={setDays} data={[{ value: '30', label: '30 days' }, { value: '90', label: '90 days' }]} aria-label="Burndown period" />
              </Group>
              <Text size="sm" c="dimmed" mb="sm">
                Open clocks at the end of each day ({d.timeZone}) beside the due line: how many would still be open had each closed exactly on its due date.
              </Text>
              <div style={{ width: '100%', height: 260 }} data-testid="burndown-chart">
                <ResponsiveContainer>
                  <ComposedChart data={d.burndown} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={24} />
                    <YAxis allowDecimals={false} width={36} />
                    <Tooltip />
                    <Legend />
                    <Line type="stepAfter" dataKey="open" name="Open clocks" stroke="#c92a2a" strokeWidth={2} dot={false} isAnimationActive={false} />
                    <Line type="stepAfter" dataKey="dueLine" name="Due line" stroke="#1c7ed6" strokeDasharray="6 3" dot={false} isAnimationActive={false} />
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
            </Paper>
            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="products-heading">
              <Title order={2} size="h4" id="products-heading" mb="xs">
                Per product
              </Title>
              {d.products.length === 0 ? (
                <Text size="sm">No clock is running.</Text>
              ) : (
                <Table className="data-table" aria-label="Clocks per product">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Product</Table.Th>
                      <Table.Th scope="col">Overdue</Table.Th>
                      <Table.Th scope="col">Due soon</Table.Th>
                      <Table.Th scope="col">On track</Table.Th>
                      <Table.Th scope="col">Paused</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.products.map((p) => (
                      <Table.Tr key={p.productId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/portfolio/${p.productId}`}>
                            {p.productName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{p.overdue}</Table.Td>
                        <Table.Td>{p.dueSoon}</Table.Td>
                        <Table.Td>{p.onTrack}</Table.Td>
                        <Table.Td>{p.paused}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Paper>
            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="urgent-heading">
              <Title order={2} size="h4" id="urgent-heading" mb="xs">
                Most urgent first
              </Title>
              <Table className="data-table" aria-label="Open clocks">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Due</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Clock</Table.Th>
                    <Table.Th scope="col">Finding</Table.Th>
                    <Table.Th scope="col">Risk</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.clocks.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>{formatDateTime(c.dueAt)}</Table.Td>
                      <Table.Td>
                        <ClockStatusBadge status={c.status} />
                      </Table.Td>
                      <Table.Td>
                        {CLOCK_LABELS[c.clock]} ({c.kind})
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/findings/${c.findingId}`}>
                          {c.vulnId}
                        </Anchor>{' '}
                        in {c.productName} {c.releaseVersion} ({c.componentName})
                      </Table.Td>
                      <Table.Td>{c.riskClass ?? 'not classified'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </>
        )}
      </QueryState>
    </Page>
  );
}

function Total({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}
