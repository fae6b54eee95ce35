import { Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { Page, QueryState } from '../app/Page.js';
import { assetKey, assetPath, CRITICALITIES, CRITICALITY_LABELS, FIELD_LABELS, FLEET_KEY, REQUIRED_FIELDS, type Asset, type AssetField } from './api.js';

/** The text fields of the form, in the order the asset page lists them. */
const TEXT_FIELDS = ['manufacturer', 'model', 'serial', 'softwareVersion', 'firmwareVersion', 'location', 'department', 'networkZone', 'vlan', 'ip', 'mac', 'owner'] as const satisfies readonly AssetField[];
const DATE_FIELDS = ['purchasedOn', 'installedOn'] as const satisfies readonly AssetField[];
type FormText = Record<(typeof TEXT_FIELDS)[number] | (typeof DATE_FIELDS)[number], string>;

function initial(asset: Asset | null): FormText {
  const out = {} as FormText;
  for (const f of [...TEXT_FIELDS, ...DATE_FIELDS]) out[f] = asset?.[f] === null || asset?.[f] === undefined ? '' : String(asset[f]);
  return out;
}

/** /fleet/new adds an asset; /fleet/:assetId/edit edits one (the server checks every value as an import cell). */
export default function AssetEditorPage() {
  const { assetId } = useParams();
  const asset = useQuery({ queryKey: assetKey(assetId ?? ''), queryFn: ({ signal }) => api<Asset>(`/api/v1/assets/${assetId}`, { signal }), enabled: !!assetId });
  if (!assetId) return <AssetEditor asset={null} />;
  return <QueryState query={asset}>{(a) => <AssetEditor asset={a} />}</QueryState>;
}

function AssetEditor({ asset }: { asset: Asset | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState<FormText>(() => initial(asset));
  const [criticality, setCriticality] = useState<string | null>(asset?.clinicalCriticality ?? null);
  const [patientConnected, setPatientConnected] = useState(asset?.patientConnected ?? false);
  const [archived, setArchived] = useState(asset?.archived ?? false);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (asset ? api<Asset>(`/api/v1/assets/${asset.id}`, { method: 'PATCH', body }) : api<Asset>('/api/v1/assets', { method: 'POST', body })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: FLEET_KEY });
      navigate(assetPath(saved.id));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const f of [...TEXT_FIELDS, ...DATE_FIELDS]) {
      const v = text[f].trim();
      if (REQUIRED_FIELDS.includes(f)) body[f] = v;
      // Not a number: sent as typed, so the server names the field instead of the form clearing it.
      else if (f === 'vlan') body[f] = v === '' ? null : /^\d{1,4}$/.test(v) ? Number(v) : v;
      else body[f] = v === '' ? null : v;
    }
    body.clinicalCriticality = criticality;
    body.patientConnected = patientConnected;
    if (asset) body.archived = archived;
    save.mutate(body);
  };
  const input = (f: (typeof TEXT_FIELDS)[number]) => (
    <TextInput
      key={f}
      label={FIELD_LABELS[f]}
      required={REQUIRED_FIELDS.includes(f)}
      value={text[f]}
      onChange={(e) => setText({ ...text, [f]: e.currentTarget.value })}
      error={fieldError(save.error, f)}
      inputMode={f === 'vlan' ? 'numeric' : undefined}
      maxLength={200}
    />
  );
  return (
    <Page title={asset ? `Edit ${asset.manufacturer} ${asset.model} · ${asset.serial}` : 'New asset'} narrow>
      <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label="Asset">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {TEXT_FIELDS.map(input)}
            {DATE_FIELDS.map((f) => (
              <TextInput key={f} type="date" label={FIELD_LABELS[f]} value={text[f]} onChange={(e) => setText({ ...text, [f]: e.currentTarget.value })} error={fieldError(save.error, f)} />
            ))}
            <Select label="Clinical criticality" placeholder="Not assessed" data={CRITICALITIES.map((c) => ({ value: c, label: CRITICALITY_LABELS[c] }))} value={criticality} onChange={setCriticality} clearable error={fieldError(save.error, 'clinicalCriticality')} />
          </SimpleGrid>
          <Checkbox label="Patient connected" checked={patientConnected} onChange={(e) => setPatientConnected(e.currentTarget.checked)} />
          {asset ? <Checkbox label="Archived (taken out of the fleet views)" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} /> : null}
          <FormError error={save.error} fields={[...TEXT_FIELDS, ...DATE_FIELDS, 'clinicalCriticality']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate(asset ? assetPath(asset.id) : '/fleet')} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {asset ? 'Save asset' : 'Add asset'}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Page>
  );
}
