import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../app/api.js';
import { FormError } from '../app/forms.js';
import { useSignedIn } from '../app/session.js';
import { FINDINGS_KEY } from '../intel/api.js';
import type { FindingFilterValues } from '../intel/FindingFilters.js';
import { ANALYSIS_STATES, JUSTIFICATIONS, JUSTIFICATION_LABELS, STATE_LABELS, TRIAGE_KEY, type AnalysisState, type Justification } from './api.js';

/** The findings list's filters as the bulk endpoint takes them (the same filter the list shows). */
function bulkFilter(f: FindingFilterValues) {
  return {
    ...(f.status === 'all' ? {} : { status: f.status }),
    ...(f.severity ? { severity: f.severity } : {}),
    ...(f.kev ? { kev: f.kev === 'true' } : {}),
    ...(f.epssMin ? { epssMin: Number(f.epssMin) } : {}),
    ...(f.productId ? { productId: f.productId } : {}),
    ...(f.releaseId ? { releaseId: f.releaseId } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(f.vulnId.trim() ? { vulnId: f.vulnId.trim() } : {}),
  };
}

/** Bulk triage on the Findings page: one analysis for every finding the current filters show. */
export function BulkToolbar({ filters }: { filters: FindingFilterValues }) {
  const { can } = useSignedIn();
  const client = useQueryClient();
  const [state, setState] = useState<AnalysisState | null>(null);
  const [justification, setJustification] = useState<Justification | null>(null);
  const [detail, setDetail] = useState('');
  const apply = useMutation({
    mutationFn: () =>
      api<{ matched: number; analysed: number }>('/api/v1/findings/bulk', {
        method: 'POST',
        body: { filter: bulkFilter(filters), change: { analysis: { state, justification: state === 'not_affected' ? justification : null, detail: detail.trim() || null } } },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: FINDINGS_KEY });
      void client.invalidateQueries({ queryKey: TRIAGE_KEY });
    },
  });
  if (!can('triage.write')) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Bulk triage">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select label="Set state of all matching findings" placeholder="Choose" data={ANALYSIS_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))} value={state} onChange={(v) => setState(v as AnalysisState | null)} w={240} />
        <Select label="Justification" data={JUSTIFICATIONS.map((j) => ({ value: j, label: JUSTIFICATION_LABELS[j] }))} value={state === 'not_affected' ? justification : null} onChange={(v) => setJustification(v as Justification | null)} disabled={state !== 'not_affected'} clearable w={280} />
        <TextInput label="Detail" value={detail} onChange={(e) => setDetail(e.currentTarget.value)} maxLength={10_000} w={280} />
        <Button onClick={() => apply.mutate()} disabled={state === null} loading={apply.isPending}>
          Apply to matching findings
        </Button>
      </Group>
      <FormError error={apply.error} />
      {apply.isSuccess ? (
        <Text size="sm" role="status" mt="xs">
          {apply.data.analysed} of {apply.data.matched} matching finding{apply.data.matched === 1 ? '' : 's'} changed.
        </Text>
      ) : null}
    </Paper>
  );
}
