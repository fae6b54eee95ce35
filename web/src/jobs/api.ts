import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api.js';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly progress: number;
  readonly total: number | null;
  readonly message: string | null;
  readonly result: unknown;
  readonly error: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export const JOBS_KEY = ['jobs'] as const;

export function isFinished(job: Pick<Job, 'state'> | undefined): boolean {
  return job?.state === 'succeeded' || job?.state === 'failed';
}

/** One job, polled until it finishes. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: [...JOBS_KEY, 'one', id],
    queryFn: ({ signal }) => api<Job>(`/api/v1/jobs/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 700),
    staleTime: 0,
  });
}

/** Human names for job kinds; unknown kinds show as they are. */
export const JOB_KIND_LABELS: Record<string, string> = {
  'audit.verify': 'Audit chain verification',
};

export const JOB_STATE_COLORS: Record<JobState, string> = { queued: 'gray', running: 'blue', succeeded: 'teal', failed: 'red' };
export const JOB_STATE_LABELS: Record<JobState, string> = { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed' };
