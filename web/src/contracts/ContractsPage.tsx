import { Anchor, Button, Checkbox, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, Route, Routes, useNavigate, useParams } from 'react-router';
import { api } from '../app/api.js';
import { StatusBadge } from '../app/components.js';
import { formatDate } from '../app/format.js';
import { FormError } from '../app/forms.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { CONTRACTS_KEY, FACT_KINDS, KIND_LABELS, parameterText, STATUS_COLORS, type Clause, type Contract, type ContractRow } from './api.js';

/** /contracts by vendor; /contracts/new; /contracts/:id obligations checked against the facts. */
export default function ContractsPage() {
  return (
    <Routes>
      <Route index element={<ListPage />} />
      <Route path="new" element={<NewContract />} />
      <Route path=":id" element={<ContractPage />} />
      <Route path="*" element={<Navigate to="/contracts" replace />} />
    </Routes>
  );
}

function ListPage() {
  const { can } = useSignedIn();
  const list = useQuery({ queryKey: [...CONTRACTS_KEY, 'list'], queryFn: ({ signal }) => api<{ items: ContractRow[] }>('/api/v1/contracts', { signal }) });
  return (
    <Page
      title="Contracts"
      description="Vendor contracts with the model-contract (MC2) clauses as tracked obligations, checked against what the vendor actually did: advisory dates against vulnerability publication, patch dates, SBOM and MDS2 deliveries, end-of-support notice."
      actions={can('contracts.write') ? <Button component={Link} to="/contracts/new">Add contract</Button> : null}
    >
      <QueryState query={list} loadingLabel="Loading contracts…">
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">No contracts yet.</Text>
          ) : (
            <Table className="data-table" aria-label="Contracts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Vendor</Table.Th>
                  <Table.Th scope="col">Contract</Table.Th>
                  <Table.Th scope="col">Effective</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Breached obligations</Table.Th>
                  <Table.Th scope="col">Missing clauses</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.vendorName}</Table.Td>
                    <Table.Th scope="row">
                      <Anchor component={Link} to={`/contracts/${c.id}`} size="sm">
                        {c.title}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{formatDate(c.effectiveOn)}</Table.Td>
                    <Table.Td>
                      <StatusBadge color={STATUS_COLORS[c.status]}>{c.status}</StatusBadge>
                    </Table.Td>
                    <Table.Td>{c.breached}</Table.Td>
                    <Table.Td>{c.gaps.map((g) => KIND_LABELS[g] ?? g).join(', ') || '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Page>
  );
}

function NewContract() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const clauses = useQuery({ queryKey: [...CONTRACTS_KEY, 'clauses'], queryFn: ({ signal }) => api<{ items: Clause[] }>('/api/v1/contracts/clauses', { signal }) });
  const [head, setHead] = useState({ vendorName: '', title: '', effectiveOn: '', coveredModels: '' });
  // Checked clause ids with their negotiated value (the clause default until changed).
  const [chosen, setChosen] = useState<Record<string, number | null>>({});
  const save = useMutation({
    mutationFn: () =>
      api<Contract>('/api/v1/contracts', {
        method: 'POST',
        body: {
          vendorName: head.vendorName, title: head.title, effectiveOn: head.effectiveOn, coveredModels: head.coveredModels.split(',').map((m) => m.trim()).filter(Boolean),
          obligations: Object.entries(chosen).map(([clauseId, value]) => {
            const p = clauses.data?.items.find((c) => c.id === clauseId)?.parameter;
            return { clauseId, ...(p && value !== null ? { parameters: { [p.name]: value } } : {}) };
          }),
        },
      }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: CONTRACTS_KEY });
      void navigate(`/contracts/${c.id}`);
    },
  });
  return (
    <Page title="New contract" description="Tick the MC2 clauses the contract includes; the checkable ones take their negotiated number of days, months or hours.">
      <QueryState query={clauses}>
        {({ items }) => (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <Stack>
              <Group grow>
                <TextInput label="Vendor" required value={head.vendorName} onChange={(e) => setHead({ ...head, vendorName: e.currentTarget.value })} />
                <TextInput label="Title" required value={head.title} onChange={(e) => setHead({ ...head, title: e.currentTarget.value })} />
                <TextInput label="Effective on" type="date" required value={head.effectiveOn} onChange={(e) => setHead({ ...head, effectiveOn: e.currentTarget.value })} />
                <TextInput label="Covered models (comma-separated; empty = all)" value={head.coveredModels} onChange={(e) => setHead({ ...head, coveredModels: e.currentTarget.value })} />
              </Group>
              <Table aria-label="Clauses">
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td w={40}>
                        <Checkbox
                          aria-label={`Include ${c.id}`}
                          checked={c.id in chosen}
                          onChange={(e) => {
                            const next = { ...chosen };
                            if (e.currentTarget.checked) next[c.id] = c.parameter?.default ?? null;
                            else delete next[c.id];
                            setChosen(next);
                          }}
                        />
                      </Table.Td>
                      <Table.Th scope="row" className="mono" w={80}>{c.id}</Table.Th>
                      <Table.Td>{c.topic}</Table.Td>
                      <Table.Td w={160}>
                        {c.parameter && c.id in chosen ? (
                          <NumberInput size="xs" aria-label={`${c.id} ${c.parameter.name}`} suffix={` ${c.parameter.name}`} min={0} max={3650} value={chosen[c.id] ?? c.parameter.default} onChange={(v) => setChosen({ ...chosen, [c.id]: typeof v === 'number' ? v : c.parameter!.default })} />
                        ) : c.parameter ? (
                          <Text size="xs" c="dimmed">{`${c.parameter.default} ${c.parameter.name}`}</Text>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <FormError error={save.error} />
              <Group>
                <Button type="submit" loading={save.isPending}>
                  Add contract
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </QueryState>
    </Page>
  );
}

function ContractPage() {
  const { id } = useParams();
  const { can } = useSignedIn();
  const data = useQuery({ queryKey: [...CONTRACTS_KEY, 'one', id], queryFn: ({ signal }) => api<Contract>(`/api/v1/contracts/${id}`, { signal }) });
  return (
    <QueryState query={data}>
      {(c) => (
        <Page
          title={`${c.vendorName}: ${c.title}`}
          description={[`effective ${formatDate(c.effectiveOn)}`, c.expiresOn ? `expires ${formatDate(c.expiresOn)}` : null, c.mc2Version ? `MC2 ${c.mc2Version}${c.form ? ` ${c.form}` : ''}` : null, c.coveredModels.length ? `covers ${c.coveredModels.join(', ')}` : 'covers every model of the vendor'].filter(Boolean).join(' · ')}
          actions={<StatusBadge color={STATUS_COLORS[c.status]}>{`Overall: ${c.status}`}</StatusBadge>}
        >
          <Anchor component={Link} to="/contracts" size="sm">
            All contracts
          </Anchor>
          {c.gaps.length > 0 || c.warnings.length > 0 ? (
            <Paper withBorder radius="md" p="md" component="section" aria-label="Gaps and warnings">
              <Title order={2} size="h4" mb="xs">
                Gaps and warnings
              </Title>
              {c.gaps.map((g) => (
                <Text key={g} size="sm" c="orange.9">{`Not in the contract: ${KIND_LABELS[g] ?? g}`}</Text>
              ))}
              {c.warnings.map((w) => (
                <Text key={w} size="sm" c="orange.9">{w}</Text>
              ))}
            </Paper>
          ) : null}
          <Table className="data-table" aria-label="Obligations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Clause</Table.Th>
                <Table.Th scope="col">Obligation</Table.Th>
                <Table.Th scope="col">Agreed</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Evidence</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.obligations.map((o) => (
                <Table.Tr key={o.id} aria-label={`${o.clauseId} ${o.status}`}>
                  <Table.Th scope="row" className="mono">{o.clauseId}</Table.Th>
                  <Table.Td>
                    <Text size="sm">{o.topic}</Text>
                    <Text size="xs" c="dimmed">{KIND_LABELS[o.kind] ?? o.kind}</Text>
                  </Table.Td>
                  <Table.Td>{parameterText(o.parameters)}</Table.Td>
                  <Table.Td>
                    <StatusBadge color={STATUS_COLORS[o.status]}>{o.status}</StatusBadge>
                  </Table.Td>
                  <Table.Td>
                    {o.evidence.length === 0 ? <Text size="xs" c="dimmed">Nothing recorded yet.</Text> : o.evidence.map((e, i) => (
                      <Text key={i} size="xs" c={e.status === 'breached' ? 'red.9' : undefined}>{`${e.subject ? `${e.subject}: ` : ''}${e.detail}`}</Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {can('contracts.write') ? <RecordFact contract={c} /> : null}
          <Title order={2} size="h4">
            Facts recorded by hand
          </Title>
          {c.facts.length === 0 ? (
            <Text size="sm" c="dimmed">None. Facts from the vendor catalog (advisories, patches, SBOMs) and MDS2 statements count without being recorded.</Text>
          ) : (
            <Table className="data-table" aria-label="Recorded facts">
              <Table.Tbody>
                {c.facts.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{formatDate(f.occurredAt)}</Table.Td>
                    <Table.Td>{FACT_KINDS.find((k) => k.value === f.kind)?.label ?? f.kind}</Table.Td>
                    <Table.Td>{f.subject ?? ''}{f.endOfSupportOn ? ` (end of support ${formatDate(f.endOfSupportOn)})` : ''}</Table.Td>
                    <Table.Td>{f.note ?? ''}</Table.Td>
                    <Table.Td>{f.recordedBy}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Page>
      )}
    </QueryState>
  );
}

function RecordFact({ contract }: { contract: Contract }) {
  const queryClient = useQueryClient();
  const empty = { kind: 'advisory_published', subject: '', occurredAt: '', endOfSupportOn: '', obligationId: '', note: '' };
  const [f, setF] = useState(empty);
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/contracts/${contract.id}/facts`, {
        method: 'POST',
        body: { kind: f.kind, subject: f.subject || null, occurredAt: f.occurredAt, note: f.note || null, ...(f.kind === 'eos_notice' ? { endOfSupportOn: f.endOfSupportOn || null } : {}), ...(f.kind === 'evidence' ? { obligationId: f.obligationId || null } : {}) },
      }),
    onSuccess: () => {
      setF(empty);
      void queryClient.invalidateQueries({ queryKey: CONTRACTS_KEY });
    },
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Record a fact">
      <Title order={2} size="h4" mb="xs">
        Record a fact
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Group align="flex-end">
          <NativeSelect label="What happened" value={f.kind} onChange={(e) => setF({ ...f, kind: e.currentTarget.value })} data={FACT_KINDS.map((k) => ({ ...k }))} />
          <TextInput label="Subject" placeholder="CVE id, model version, incident" value={f.subject} onChange={(e) => setF({ ...f, subject: e.currentTarget.value })} />
          <TextInput label="On" type="date" required value={f.occurredAt} onChange={(e) => setF({ ...f, occurredAt: e.currentTarget.value })} />
          {f.kind === 'eos_notice' ? <TextInput label="Announced end of support" type="date" required value={f.endOfSupportOn} onChange={(e) => setF({ ...f, endOfSupportOn: e.currentTarget.value })} /> : null}
          {f.kind === 'evidence' ? (
            <NativeSelect label="For obligation" required value={f.obligationId} onChange={(e) => setF({ ...f, obligationId: e.currentTarget.value })} data={[{ value: '', label: 'Choose…' }, ...contract.obligations.map((o) => ({ value: o.id, label: `${o.clauseId} ${o.topic}` }))]} />
          ) : null}
          <TextInput label="Note" style={{ flex: 1 }} value={f.note} onChange={(e) => setF({ ...f, note: e.currentTarget.value })} />
          <Button type="submit" loading={save.isPending}>
            Record
          </Button>
        </Group>
        <FormError error={save.error} />
      </form>
    </Paper>
  );
}
