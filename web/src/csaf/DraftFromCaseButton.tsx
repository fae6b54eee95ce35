import { Button, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../app/api.js';
import { useSignedIn } from '../app/session.js';
import { ADVISORIES_KEY, type AdvisoryRow } from './api.js';

/**
 * The case page's "Draft advisory": generates a CSAF draft from the case (its findings, CVE ids
 * and reporter credit) and opens it in the advisory editor. The server's refusal (a case that
 * covers no finding) is shown next to the button.
 */
export function DraftFromCaseButton({ caseId }: { caseId: string }) {
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () => api<AdvisoryRow>('/api/v1/advisories', { method: 'POST', body: { caseId } }),
    onSuccess: async (row) => {
      await client.invalidateQueries({ queryKey: ADVISORIES_KEY });
      await navigate(`/advisories/${row.id}`);
    },
  });
  if (!can('advisories.write')) return null;
  return (
    <>
      <Button variant="subtle" size="compact-sm" onClick={() => create.mutate()} loading={create.isPending}>
        Draft advisory
      </Button>
      {create.error ? <Text size="sm" c="red" role="alert">{errorMessage(create.error)}</Text> : null}
    </>
  );
}
