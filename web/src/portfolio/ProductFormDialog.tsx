import { ActionIcon, Autocomplete, Button, Fieldset, Group, Modal, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage, isApiError } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { IconPlus, IconTrash } from '../app/icons.js';
import { PRODUCTS_KEY, productKey, type Product } from './api.js';

const REGULATORY_ID_KEY = /^[A-Za-z][\w-]{0,40}$/;
const REGULATORY_ID_SUGGESTIONS = ['fda510k', 'pma', 'deNovo', 'udiDi', 'basicUdiDi', 'eudamedSrn', 'ceCertificate'];
const CONNECTIVITY_SUGGESTIONS = ['Wi-Fi', 'Ethernet', 'Bluetooth LE', 'USB', 'Cellular', 'HL7 over TCP', 'DICOM', 'Serial (RS-232)', 'NFC'];
const FIELDS = ['name', 'manufacturer', 'modelNumbers', 'deviceClass', 'regulatoryIds', 'intendedUse', 'clinicalFunction', 'connectivity', 'description'];

interface RegulatoryIdRow {
  readonly key: string;
  readonly value: string;
}

interface Draft {
  name: string;
  manufacturer: string;
  modelNumbers: string[];
  deviceClass: string;
  regulatoryIds: RegulatoryIdRow[];
  intendedUse: string;
  clinicalFunction: string;
  connectivity: string[];
  description: string;
}

function draftOf(product: Product | undefined): Draft {
  return {
    name: product?.name ?? '',
    manufacturer: product?.manufacturer ?? '',
    modelNumbers: product?.modelNumbers ?? [],
    deviceClass: product?.deviceClass ?? '',
    regulatoryIds: Object.entries(product?.regulatoryIds ?? {}).map(([key, value]) => ({ key, value })),
    intendedUse: product?.intendedUse ?? '',
    clinicalFunction: product?.clinicalFunction ?? '',
    connectivity: product?.connectivity ?? [],
    description: product?.description ?? '',
  };
}

/** The request body: blank optional texts are left out when creating and cleared (null) when editing. */
function bodyOf(d: Draft, editing: boolean): Record<string, unknown> {
  const text = (v: string) => (v.trim() ? v.trim() : editing ? null : undefined);
  const list = (v: string[]) => v.map((s) => s.trim()).filter(Boolean);
  const ids: Record<string, string> = {};
  for (const row of d.regulatoryIds) if (row.key.trim() && row.value.trim()) ids[row.key.trim()] = row.value.trim();
  const body: Record<string, unknown> = {
    name: d.name.trim(),
    manufacturer: text(d.manufacturer),
    modelNumbers: list(d.modelNumbers),
    deviceClass: text(d.deviceClass),
    regulatoryIds: ids,
    intendedUse: text(d.intendedUse),
    clinicalFunction: text(d.clinicalFunction),
    connectivity: list(d.connectivity),
    description: text(d.description),
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

/**
 * Create a product, or edit one (`product` given). On success the lists and the product page
 * are refreshed and `onSaved` receives the saved product.
 */
export function ProductFormDialog({ opened, onClose, product, onSaved }: { opened: boolean; onClose: () => void; product?: Product; onSaved?: (p: Product) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={product ? `Edit ${product.name}` : 'Create product'} centered size="xl">
      {/* Mounted only while open, so each opening starts from the product as it is now. */}
      {opened ? <ProductForm product={product} onClose={onClose} {...(onSaved ? { onSaved } : {})} /> : null}
    </Modal>
  );
}

function ProductForm({ product, onClose, onSaved }: { product: Product | undefined; onClose: () => void; onSaved?: (p: Product) => void }) {
  const editing = product !== undefined;
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(product));
  const [checked, setChecked] = useState(false);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((prev) => ({ ...prev, [key]: value }));

  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing ? api<Product>(`/api/v1/products/${product.id}`, { method: 'PATCH', body }) : api<Product>('/api/v1/products', { method: 'POST', body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(productKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
      onSaved?.(saved);
      onClose();
    },
  });

  /** A 409 means the name (or version) is taken; it is shown on that field rather than above the form. */
  const taken = isApiError(mutation.error, 409) ? errorMessage(mutation.error) : undefined;
  const nameMissing = checked && !draft.name.trim();
  const badKeys = draft.regulatoryIds.map((row) => (row.key.trim() && !REGULATORY_ID_KEY.test(row.key.trim()) ? 'Start with a letter; letters, digits, - and _ only' : undefined));
  const missingValues = draft.regulatoryIds.map((row) => (row.key.trim() && !row.value.trim() ? 'Enter the identifier' : undefined));

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (!draft.name.trim() || badKeys.some(Boolean) || missingValues.some(Boolean)) return;
    mutation.mutate(bodyOf(draft, editing));
  }

  const updateRow = (index: number, patch: Partial<RegulatoryIdRow>) => set('regulatoryIds')(draft.regulatoryIds.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {taken ? null : <FormError error={mutation.error} fields={FIELDS} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          <TextInput
            label="Name"
            description="As customers know the device, e.g. “InfuSafe 300”"
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => set('name')(e.currentTarget.value)}
            error={nameMissing ? 'Enter a name' : (fieldError(mutation.error, 'name') ?? taken)}
            data-autofocus
          />
          <TextInput label="Manufacturer" maxLength={200} value={draft.manufacturer} onChange={(e) => set('manufacturer')(e.currentTarget.value)} error={fieldError(mutation.error, 'manufacturer')} />
          <TagsInput
            label="Model numbers"
            description="Press Enter after each"
            value={draft.modelNumbers}
            onChange={set('modelNumbers')}
            maxTags={100}
            acceptValueOnBlur
            error={fieldError(mutation.error, 'modelNumbers')}
          />
          <TextInput
            label="Device class"
            description="e.g. II (FDA) or IIb (EU MDR)"
            maxLength={50}
            value={draft.deviceClass}
            onChange={(e) => set('deviceClass')(e.currentTarget.value)}
            error={fieldError(mutation.error, 'deviceClass')}
          />
        </SimpleGrid>
        <Textarea
          label="Intended use"
          description="The medical purpose as stated in the labelling"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={4000}
          value={draft.intendedUse}
          onChange={(e) => set('intendedUse')(e.currentTarget.value)}
          error={fieldError(mutation.error, 'intendedUse')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          <TextInput
            label="Clinical function"
            description="e.g. drug delivery, patient monitoring, imaging"
            maxLength={1000}
            value={draft.clinicalFunction}
            onChange={(e) => set('clinicalFunction')(e.currentTarget.value)}
            error={fieldError(mutation.error, 'clinicalFunction')}
          />
          <TagsInput
            label="Connectivity"
            description="Interfaces; press Enter after each"
            data={CONNECTIVITY_SUGGESTIONS}
            value={draft.connectivity}
            onChange={set('connectivity')}
            maxTags={50}
            acceptValueOnBlur
            error={fieldError(mutation.error, 'connectivity')}
          />
        </SimpleGrid>
        <Fieldset legend="Regulatory identifiers" variant="unstyled" styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 4 } }}>
          <Stack gap="xs">
            {draft.regulatoryIds.length === 0 ? (
              <Text size="sm" c="dimmed">
                None yet. Add 510(k), UDI-DI or other identifiers the product is registered under.
              </Text>
            ) : null}
            {draft.regulatoryIds.map((row, index) => (
              <Group key={index} gap="sm" align="flex-start" wrap="nowrap">
                <Autocomplete
                  label={`Identifier type ${index + 1}`}
                  placeholder="e.g. fda510k"
                  data={REGULATORY_ID_SUGGESTIONS}
                  value={row.key}
                  onChange={(key) => updateRow(index, { key })}
                  maxLength={41}
                  classNames={{ input: 'mono' }}
                  style={{ flex: 1 }}
                  error={checked ? badKeys[index] : undefined}
                />
                <TextInput
                  label={`Identifier ${index + 1}`}
                  placeholder="e.g. K203456"
                  value={row.value}
                  onChange={(e) => updateRow(index, { value: e.currentTarget.value })}
                  maxLength={200}
                  style={{ flex: 1 }}
                  error={checked ? missingValues[index] : undefined}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  mt={26}
                  aria-label={`Remove identifier ${index + 1}`}
                  onClick={() => set('regulatoryIds')(draft.regulatoryIds.filter((_, i) => i !== index))}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </Group>
            ))}
            {fieldError(mutation.error, 'regulatoryIds') ? (
              <Text size="sm" c="var(--mantine-color-error)" role="alert">
                {fieldError(mutation.error, 'regulatoryIds')}
              </Text>
            ) : null}
            <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={16} />} onClick={() => set('regulatoryIds')([...draft.regulatoryIds, { key: '', value: '' }])}>
              Add identifier
            </Button>
          </Stack>
        </Fieldset>
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={8}
          maxLength={8000}
          value={draft.description}
          onChange={(e) => set('description')(e.currentTarget.value)}
          error={fieldError(mutation.error, 'description')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {editing ? 'Save changes' : 'Create product'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
