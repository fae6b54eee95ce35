import { Anchor, Badge, Button, Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, Route, Routes, useNavigate, useSearchParams } from 'react-router';
import { api } from '../app/api.js';
import { BarChartFigure } from '../app/charts.js';
import { StatusBadge } from '../app/components.js';
import { formatDate } from '../app/format.js';
import { FormError } from '../app/forms.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { FLAG_LABELS, forecastByYear, LEGACY_KEY, money, STAGE_LABELS, type Control, type Register, type RegisterItem, type Stage } from './api.js';

/** /legacy the register and forecast; /legacy/plan?manufacturer=&model= edit one model's plan. */
export default function LegacyPage() {
  return (
    <Routes>
      <Route index element={<RegisterPage />} />
      <Route path="plan" element={<PlanPage />} />
      <Route path="*" element={<Navigate to="/legacy" replace />} />
    </Routes>
  );
}

const useRegister = () => useQuery({ queryKey: [...LEGACY_KEY, 'register'], queryFn: ({ signal }) => api<Register>('/api/v1/legacy', { signal }) });
const planPath = (i: Pick<RegisterItem, 'manufacturer' | 'model'>) => `/legacy/plan?manufacturer=${encodeURIComponent(i.manufacturer)}&model=${encodeURIComponent(i.model)}`;

function Forecast({ register }: { register: Register }) {
  return (
    <BarChartFigure
      title="End-of-support forecast"
      titleOrder={2}
      rows={forecastByYear(register.items, register.today)}
      category="year"
      bars={[
        { key: 'devices', name: 'Devices losing support', color: '#e8590c' },
        { key: 'models', name: 'Models', color: '#1c7ed6' },
      ]}
      empty="No end-of-support dates yet: enter them on a model's plan or match devices to vendor releases."
      height={240}
    />
  );
}

function RegisterPage() {
  const { can } = useSignedIn();
  const register = useRegister();
  // The fleet's asset page links here with ?manufacturer=&model=: show that model only.
  const [params] = useSearchParams();
  const only = params.get('manufacturer') && params.get('model') ? { manufacturer: params.get('manufacturer')!.toLowerCase(), model: params.get('model')!.toLowerCase() } : null;
  const shown = (items: RegisterItem[]) => (only ? items.filter((i) => i.manufacturer.toLowerCase() === only.manufacturer && i.model.toLowerCase() === only.model) : items);
  return (
    <Page title="Legacy planning" description="Every model in your fleet with its lifecycle stage and end-of-support date (yours, or the matched vendor release's), compensating-control plan and replacement budget. Reminders go out 365, 180, 90 and 30 days before end of support.">
      <QueryState query={register} loadingLabel="Loading the register…">
        {(r) => (
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Forecast register={r} />
              <Paper withBorder radius="md" p="md" component="section" aria-label="Replacement budget per year">
                <Title order={2} size="h4" mb="xs">
                  Replacement budget per year
                </Title>
                {r.budget.length === 0 ? (
                  <Text size="sm" c="dimmed">No replacement costs planned.</Text>
                ) : (
                  <Table aria-label="Budget totals">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Budget year</Table.Th>
                        <Table.Th scope="col">Models</Table.Th>
                        <Table.Th scope="col">Estimated cost</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.budget.map((b) => (
                        <Table.Tr key={`${b.year}-${b.currency}`}>
                          <Table.Th scope="row">{b.year}</Table.Th>
                          <Table.Td>{b.models}</Table.Td>
                          <Table.Td>{money(b.total, b.currency)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
            </SimpleGrid>
            {only ? (
              <Anchor component={Link} to="/legacy" size="sm">
                Show every model
              </Anchor>
            ) : null}
            <Table className="data-table" aria-label="Legacy register">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Model</Table.Th>
                  <Table.Th scope="col">Devices</Table.Th>
                  <Table.Th scope="col">Stage</Table.Th>
                  <Table.Th scope="col">EOL / EOGS / EOS</Table.Th>
                  <Table.Th scope="col">Compensating controls</Table.Th>
                  <Table.Th scope="col">Replacement</Table.Th>
                  <Table.Th scope="col">Attention</Table.Th>
                  {can('fleet.write') ? <Table.Th scope="col">Plan</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown(r.items).map((i) => (
                  <Table.Tr key={`${i.manufacturer}\u001f${i.model}`} aria-label={`${i.manufacturer} ${i.model}`}>
                    <Table.Th scope="row">
                      <Text size="sm" fw={600}>{`${i.manufacturer} ${i.model}`}</Text>
                      <Text size="xs" c="dimmed">{i.departments.join(', ')}</Text>
                    </Table.Th>
                    <Table.Td>{`${i.assets}${i.patientConnected ? ` (${i.patientConnected} patient-connected)` : ''}`}</Table.Td>
                    <Table.Td>
                      {i.lifecycleStage ? STAGE_LABELS[i.lifecycleStage] : '—'}
                      {i.stageSource ? <Text size="xs" c="dimmed">{i.stageSource === 'vendor' ? 'from the vendor' : 'entered by hand'}</Text> : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{`${formatDate(i.endOfLifeOn)} / ${formatDate(i.endOfGuaranteedSupportOn)} / ${formatDate(i.endOfSupportOn)}`}</Text>
                      {i.daysToEndOfSupport !== null ? <Text size="xs" c={i.daysToEndOfSupport < 0 ? 'red.9' : 'dimmed'}>{i.daysToEndOfSupport < 0 ? `${-i.daysToEndOfSupport} days past` : `in ${i.daysToEndOfSupport} days`}</Text> : null}
                    </Table.Td>
                    <Table.Td>{i.plan?.compensatingControls.length ? i.plan.compensatingControls.map((c, k) => <Text key={k} size="xs">{`${c.control} (${c.status.replace('_', ' ')})`}</Text>) : '—'}</Table.Td>
                    <Table.Td>
                      {i.plan?.decision ? <Text size="xs">{`${i.plan.decision.replace('_', ' ')}${i.plan.replacementModel ? ` → ${i.plan.replacementModel}` : ''}`}</Text> : null}
                      {i.plan?.budgetYear ? <Text size="xs" aria-label={`Budget year of ${i.model}`}>{`Budget ${i.plan.budgetYear}${i.plan.estimatedCost !== null ? `, ${money(i.plan.estimatedCost, i.plan.currency)}` : ''}`}</Text> : <Text size="xs" c="dimmed">—</Text>}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {i.flags.map((f) => (
                          <Badge key={f} size="sm" color={f === 'past_end_of_support' ? 'red' : f === 'eos_within_12_months' ? 'orange' : 'gray'} variant="light">
                            {FLAG_LABELS[f] ?? f}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    {can('fleet.write') ? (
                      <Table.Td>
                        <Anchor component={Link} to={planPath(i)} size="sm" aria-label={`Edit plan for ${i.manufacturer} ${i.model}`}>
                          {i.plan ? 'Edit plan' : 'Add plan'}
                        </Anchor>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}

function PlanPage() {
  const [params] = useSearchParams();
  const manufacturer = params.get('manufacturer') ?? '';
  const model = params.get('model') ?? '';
  const register = useRegister();
  if (!manufacturer || !model) return <Navigate to="/legacy" replace />;
  return (
    <QueryState query={register}>
      {(r) => {
        const item = r.items.find((i) => i.manufacturer.toLowerCase() === manufacturer.toLowerCase() && i.model.toLowerCase() === model.toLowerCase());
        return <PlanForm key={item?.plan?.updatedAt ?? 'new'} manufacturer={item?.manufacturer ?? manufacturer} model={item?.model ?? model} item={item ?? null} />;
      }}
    </QueryState>
  );
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function PlanForm({ manufacturer, model, item }: { manufacturer: string; model: string; item: RegisterItem | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const p = item?.plan ?? null;
  const manual = item?.stageSource === 'manual';
  const [f, setF] = useState({
    lifecycleStage: manual ? (item?.lifecycleStage ?? '') : '',
    endOfSupportOn: manual ? (item?.endOfSupportOn ?? '') : '',
    decision: p?.decision ?? '',
    replacementModel: p?.replacementModel ?? '',
    budgetYear: p?.budgetYear ?? ('' as number | ''),
    estimatedCost: p?.estimatedCost ?? ('' as number | ''),
    riskAcceptedBy: p?.riskAcceptedBy ?? '',
    riskAcceptedOn: p?.riskAcceptedOn ?? '',
    notes: p?.notes ?? '',
  });
  const [controls, setControls] = useState<Control[]>(p?.compensatingControls ?? []);
  const save = useMutation({
    mutationFn: () =>
      api('/api/v1/legacy/plans', {
        method: 'PUT',
        body: {
          manufacturer, model,
          lifecycleStage: (orNull(f.lifecycleStage) as Stage | null), endOfSupportOn: orNull(f.endOfSupportOn),
          decision: orNull(f.decision), replacementModel: orNull(f.replacementModel),
          budgetYear: f.budgetYear === '' ? null : f.budgetYear, estimatedCost: f.estimatedCost === '' ? null : f.estimatedCost,
          riskAcceptedBy: orNull(f.riskAcceptedBy), riskAcceptedOn: orNull(f.riskAcceptedOn), notes: orNull(f.notes),
          compensatingControls: controls.filter((c) => c.control.trim() !== '').map((c) => ({ control: c.control.trim(), status: c.status, ...(c.description ? { description: c.description } : {}) })),
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: LEGACY_KEY });
      void navigate('/legacy');
    },
  });
  return (
    <Page title={`Plan: ${manufacturer} ${model}`} description={item ? `${item.assets} devices${item.stageSource === 'vendor' ? ` · vendor: ${item.lifecycleStage ? STAGE_LABELS[item.lifecycleStage] : 'no stage'}, end of support ${formatDate(item.endOfSupportOn)}` : ''}` : 'No devices of this model in the fleet.'} narrow>
      <Anchor component={Link} to="/legacy" size="sm">
        Legacy register
      </Anchor>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Group grow>
            <NativeSelect label="Lifecycle stage (by hand)" value={f.lifecycleStage} onChange={(e) => setF({ ...f, lifecycleStage: e.currentTarget.value })} data={[{ value: '', label: 'From the vendor' }, ...Object.entries(STAGE_LABELS).map(([value, label]) => ({ value, label }))]} />
            <TextInput label="End of support (by hand)" type="date" value={f.endOfSupportOn} onChange={(e) => setF({ ...f, endOfSupportOn: e.currentTarget.value })} />
          </Group>
          <Group grow>
            <NativeSelect label="Decision" value={f.decision} onChange={(e) => setF({ ...f, decision: e.currentTarget.value })} data={[{ value: '', label: 'Not decided' }, { value: 'continue', label: 'Continue' }, { value: 'replace', label: 'Replace' }, { value: 'decommission', label: 'Decommission' }, { value: 'accept_risk', label: 'Accept risk' }]} />
            <TextInput label="Replacement model" value={f.replacementModel} onChange={(e) => setF({ ...f, replacementModel: e.currentTarget.value })} />
          </Group>
          <Group grow>
            <NumberInput label="Replacement budget year" min={2000} max={2100} value={f.budgetYear} onChange={(v) => setF({ ...f, budgetYear: typeof v === 'number' ? v : '' })} />
            <NumberInput label={`Estimated cost (${p?.currency ?? 'USD'})`} min={0} value={f.estimatedCost} onChange={(v) => setF({ ...f, estimatedCost: typeof v === 'number' ? v : '' })} />
          </Group>
          <Group grow>
            <TextInput label="Risk accepted by" value={f.riskAcceptedBy} onChange={(e) => setF({ ...f, riskAcceptedBy: e.currentTarget.value })} />
            <TextInput label="Risk accepted on" type="date" value={f.riskAcceptedOn} onChange={(e) => setF({ ...f, riskAcceptedOn: e.currentTarget.value })} />
          </Group>
          <Title order={2} size="h5">
            Compensating controls
          </Title>
          {controls.map((c, k) => (
            <Group key={k} align="flex-end">
              <TextInput label={`Control ${k + 1}`} style={{ flex: 1 }} value={c.control} onChange={(e) => setControls(controls.map((x, j) => (j === k ? { ...x, control: e.currentTarget.value } : x)))} />
              <NativeSelect label={`Status of control ${k + 1}`} value={c.status} onChange={(e) => setControls(controls.map((x, j) => (j === k ? { ...x, status: e.currentTarget.value as Control['status'] } : x)))} data={[{ value: 'planned', label: 'Planned' }, { value: 'in_place', label: 'In place' }, { value: 'verified', label: 'Verified' }]} />
              <Button variant="subtle" color="red" onClick={() => setControls(controls.filter((_, j) => j !== k))}>
                Remove
              </Button>
            </Group>
          ))}
          <Group>
            <Button variant="default" onClick={() => setControls([...controls, { control: '', status: 'planned' }])}>
              Add control
            </Button>
          </Group>
          <Textarea label="Notes" value={f.notes} onChange={(e) => setF({ ...f, notes: e.currentTarget.value })} autosize minRows={2} />
          <FormError error={save.error} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save plan
            </Button>
            {item?.lastReminder ? <StatusBadge color="gray">{`Last reminder: ${item.lastReminder.daysBefore} days before`}</StatusBadge> : null}
          </Group>
        </Stack>
      </form>
    </Page>
  );
}
