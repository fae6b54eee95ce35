import { ActionIcon, Button, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, type Page as ApiPage } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { IconPlus, IconX } from '../app/icons.js';
import { Page, QueryState } from '../app/Page.js';
import { PRODUCTS_KEY, type Product } from '../portfolio/api.js';
import { FINDINGS_KEY, type Finding } from '../intel/api.js';
import {
  CONTROL_LABELS,
  CONTROL_STATUSES,
  LIKELIHOOD_LEVELS,
  previewClass,
  RISK_KEY,
  riskKey,
  riskPath,
  SEVERITY_LEVELS,
  levelLabel,
  type ControlStatus,
  type RiskDetail,
  type RiskItem,
} from './api.js';
import { ClassBadge } from './badges.js';

interface Draft {
  productId: string | null;
  title: string;
  threat: string;
  vulnerability: string;
  hazardousSituation: string;
  harm: string;
  likelihood: string;
  severity: string;
  existingControls: string;
  newControls: { description: string; status: ControlStatus }[];
  residualLikelihood: string;
  residualSeverity: string;
  ownerId: string | null;
  status: 'open' | 'mitigating' | 'closed' | 'accepted';
  findingIds: string[];
}

const FIELDS = ['productId', 'title', 'threat', 'vulnerability', 'hazardousSituation', 'harm', 'likelihood', 'severity', 'existingControls', 'newControls', 'residualLikelihood', 'residualSeverity', 'ownerId', 'status', 'findingIds'];

const draftOf = (r: RiskItem | undefined, productId: string | null): Draft => ({
  productId: r?.productId ?? productId,
  title: r?.title ?? '',
  threat: r?.threat ?? '',
  vulnerability: r?.vulnerability ?? '',
  hazardousSituation: r?.hazardousSituation ?? '',
  harm: r?.harm ?? '',
  likelihood: r?.likelihood ?? 'occasional',
  severity: r?.severity ?? 'serious',
  existingControls: r?.existingControls ?? '',
  newControls: r?.newControls.map((c) => ({ ...c })) ?? [],
  residualLikelihood: r?.residualLikelihood ?? r?.likelihood ?? 'occasional',
  residualSeverity: r?.residualSeverity ?? r?.severity ?? 'serious',
  ownerId: r?.owner?.id ?? null,
  status: r?.status ?? 'open',
  findingIds: r?.findingIds ?? [],
});

const orNull = (text: string) => (text.trim() ? text.trim() : null);

function bodyOf(d: Draft, editing: boolean): Record<string, unknown> {
  return {
    productId: d.productId,
    title: d.title.trim(),
    threat: orNull(d.threat),
    vulnerability: orNull(d.vulnerability),
    hazardousSituation: orNull(d.hazardousSituation),
    harm: orNull(d.harm),
    likelihood: d.likelihood,
    severity: d.severity,
    existingControls: orNull(d.existingControls),
    newControls: d.newControls.filter((c) => c.description.trim()).map((c) => ({ description: c.description.trim(), status: c.status })),
    residualLikelihood: d.residualLikelihood,
    residualSeverity: d.residualSeverity,
    ownerId: d.ownerId,
    // An accepted item keeps its status: only revoking the acceptance moves it.
    ...(d.status === 'accepted' ? {} : editing || d.status !== 'open' ? { status: d.status } : {}),
    findingIds: d.findingIds,
  };
}

const LIKELIHOOD_OPTIONS = LIKELIHOOD_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }));
const SEVERITY_OPTIONS = SEVERITY_LEVELS.map((s) => ({ value: s, label: levelLabel(s) }));

/** /risk/new and /risk/:riskId/edit. */
export default function RiskEditorPage() {
  const { riskId } = useParams();
  const detail = useQuery({ queryKey: riskKey(riskId ?? ''), queryFn: ({ signal }) => api<RiskDetail>(`/api/v1/risks/${riskId}`, { signal }), enabled: riskId !== undefined });
  if (riskId === undefined) {
    return (
      <Page title="New risk item" narrow>
        <RiskForm risk={undefined} />
      </Page>
    );
  }
  return (
    <Page title={detail.data ? `Edit ${detail.data.item.title}` : 'Edit risk item'} narrow>
      <QueryState query={detail}>{(d) => <RiskForm risk={d.item} />}</QueryState>
    </Page>
  );
}

function ClassPreview({ likelihood, severity, label }: { likelihood: string; severity: string; label: string }) {
  const riskClass = previewClass(likelihood, severity);
  return (
    <Group gap="xs" aria-live="polite">
      <Text size="sm">{label}:</Text>
      {riskClass ? <ClassBadge riskClass={riskClass} /> : null}
    </Group>
  );
}

function RiskForm({ risk }: { risk: RiskItem | undefined }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(risk, null));
  const [checked, setChecked] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((prev) => ({ ...prev, [key]: value }));
  const products = useQuery({ queryKey: [...PRODUCTS_KEY, 'options'], queryFn: ({ signal }) => api<ApiPage<Product>>('/api/v1/products', { query: { limit: 200 }, signal }) });
  const members = useQuery({ queryKey: ['members', 'options'], queryFn: ({ signal }) => api<ApiPage<{ userId: string; name: string; email: string }>>('/api/v1/members', { query: { limit: 200 }, signal }) });
  const findings = useQuery({
    queryKey: [...FINDINGS_KEY, 'risk-picker', draft.productId],
    queryFn: ({ signal }) => api<ApiPage<Finding>>('/api/v1/findings', { query: { productId: draft.productId, limit: 200, sort: 'severity' }, signal }),
    enabled: draft.productId !== null,
  });
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      risk
        ? api<RiskItem>(`/api/v1/risks/${risk.id}`, { method: 'PATCH', body, headers: { 'if-match': `"v${risk.version}"` } })
        : api<RiskItem>('/api/v1/risks', { method: 'POST', body }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: RISK_KEY });
      navigate(riskPath(saved.id));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!draft.title.trim() || !draft.productId) return;
    save.mutate(bodyOf(draft, risk !== undefined));
  };
  const findingOptions = (findings.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.vulnId} · ${f.componentName} ${f.componentVersion ?? ''} · ${f.releaseVersion}${f.status === 'affected' ? '' : ` (${f.status})`}` }));
  const setControl = (index: number, patch: Partial<Draft['newControls'][number]>) => set('newControls', draft.newControls.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <form onSubmit={submit} noValidate aria-label="Risk item">
      <Stack gap="lg">
        <FormError error={save.error} fields={FIELDS} />
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              What could happen
            </Title>
            <Select
              label="Product"
              required
              searchable
              data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={draft.productId}
              onChange={(v) => setDraft((prev) => ({ ...prev, productId: v, findingIds: v === prev.productId ? prev.findingIds : [] }))}
              error={checked && !draft.productId ? 'Choose a product' : fieldError(save.error, 'productId')}
            />
            <TextInput label="Title" required maxLength={200} value={draft.title} onChange={(e) => set('title', e.currentTarget.value)} error={checked && !draft.title.trim() ? 'Enter a title' : fieldError(save.error, 'title')} />
            <Textarea label="Threat" description="Who or what could exploit it, and how" autosize minRows={2} maxLength={4000} value={draft.threat} onChange={(e) => set('threat', e.currentTarget.value)} error={fieldError(save.error, 'threat')} />
            <Textarea label="Vulnerability" description="The weakness, in words; link the findings below" autosize minRows={2} maxLength={4000} value={draft.vulnerability} onChange={(e) => set('vulnerability', e.currentTarget.value)} error={fieldError(save.error, 'vulnerability')} />
            <MultiSelect
              label="Linked findings"
              description={draft.productId ? 'Findings of this product’s releases' : 'Choose a product first'}
              placeholder={draft.productId ? 'Search by CVE or component' : undefined}
              searchable
              disabled={!draft.productId}
              data={findingOptions}
              value={draft.findingIds}
              onChange={(v) => set('findingIds', v)}
              error={fieldError(save.error, 'findingIds')}
              nothingFoundMessage="No finding matches"
            />
            <Textarea label="Hazardous situation" description="The circumstance in which a patient or user is exposed" autosize minRows={2} maxLength={4000} value={draft.hazardousSituation} onChange={(e) => set('hazardousSituation', e.currentTarget.value)} error={fieldError(save.error, 'hazardousSituation')} />
            <Textarea label="Harm" description="The injury or damage that could result" autosize minRows={2} maxLength={4000} value={draft.harm} onChange={(e) => set('harm', e.currentTarget.value)} error={fieldError(save.error, 'harm')} />
          </Stack>
        </Paper>

        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Risk before controls
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label="Likelihood (exploitability)" data={LIKELIHOOD_OPTIONS} value={draft.likelihood} onChange={(v) => set('likelihood', v ?? draft.likelihood)} allowDeselect={false} error={fieldError(save.error, 'likelihood')} />
              <Select label="Severity of harm" data={SEVERITY_OPTIONS} value={draft.severity} onChange={(v) => set('severity', v ?? draft.severity)} allowDeselect={false} error={fieldError(save.error, 'severity')} />
            </SimpleGrid>
            <ClassPreview likelihood={draft.likelihood} severity={draft.severity} label="Before controls" />
            <Textarea label="Existing controls" autosize minRows={2} maxLength={8000} value={draft.existingControls} onChange={(e) => set('existingControls', e.currentTarget.value)} error={fieldError(save.error, 'existingControls')} />
          </Stack>
        </Paper>

        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              New controls and residual risk
            </Title>
            {draft.newControls.length === 0 ? (
              <Text size="sm" c="dimmed">
                No new controls yet.
              </Text>
            ) : null}
            {draft.newControls.map((control, index) => (
              <Group key={index} gap="sm" align="flex-end" wrap="nowrap">
                <TextInput label={`Control ${index + 1}`} style={{ flex: 1 }} maxLength={1000} value={control.description} onChange={(e) => setControl(index, { description: e.currentTarget.value })} />
                <Select label={`Control ${index + 1} status`} w={160} data={CONTROL_STATUSES.map((s) => ({ value: s, label: CONTROL_LABELS[s] }))} value={control.status} onChange={(v) => setControl(index, { status: (v ?? control.status) as ControlStatus })} allowDeselect={false} />
                <ActionIcon variant="subtle" color="gray" size="lg" mb={2} aria-label={`Remove control ${index + 1}`} onClick={() => set('newControls', draft.newControls.filter((_, i) => i !== index))}>
                  <IconX size={18} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button variant="default" size="xs" leftSection={<IconPlus size={16} />} onClick={() => set('newControls', [...draft.newControls, { description: '', status: 'planned' }])}>
                Add control
              </Button>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label="Residual likelihood" data={LIKELIHOOD_OPTIONS} value={draft.residualLikelihood} onChange={(v) => set('residualLikelihood', v ?? draft.residualLikelihood)} allowDeselect={false} error={fieldError(save.error, 'residualLikelihood')} />
              <Select label="Residual severity" data={SEVERITY_OPTIONS} value={draft.residualSeverity} onChange={(v) => set('residualSeverity', v ?? draft.residualSeverity)} allowDeselect={false} error={fieldError(save.error, 'residualSeverity')} />
            </SimpleGrid>
            <ClassPreview likelihood={draft.residualLikelihood} severity={draft.residualSeverity} label="Residual risk" />
            {risk?.status === 'accepted' && (draft.residualLikelihood !== risk.residualLikelihood || draft.residualSeverity !== risk.residualSeverity) ? (
              <Text size="sm" c="orange.9">
                Changing the residual risk ends the acceptance in force; the item reopens.
              </Text>
            ) : null}
          </Stack>
        </Paper>

        <Paper withBorder radius="md" p="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Owner" placeholder="Nobody" searchable clearable data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name }))} value={draft.ownerId} onChange={(v) => set('ownerId', v)} error={fieldError(save.error, 'ownerId')} />
            {draft.status === 'accepted' ? (
              <TextInput label="Status" value="Accepted (revoke the acceptance to reopen)" readOnly />
            ) : (
              <Select
                label="Status"
                data={[{ value: 'open', label: 'Open' }, { value: 'mitigating', label: 'Mitigating' }, { value: 'closed', label: 'Closed' }]}
                value={draft.status}
                onChange={(v) => set('status', (v ?? 'open') as Draft['status'])}
                allowDeselect={false}
                error={fieldError(save.error, 'status')}
              />
            )}
          </SimpleGrid>
        </Paper>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => navigate(risk ? riskPath(risk.id) : '/risk')} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {risk ? 'Save changes' : 'Add risk item'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
