import { Group, Progress, Text } from '@mantine/core';
import type { Job } from './api.js';

/** Progress of a job: determinate when the job knows its total, animated while it runs otherwise. */
export function JobProgress({ job, label }: { job: Job; label: string }) {
  const running = job.state === 'running' || job.state === 'queued';
  const done = job.state === 'succeeded';
  const value = done ? 100 : job.total ? Math.min(100, (job.progress / job.total) * 100) : running ? 100 : 0;
  const color = job.state === 'failed' ? 'red' : done ? 'teal' : 'vigil';
  return (
    <div>
      <Progress
        value={value}
        color={color}
        striped={running && !job.total}
        animated={running && !job.total}
        size="md"
        radius="xl"
        aria-label={label}
      />
      <Group justify="space-between" mt={4} gap="xs">
        <Text size="xs" c="dimmed">
          {job.total ? `${job.progress.toLocaleString()} / ${job.total.toLocaleString()}` : `${job.progress.toLocaleString()} processed`}
        </Text>
        {job.message ? (
          <Text size="xs" c="dimmed" truncate maw={260}>
            {job.message}
          </Text>
        ) : null}
      </Group>
    </div>
  );
}
