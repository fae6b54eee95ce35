import { Button, Group, Modal, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { INTEL_KEY, SOURCE_KIND_LABELS, type Source, type SourceKind } from './api.js';

const FIELDS = ['kind', 'name', 'url', 'intervalMinutes', 'enabled'];
const KIND_OPTIONS = (Object.keys(SOURCE_KIND_LABELS) as SourceKind[]).map((k) => ({ value: k, label: SOURCE_KIND_LABELS[k] }));

interface Draft {
  kind: SourceKind;
  name: string;
  url: string;
  interval: number | '';
  enabled: boolean;
}

const draftOf = (s: Source | undefined): Draft => ({ kind: s?.kind ?? 'osv', name: s?.name ?? '', url: s?.url ?? '', interval: s?.intervalMinutes ?? '', enabled: s?.enabled ?? true });

/**
 * The request body. The URL comes back from the server with any password masked, so an edit
 * sends it only when it was changed; blank URL and interval clear them.
 */
function bodyOf(d: Draft, source: Source | undefined): Record<string, unknown> {
  const url = d.url.trim() || null;
  const interval = d.interval === '' ? null : d.interval;
  if (!source) return { kind: d.kind, name: d.name.trim(), ...(url ? { url } : {}), ...(interval ? { intervalMinutes: interval } : {}) };
  return { name: d.name.trim(), enabled: d.enabled, intervalMinutes: interval, ...(url !== source.url ? { url } : {}) };
}

/** Add a source, or edit one (`source` given): name, URL, sync interval and whether scheduled syncs run. */
export function SourceFormDialog({ opened, onClose, source }: { opened: boolean; onClose: () => void; source?: Source | undefined }) {
  return (
    <Modal opened={opened} onClose={onClose} title={source ? `Edit ${source.name}` : 'Add intelligence source'} centered size="lg">
      {opened ? <SourceForm source={source} onClose={onClose} /> : null}
    </Modal>
  );
}

function SourceForm({ source, onClose }: { source: Source | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(source));
  const [checked, setChecked] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((prev) => ({ ...prev, [key]: value }));
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (source ? api<Source>(`/api/v1/intel/sources/${source.id}`, { method: 'PATCH', body }) : api<Source>('/api/v1/intel/sources', { method: 'POST', body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: INTEL_KEY });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!draft.name.trim()) return;
    save.mutate(bodyOf(draft, source));
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={save.error} fields={FIELDS} />
        {source ? null : <Select label="Kind" data={KIND_OPTIONS} value={draft.kind} onChange={(v) => set('kind', (v ?? 'osv') as SourceKind)} allowDeselect={false} error={fieldError(save.error, 'kind')} />}
        <TextInput
          label="Name"
          required
          maxLength={200}
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={checked && !draft.name.trim() ? 'Enter a name' : fieldError(save.error, 'name')}
          data-autofocus
        />
        <TextInput
          label="URL"
          description="Where a sync fetches the feed (http or https). Leave empty for a source fed only by file imports. Passwords are never shown again."
          type="url"
          maxLength={2000}
          value={draft.url}
          onChange={(e) => set('url', e.currentTarget.value)}
          error={fieldError(save.error, 'url')}
        />
        <NumberInput
          label="Sync every (minutes)"
          description="5 minutes to 1 week; empty for manual syncs only"
          min={5}
          max={10080}
          allowDecimal={false}
          value={draft.interval}
          onChange={(v) => set('interval', typeof v === 'number' ? v : '')}
          error={fieldError(save.error, 'intervalMinutes')}
        />
        {source ? <Switch label="Scheduled syncs enabled" checked={draft.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {source ? 'Save' : 'Add source'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
