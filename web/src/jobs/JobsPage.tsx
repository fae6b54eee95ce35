import { ActionIcon, Box, Button, Code, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Fragment, useState } from 'react';
import { LoadMore, StatusBadge } from '../app/components.js';
import { formatDateTime, formatRelative } from '../app/format.js';
import { IconActivity, IconChevronDown, IconChevronRight, IconRefresh } from '../app/icons.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { usePagedList } from '../app/queries.js';
import { isFinished, JOB_KIND_LABELS, JOB_STATE_COLORS, JOB_STATE_LABELS, JOBS_KEY, type Job } from './api.js';
import { JobProgress } from './JobProgress.js';

function duration(job: Job): string {
  if (!job.startedAt) return '—';
  const ms = new Date(job.finishedAt ?? Date.now()).getTime() - new Date(job.startedAt).getTime();
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export default function JobsPage() {
  // Poll while any job is still queued or running.
  const list = usePagedList<Job>([...JOBS_KEY, 'list'], '/api/v1/jobs', {}, { refetchInterval: (items) => (items?.some((j) => !isFinished(j)) ? 1500 : false) });
  const [open, setOpen] = useState<string | null>(null);
  const live = list.items?.some((j) => !isFinished(j)) ?? false;

  return (
    <Page
      title="Jobs"
      description="Background work for this organization — such as audit chain verification — with its progress and outcome."
      actions={
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void list.refetch()} loading={list.isRefetching && !live}>
          Refresh
        </Button>
      }
    >
      {list.error && !list.items ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.items ? (
        <Loading label="Loading jobs…" />
      ) : list.items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Stack align="center" gap="xs" py="lg">
            <IconActivity size={32} />
            <Text fw={600}>No jobs yet</Text>
            <Text c="dimmed" size="sm" ta="center" maw={460}>
              Long-running work appears here. Start one, for example, with “Verify chain” in the audit log.
            </Text>
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={820}>
            <Table className="data-table" aria-label="Jobs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={44}>
                    <span className="visually-hidden">Details</span>
                  </Table.Th>
                  <Table.Th scope="col">Job</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                  <Table.Th scope="col" w={260}>
                    Progress
                  </Table.Th>
                  <Table.Th scope="col">Started</Table.Th>
                  <Table.Th scope="col">Duration</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((job) => {
                  const expanded = open === job.id;
                  const label = JOB_KIND_LABELS[job.kind] ?? job.kind;
                  return (
                    <Fragment key={job.id}>
                      <Table.Tr>
                        <Table.Td>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-expanded={expanded}
                            aria-controls={`job-${job.id}`}
                            aria-label={`${expanded ? 'Hide' : 'Show'} details of ${label} job`}
                            onClick={() => setOpen(expanded ? null : job.id)}
                          >
                            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                          </ActionIcon>
                        </Table.Td>
                        <Table.Td>
                          <Text fw={500} size="sm">
                            {label}
                          </Text>
                          <Text size="xs" c="dimmed" className="mono">
                            {job.kind}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <StatusBadge color={JOB_STATE_COLORS[job.state]}>{JOB_STATE_LABELS[job.state]}</StatusBadge>
                        </Table.Td>
                        <Table.Td>
                          <JobProgress job={job} label={`Progress of ${label}`} />
                        </Table.Td>
                        <Table.Td>
                          <Tooltip label={formatDateTime(job.startedAt ?? job.createdAt, true)} withArrow>
                            <span tabIndex={0}>{formatRelative(job.startedAt ?? job.createdAt)}</span>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td>{duration(job)}</Table.Td>
                      </Table.Tr>
                      <Table.Tr className="audit-details" hidden={!expanded}>
                        <Table.Td colSpan={6} p={0}>
                          <Box id={`job-${job.id}`} p="md">
                              <Stack gap="xs">
                                <Text size="sm">
                                  <strong>Job id:</strong> <Code>{job.id}</Code>
                                </Text>
                                <Text size="sm">
                                  <strong>Queued:</strong> {formatDateTime(job.createdAt, true)} · <strong>Finished:</strong> {formatDateTime(job.finishedAt, true)}
                                </Text>
                                {job.error ? (
                                  <Text size="sm" c="red.8">
                                    <strong>Error:</strong> {job.error}
                                  </Text>
                                ) : null}
                                {job.result !== null && job.result !== undefined ? (
                                  <div>
                                    <Text size="sm" fw={600} mb={4}>
                                      Result
                                    </Text>
                                    <Code block>{JSON.stringify(job.result, null, 2)}</Code>
                                  </div>
                                ) : null}
                              </Stack>
                          </Box>
                        </Table.Td>
                      </Table.Tr>
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group px="lg" pb="md" display="block">
            <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} shown={list.items.length} noun="jobs" />
          </Group>
        </Paper>
      )}
    </Page>
  );
}
