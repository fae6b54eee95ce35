import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage, isApiError } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { LIFECYCLE_STAGES, PRODUCTS_KEY, STAGE_DESCRIPTIONS, STAGE_LABELS, type LifecycleStage, type Release } from './api.js';

const FIELDS = ['version', 'lifecycleStage', 'releaseDate', 'endOfLifeDate', 'endOfGuaranteedSupportDate', 'endOfSupportDate', 'customersNotifiedAt', 'releaseNotesUrl'];

interface Draft {
  version: string;
  lifecycleStage: LifecycleStage;
  releaseDate: string;
  endOfLifeDate: string;
  endOfGuaranteedSupportDate: string;
  endOfSupportDate: string;
  /** A datetime-local value (the reader's time zone). */
  customersNotifiedAt: string;
  releaseNotesUrl: string;
}

/** An instant as a datetime-local input value in the reader's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function draftOf(release: Release | undefined): Draft {
  return {
    version: release?.version ?? '',
    lifecycleStage: release?.lifecycleStage ?? 'support',
    releaseDate: release?.releaseDate ?? '',
    endOfLifeDate: release?.endOfLifeDate ?? '',
    endOfGuaranteedSupportDate: release?.endOfGuaranteedSupportDate ?? '',
    endOfSupportDate: release?.endOfSupportDate ?? '',
    customersNotifiedAt: toLocalInput(release?.customersNotifiedAt ?? null),
    releaseNotesUrl: release?.releaseNotesUrl ?? '',
  };
}

/** Blank fields are left out when adding and cleared (null) when editing. */
function bodyOf(d: Draft, editing: boolean): Record<string, unknown> {
  const blank = editing ? null : undefined;
  const notified = d.customersNotifiedAt ? new Date(d.customersNotifiedAt) : null;
  const body: Record<string, unknown> = {
    version: d.version.trim(),
    lifecycleStage: d.lifecycleStage,
    releaseDate: d.releaseDate || blank,
    endOfLifeDate: d.endOfLifeDate || blank,
    endOfGuaranteedSupportDate: d.endOfGuaranteedSupportDate || blank,
    endOfSupportDate: d.endOfSupportDate || blank,
    // An unparseable value is sent as typed so that the server names the field.
    customersNotifiedAt: notified ? (Number.isNaN(notified.getTime()) ? d.customersNotifiedAt : notified.toISOString()) : blank,
    releaseNotesUrl: d.releaseNotesUrl.trim() || blank,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

/** Add a release to a product, or edit one (`release` given): version, lifecycle stage and dates. */
export function ReleaseFormDialog({ opened, onClose, productId, release }: { opened: boolean; onClose: () => void; productId: string; release?: Release }) {
  return (
    <Modal opened={opened} onClose={onClose} title={release ? `Edit release ${release.version}` : 'Add release'} centered size="lg">
      {opened ? <ReleaseForm productId={productId} release={release} onClose={onClose} /> : null}
    </Modal>
  );
}

function ReleaseForm({ productId, release, onClose }: { productId: string; release: Release | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(release));
  const [checked, setChecked] = useState(false);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((prev) => ({ ...prev, [key]: value }));

  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      release ? api<Release>(`/api/v1/releases/${release.id}`, { method: 'PATCH', body }) : api<Release>(`/api/v1/products/${productId}/releases`, { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
      onClose();
    },
  });

  /** A 409 means the name (or version) is taken; it is shown on that field rather than above the form. */
  const taken = isApiError(mutation.error, 409) ? errorMessage(mutation.error) : undefined;
  const versionMissing = checked && !draft.version.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (!draft.version.trim()) return;
    mutation.mutate(bodyOf(draft, release !== undefined));
  }

  const date = (key: 'releaseDate' | 'endOfLifeDate' | 'endOfGuaranteedSupportDate' | 'endOfSupportDate', label: string, description: string) => (
    <TextInput label={label} description={description} type="date" value={draft[key]} onChange={(e) => set(key)(e.currentTarget.value)} error={fieldError(mutation.error, key)} />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {taken ? null : <FormError error={mutation.error} fields={FIELDS} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          <TextInput
            label="Version"
            description="As shown on the device, e.g. 4.2.1"
            required
            maxLength={100}
            value={draft.version}
            onChange={(e) => set('version')(e.currentTarget.value)}
            error={versionMissing ? 'Enter a version' : (fieldError(mutation.error, 'version') ?? taken)}
            classNames={{ input: 'mono' }}
            data-autofocus
          />
          <Select
            label="Lifecycle stage"
            required
            data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
            value={draft.lifecycleStage}
            allowDeselect={false}
            onChange={(v) => v && set('lifecycleStage')(v as LifecycleStage)}
            description={STAGE_DESCRIPTIONS[draft.lifecycleStage]}
            error={fieldError(mutation.error, 'lifecycleStage')}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          Dates must run in order: release, then end of life and end of guaranteed support, then end of support. Announced dates may lie in the future.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          {date('releaseDate', 'Release date', 'First shipped to customers')}
          {date('endOfLifeDate', 'End of life (EOL)', 'No longer sold; limited support begins')}
          {date('endOfGuaranteedSupportDate', 'End of guaranteed support (EOGS)', 'Last day of full security support')}
          {date('endOfSupportDate', 'End of support (EOS)', 'No more security updates after this day')}
          <TextInput
            label="Customers notified"
            description="When customers were told about these dates"
            type="datetime-local"
            value={draft.customersNotifiedAt}
            onChange={(e) => set('customersNotifiedAt')(e.currentTarget.value)}
            error={fieldError(mutation.error, 'customersNotifiedAt')}
          />
          <TextInput
            label="Release notes URL"
            type="url"
            placeholder="https://"
            maxLength={2000}
            value={draft.releaseNotesUrl}
            onChange={(e) => set('releaseNotesUrl')(e.currentTarget.value)}
            error={fieldError(mutation.error, 'releaseNotesUrl')}
          />
        </SimpleGrid>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {release ? 'Save release' : 'Add release'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
