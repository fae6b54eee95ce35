import { Alert, Button, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../app/api.js';
import { ErrorAlert } from '../app/Page.js';
import { IconAlert, IconShieldCheck } from '../app/icons.js';
import { isFinished, JOBS_KEY, useJob } from '../jobs/api.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { AUDIT_KEY, type ChainVerification } from './api.js';

/** The "Verify chain" button and the progress and outcome of the verification job it starts. */
export function useVerifyChain() {
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => api<{ jobId: string }>('/api/v1/audit/verify', { method: 'POST' }),
    onSuccess: ({ jobId: id }) => {
      setJobId(id);
      void queryClient.invalidateQueries({ queryKey: JOBS_KEY });
    },
  });
  const job = useJob(jobId);
  const finished = isFinished(job.data);

  useEffect(() => {
    // The request itself is audited; show it once the job is done.
    if (finished) {
      void queryClient.invalidateQueries({ queryKey: AUDIT_KEY });
      void queryClient.invalidateQueries({ queryKey: JOBS_KEY });
    }
  }, [finished, queryClient]);

  const busy = start.isPending || (jobId !== null && !finished);
  return { start, job, jobId, busy, dismiss: () => setJobId(null) };
}

export function VerifyChainButton({ verify }: { verify: ReturnType<typeof useVerifyChain> }) {
  return (
    <Button variant="default" leftSection={<IconShieldCheck size={18} />} onClick={() => verify.start.mutate()} loading={verify.busy}>
      Verify chain
    </Button>
  );
}

export function VerifyChainStatus({ verify }: { verify: ReturnType<typeof useVerifyChain> }) {
  const { start, job, jobId } = verify;
  if (start.error) return <ErrorAlert error={start.error} title="Verification could not start" />;
  if (!jobId) return null;
  if (job.error) return <ErrorAlert error={job.error} title="Could not follow the verification" />;

  const data = job.data;
  const result = data?.state === 'succeeded' ? (data.result as ChainVerification | null) : null;

  return (
    <div>
      {!data || !isFinished(data) ? (
        <Paper withBorder radius="md" p="md" role="status" aria-live="polite">
          <Stack gap="xs">
            <Text fw={600}>{data?.state === 'running' ? 'Verifying the audit chain…' : 'Verification queued…'}</Text>
            <Text size="sm" c="dimmed">
              Every event’s hash is recomputed and checked against the one before it.
            </Text>
            {data ? <JobProgress job={data} label="Verification progress" /> : null}
          </Stack>
        </Paper>
      ) : data.state === 'failed' ? (
        <Alert color="red" variant="light" icon={<IconAlert />} title="Verification failed to run" withCloseButton closeButtonLabel="Dismiss" onClose={verify.dismiss}>
          {data.error ?? 'The job failed without a message.'}
        </Alert>
      ) : result?.ok ? (
        <Alert color="teal" variant="light" icon={<IconShieldCheck />} title="Audit chain verified" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={verify.dismiss}>
          All {result.checked.toLocaleString()} events are intact: no event was changed, removed or reordered.
        </Alert>
      ) : (
        <Alert color="red" variant="light" icon={<IconAlert />} title="Audit chain broken" withCloseButton closeButtonLabel="Dismiss" onClose={verify.dismiss}>
          {result?.firstBroken
            ? `The chain does not hold at event #${result.firstBroken.seq} (${result.firstBroken.problem}); ${result.checked.toLocaleString()} events before it are intact. Treat the trail after that point as untrustworthy and investigate.`
            : 'The chain did not verify.'}
        </Alert>
      )}
    </div>
  );
}
