import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api.js';
import { CLOCKS_KEY } from '../clocks/api.js';
import { scoreKey, type Score } from './api.js';

/** Saves scoring inputs; the answer is the new score, and the finding's clocks may have changed with it. */
export function useScoreUpdate(findingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Score>(`/api/v1/findings/${findingId}/score`, { method: 'PUT', body }),
    onSuccess: (score) => {
      queryClient.setQueryData(scoreKey(findingId), score);
      void queryClient.invalidateQueries({ queryKey: CLOCKS_KEY });
    },
  });
}
