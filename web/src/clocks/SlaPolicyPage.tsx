import { Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { CLOCKS_KEY, RULE_LABELS, type Policy, type PolicyRule } from './api.js';

const KINDS = ['regulatory', 'guidance', 'framework', 'contract', 'industry practice'];
const POLICY_KEY = [...CLOCKS_KEY, 'policy'] as const;

/** The SLA policy: time zone, notice before due, and each clock rule (days, kind, source) against its default. */
export default function SlaPolicyPage() {
  const query = useQuery({ queryKey: POLICY_KEY, queryFn: ({ signal }) => api<Policy>('/api/v1/clocks/policy', { signal }) });
  return (
    <Page title="SLA policy" description="How many calendar days each remediation clock runs, in which time zone it ends, and where each number comes from. Changes apply to clocks started afterwards.">
      <QueryState query={query}>{(p) => <PolicyForm policy={p} />}</QueryState>
    </Page>
  );
}

function PolicyForm({ policy }: { policy: Policy }) {
  const { can } = useSignedIn();
  const editable = can('clocks.manage');
  const queryClient = useQueryClient();
  const [timeZone, setTimeZone] = useState(policy.timeZone);
  const [notify, setNotify] = useState<number | string>(policy.notifyBeforeDays);
  const save = useMutation({
    mutationFn: (body: unknown) => api<Policy>('/api/v1/clocks/policy', { method: 'PUT', body }),
    onSuccess: (p) => queryClient.setQueryData(POLICY_KEY, p),
  });
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="lg">
        <Group align="end">
          <TextInput label="Time zone (IANA)" value={timeZone} onChange={(e) => setTimeZone(e.currentTarget.value)} disabled={!editable} error={fieldError(save.error, 'timeZone')} w={260} />
          <NumberInput label="Notify days before due" value={notify} onChange={setNotify} min={0} max={365} disabled={!editable} w={200} />
          {editable ? (
            <Button onClick={() => save.mutate({ timeZone: timeZone.trim(), notifyBeforeDays: Number(notify) })} loading={save.isPending}>
              Save
            </Button>
          ) : null}
        </Group>
        <FormError error={save.error} fields={['timeZone']} />
      </Paper>
      <Table className="data-table" aria-label="Clock rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Rule</Table.Th>
            <Table.Th scope="col">Days</Table.Th>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col">Source</Table.Th>
            {editable ? <Table.Th scope="col">Change</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {policy.rules.map((r) => (
            <RuleRow key={`${r.rule}-${r.days}-${r.kind}-${r.source}`} rule={r} editable={editable} onSave={(body) => save.mutate({ rules: [body] })} />
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function RuleRow({ rule, editable, onSave }: { rule: PolicyRule; editable: boolean; onSave: (body: Record<string, unknown>) => void }) {
  const [days, setDays] = useState<number | string>(rule.days ?? '');
  const [kind, setKind] = useState(rule.kind);
  const [source, setSource] = useState(rule.source);
  return (
    <Table.Tr>
      <Table.Td>
        {RULE_LABELS[rule.rule] ?? rule.rule} {rule.isDefault ? <Badge variant="light" color="gray" size="sm">default</Badge> : <Badge variant="light" size="sm">changed</Badge>}
      </Table.Td>
      <Table.Td>{editable ? <NumberInput aria-label={`Days for ${rule.rule}`} value={days} onChange={setDays} min={1} max={3650} w={90} placeholder="none" /> : (rule.days ?? 'no clock')}</Table.Td>
      <Table.Td>{editable ? <Select aria-label={`Kind for ${rule.rule}`} data={KINDS} value={kind} onChange={(v) => v && setKind(v)} allowDeselect={false} w={170} /> : rule.kind}</Table.Td>
      <Table.Td>{editable ? <TextInput aria-label={`Source for ${rule.rule}`} value={source} onChange={(e) => setSource(e.currentTarget.value)} /> : <Text size="sm">{rule.source}</Text>}</Table.Td>
      {editable ? (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button size="xs" variant="light" onClick={() => onSave({ rule: rule.rule, days: days === '' ? null : Number(days), kind, source: source.trim() })}>
              Save
            </Button>
            {!rule.isDefault ? (
              <Button size="xs" variant="subtle" onClick={() => onSave({ rule: rule.rule, reset: true })}>
                Default
              </Button>
            ) : null}
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}
