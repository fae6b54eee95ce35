import { Badge, Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { CONTROL_OWNERS, GOV_KEY, type Control, type ControlOwner, type Maturity } from './api.js';

/**
 * The "Applicability & own controls" tab of /maturity: which catalog controls apply (the
 * default by organization kind shown beside the choice; choosing the default again removes the
 * override) and the organization's own controls, added, edited and removed here.
 */

const KIND_DEFAULT: Record<string, string> = { manufacturer: 'MDM and shared controls', healthcare_provider: 'HDO and shared controls', both: 'every control' };

export function ApplicabilityPanel({ m, canWrite }: { m: Maturity; canWrite: boolean }) {
  const [area, setArea] = useState<string | null>(null);
  const catalog = m.controls.filter((c) => !c.custom && (!area || c.area === area));
  const own = m.controls.filter((c) => c.custom);
  const changed = m.controls.filter((c) => !c.custom && c.applicable !== c.applicabilityDefault).length;
  return (
    <Stack>
      <OwnControls own={own} areas={m.areas} canWrite={canWrite} />
      <Card withBorder>
        <Title order={2} size="h4">Which catalog controls apply</Title>
        <Text size="sm" c="dimmed" data-testid="applicability-summary">
          By default a {m.orgKind.replace('_', ' ')} assesses {KIND_DEFAULT[m.orgKind] ?? 'its controls'}; {changed} {changed === 1 ? 'control differs' : 'controls differ'} from the default.
        </Text>
        <Select label="Area" placeholder="All areas" clearable data={m.areas.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }))} value={area} onChange={setArea} w={360} mb="sm" />
        <Table aria-label="Applicability" striped>
          <Table.Thead><Table.Tr><Table.Th>Control</Table.Th><Table.Th>Owner</Table.Th><Table.Th>Default</Table.Th><Table.Th>Applies</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{catalog.map((c) => <ApplicabilityRow key={c.code} control={c} canWrite={canWrite} />)}</Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}

function ApplicabilityRow({ control, canWrite }: { control: Control; canWrite: boolean }) {
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (applicable: boolean) => api('/api/v1/maturity/applicability', { method: 'PUT', body: { code: control.code, applicable } }),
    onSettled: () => client.invalidateQueries({ queryKey: GOV_KEY }),
  });
  const differs = control.applicable !== control.applicabilityDefault;
  return (
    <Table.Tr>
      <Table.Td><b>{control.code}</b> <Text span size="sm">{control.title}</Text></Table.Td>
      <Table.Td>{control.owner}</Table.Td>
      <Table.Td>{control.applicabilityDefault ? 'applies' : 'does not apply'}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Checkbox aria-label={`${control.code} applies`} checked={control.applicable} disabled={!canWrite || toggle.isPending} onChange={(e) => toggle.mutate(e.currentTarget.checked)} />
          {differs ? <Badge size="sm" color="grape" variant="light">changed</Badge> : null}
          {control.applicabilityJustification ? <Text size="xs" c="dimmed">{control.applicabilityJustification}</Text> : null}
        </Group>
        {toggle.isError ? <FormError error={toggle.error} /> : null}
      </Table.Td>
    </Table.Tr>
  );
}

function OwnControls({ own, areas, canWrite }: { own: Control[]; areas: Maturity['areas']; canWrite: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  return (
    <Card withBorder>
      <Title order={2} size="h4">Own controls</Title>
      <Text size="sm" c="dimmed">Practices of your own beyond the JSP catalog; they are assessed, scored and evidenced like catalog controls.</Text>
      {own.length === 0 ? <Text c="dimmed" my="xs">No own controls yet.</Text> : (
        <Table aria-label="Own controls">
          <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>Area</Table.Th><Table.Th>Title</Table.Th><Table.Th>Owner</Table.Th><Table.Th>Expected evidence</Table.Th>{canWrite ? <Table.Th /> : null}</Table.Tr></Table.Thead>
          <Table.Tbody>
            {own.map((c) => editing === c.code ? (
              <Table.Tr key={c.code}><Table.Td colSpan={6}><OwnControlForm areas={areas} initial={c} onDone={() => setEditing(null)} /></Table.Td></Table.Tr>
            ) : (
              <Table.Tr key={c.code}>
                <Table.Td>{c.code}</Table.Td><Table.Td>{c.area}</Table.Td><Table.Td>{c.title}</Table.Td><Table.Td>{c.owner}</Table.Td><Table.Td>{c.evidence || '—'}</Table.Td>
                {canWrite ? <Table.Td><Group gap="xs" wrap="nowrap"><Button size="compact-sm" variant="subtle" onClick={() => setEditing(c.code)}>Edit</Button><RemoveButton code={c.code} /></Group></Table.Td> : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite ? (adding ? <OwnControlForm areas={areas} onDone={() => setAdding(false)} /> : <Group mt="sm"><Button variant="light" onClick={() => setAdding(true)}>Add own control</Button></Group>) : null}
    </Card>
  );
}

/** Two clicks, no browser dialog: removing also drops the control's evidence and action items. */
function RemoveButton({ code }: { code: string }) {
  const client = useQueryClient();
  const [armed, setArmed] = useState(false);
  const remove = useMutation({ mutationFn: () => api(`/api/v1/maturity/controls/${encodeURIComponent(code)}`, { method: 'DELETE' }), onSuccess: () => client.invalidateQueries({ queryKey: GOV_KEY }) });
  return armed
    ? <Button size="compact-sm" color="red" onClick={() => remove.mutate()} loading={remove.isPending} onBlur={() => setArmed(false)}>Confirm remove {code}</Button>
    : <Button size="compact-sm" variant="subtle" color="red" onClick={() => setArmed(true)}>Remove</Button>;
}

const FIELDS = ['code', 'area', 'title', 'description', 'owner', 'evidence'];

function OwnControlForm({ areas, initial, onDone }: { areas: Maturity['areas']; initial?: Control; onDone: () => void }) {
  const client = useQueryClient();
  const [code, setCode] = useState(initial?.code ?? '');
  const [area, setArea] = useState<string | null>(initial?.area ?? null);
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [owner, setOwner] = useState<string | null>(initial?.owner ?? null);
  const [evidence, setEvidence] = useState(initial?.evidence ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = { area, title, description, owner: owner as ControlOwner, evidence };
      return initial
        ? api(`/api/v1/maturity/controls/${encodeURIComponent(initial.code)}`, { method: 'PATCH', body })
        : api('/api/v1/maturity/controls', { method: 'POST', body: { code: code.trim(), ...body } });
    },
    onSuccess: async () => { await client.invalidateQueries({ queryKey: GOV_KEY }); onDone(); },
  });
  return (
    <Stack gap="xs" mt="sm" role="group" aria-label={initial ? `Edit ${initial.code}` : 'New own control'}>
      <Group align="flex-start" wrap="wrap">
        <TextInput label="Code" description="Upper case, e.g. ACME-SEC-01" value={code} onChange={(e) => setCode(e.currentTarget.value.toUpperCase())} disabled={Boolean(initial)} error={fieldError(save.error, 'code')} w={200} />
        <Select label="Area" data={areas.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }))} value={area} onChange={setArea} error={fieldError(save.error, 'area')} w={280} />
        <Select label="Owner" data={CONTROL_OWNERS} value={owner} onChange={setOwner} error={fieldError(save.error, 'owner')} w={120} />
      </Group>
      <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={fieldError(save.error, 'title')} />
      <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} error={fieldError(save.error, 'description')} />
      <TextInput label="Expected evidence" value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} error={fieldError(save.error, 'evidence')} />
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!area || !owner || !title.trim() || (!initial && !code.trim())}>{initial ? 'Save control' : 'Add control'}</Button>
        <Button variant="default" onClick={onDone}>Cancel</Button>
      </Group>
      <FormError error={save.error} fields={FIELDS} />
    </Stack>
  );
}
