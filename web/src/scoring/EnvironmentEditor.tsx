import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../app/api.js';
import { FormError } from '../app/forms.js';
import { QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { environmentKey, SCORING_KEY, type Environment } from './api.js';

/** Metrics offered per group, with their values (Not Defined = leave empty). Mirrors src/modules/scoring/environment.ts. */
const GROUPS = {
  requirements: { title: 'Security requirements (all CVSS versions)', metrics: { CR: ['H', 'M', 'L'], IR: ['H', 'M', 'L'], AR: ['H', 'M', 'L'] } },
  v3: { title: 'CVSS v3.x modified base metrics', metrics: { MAV: ['N', 'A', 'L', 'P'], MAC: ['L', 'H'], MPR: ['N', 'L', 'H'], MUI: ['N', 'R'], MS: ['U', 'C'], MC: ['H', 'L', 'N'], MI: ['H', 'L', 'N'], MA: ['H', 'L', 'N'] } },
  v4: {
    title: 'CVSS v4.0 modified base metrics',
    metrics: { MAV: ['N', 'A', 'L', 'P'], MAC: ['L', 'H'], MAT: ['N', 'P'], MPR: ['N', 'L', 'H'], MUI: ['N', 'P', 'A'], MVC: ['H', 'L', 'N'], MVI: ['H', 'L', 'N'], MVA: ['H', 'L', 'N'], MSC: ['H', 'L', 'N'], MSI: ['S', 'H', 'L', 'N'], MSA: ['S', 'H', 'L', 'N'] },
  },
} as const;
type GroupName = keyof typeof GROUPS;

/** The product's CVSS environment: how the device is deployed, applied to every finding of its releases. */
export function EnvironmentEditor({ productId }: { productId: string }) {
  const query = useQuery({ queryKey: environmentKey(productId), queryFn: ({ signal }) => api<Environment>(`/api/v1/products/${productId}/cvss-environment`, { signal }) });
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="environment-heading">
      <Title order={2} size="h4" id="environment-heading" mb="xs">
        CVSS environment
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        How this device is deployed. Each finding’s chosen CVSS vector is rescored with these environmental metrics; leave a metric empty when the base value applies.
      </Text>
      <QueryState query={query}>{(env) => <EnvironmentForm key={env.updatedAt ?? 'none'} env={env} />}</QueryState>
    </Paper>
  );
}

function EnvironmentForm({ env }: { env: Environment }) {
  const { can } = useSignedIn();
  const editable = can('triage.write');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Record<GroupName, Record<string, string>>>({ requirements: { ...env.requirements }, v3: { ...env.v3 }, v4: { ...env.v4 } });
  const save = useMutation({
    mutationFn: () => api<Environment & { findingsRescored: number }>(`/api/v1/products/${env.productId}/cvss-environment`, { method: 'PUT', body: draft }),
    onSuccess: (saved) => {
      queryClient.setQueryData(environmentKey(env.productId), saved);
      void queryClient.invalidateQueries({ queryKey: SCORING_KEY });
    },
  });
  const set = (group: GroupName, metric: string, value: string | null) =>
    setDraft((d) => {
      const next = { ...d[group] };
      if (value) next[metric] = value;
      else delete next[metric];
      return { ...d, [group]: next };
    });
  return (
    <Stack gap="sm">
      {(Object.keys(GROUPS) as GroupName[]).map((group) => (
        <div key={group}>
          <Text size="sm" fw={600} mb={4}>
            {GROUPS[group].title}
          </Text>
          <SimpleGrid cols={{ base: 3, md: 6, lg: 11 }} spacing="xs">
            {Object.entries(GROUPS[group].metrics).map(([metric, values]) => (
              <Select key={metric} label={metric} aria-label={`${group} ${metric}`} data={[...values]} value={draft[group][metric] ?? null} onChange={(v) => set(group, metric, v)} clearable placeholder="—" disabled={!editable} size="xs" />
            ))}
          </SimpleGrid>
        </div>
      ))}
      <FormError error={save.error} />
      {editable ? (
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save environment
          </Button>
          {save.data ? <Text size="sm">{save.data.findingsRescored} open findings rescored.</Text> : null}
        </Group>
      ) : null}
    </Stack>
  );
}
