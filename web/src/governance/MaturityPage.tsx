import { Alert, Badge, Button, Card, FileButton, Group, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { CartesianGrid, Line, LineChart, PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, errorMessage } from '../app/api.js';
import { ErrorAlert, Loading, Page } from '../app/Page.js';
import { useSession } from '../app/session.js';
import { ActionsPanel } from './ActionsPanel.js';
import { ApplicabilityPanel } from './ApplicabilityPanel.js';
import { GOV_KEY, METRIC_LABELS, fileBase64, metricText, type Control, type Cycle, type Maturity } from './api.js';

/**
 * /maturity: radar per area, trend over cycles, derived metrics, and three tabs: the controls
 * to assess with their evidence, the action items made from gaps, and which controls apply
 * (with the organization's own controls). The tab is in the URL (?tab=actions|applicability).
 */
export default function MaturityPage() {
  const { can } = useSession();
  const maturity = useQuery({ queryKey: [...GOV_KEY, 'maturity'], queryFn: ({ signal }) => api<Maturity>('/api/v1/maturity', { signal }) });
  const cycles = useQuery({ queryKey: [...GOV_KEY, 'cycles'], queryFn: ({ signal }) => api<Cycle[]>('/api/v1/maturity/cycles', { signal }) });
  const [area, setArea] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'assessment';
  if (maturity.isPending) return <Page title="Maturity"><Loading /></Page>;
  if (maturity.isError) return <Page title="Maturity"><ErrorAlert error={maturity.error} /></Page>;
  const m = maturity.data;
  const radar = m.areas.map((a) => ({ area: a.code, score: m.scores.areas.find((s) => s.area === a.code)?.score ?? 0 }));
  const shown = m.controls.filter((c) => c.applicable && (!area || c.area === area));
  const control = m.controls.find((c) => c.code === selected) ?? null;
  return (
    <Page title="Maturity" description={`Self-assessment against the ${m.catalog.title} (${m.catalog.version}) on the 0–5 JSP maturity scale. ${m.scores.coverage.scored} of ${m.scores.coverage.applicable} applicable controls assessed.`}>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4">Maturity by area</Title>
          <Text size="sm" c="dimmed" data-testid="overall-score">Overall {m.scores.overall === null ? '—' : m.scores.overall.toFixed(2)} of 5</Text>
          <div role="img" aria-label={`Radar chart of maturity by area: ${radar.map((r) => `${r.area} ${r.score}`).join(', ')}`} data-testid="maturity-radar" style={{ height: 320 }}>
            <ResponsiveContainer>
              <RadarChart data={radar}>
                <PolarGrid />
                <PolarAngleAxis dataKey="area" />
                <PolarRadiusAxis domain={[0, 5]} tickCount={6} />
                <Radar dataKey="score" name="Score" stroke="#1c5fc4" fill="#1c5fc4" fillOpacity={0.35} isAnimationActive={false} />
                <Tooltip />
              </RadarChart>
            </ResponsiveContainer>
          </div>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">Trend</Title>
          <div role="img" aria-label="Overall maturity per assessment cycle" style={{ height: 200 }}>
            <ResponsiveContainer>
              <LineChart data={(cycles.data ?? []).map((c) => ({ name: c.name, overall: c.overall }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis domain={[0, 5]} />
                <Line dataKey="overall" stroke="#1c5fc4" isAnimationActive={false} />
                <Tooltip />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <Title order={3} size="h5" mt="sm">Measured from Vigil records</Title>
          <Table>
            <Table.Tbody>
              {Object.keys(METRIC_LABELS).map((k) => (
                <Table.Tr key={k}><Table.Td>{METRIC_LABELS[k]}</Table.Td><Table.Td>{metricText(m.metrics, k)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {can('governance.write') ? <CloseCycle /> : null}
        </Card>
      </SimpleGrid>

      <Tabs value={tab} onChange={(t) => setParams(t && t !== 'assessment' ? { tab: t } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="assessment">Assessment</Tabs.Tab>
          <Tabs.Tab value="actions">Action items ({m.gaps.length} gaps)</Tabs.Tab>
          <Tabs.Tab value="applicability">Applicability &amp; own controls</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="actions"><ActionsPanel m={m} canWrite={can('governance.write')} /></Tabs.Panel>
        <Tabs.Panel value="applicability"><ApplicabilityPanel m={m} canWrite={can('governance.write')} /></Tabs.Panel>
        <Tabs.Panel value="assessment">
          <Group mb="md">
            <Select label="Area" placeholder="All areas" clearable data={m.areas.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }))} value={area} onChange={setArea} w={360} />
          </Group>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Table striped highlightOnHover aria-label="Controls">
              <Table.Thead><Table.Tr><Table.Th>Control</Table.Th><Table.Th>Level</Table.Th><Table.Th>Evidence</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {shown.map((c) => (
                  <Table.Tr key={c.code} onClick={() => setSelected(c.code)} style={{ cursor: 'pointer' }} aria-selected={c.code === selected}>
                    <Table.Td><Button variant="subtle" size="compact-sm" onClick={() => setSelected(c.code)}>{c.code}</Button> <Text span size="sm">{c.title}</Text></Table.Td>
                    <Table.Td>{c.assessment ? (c.assessment.notApplicable ? 'N/A' : String(c.assessment.level)) : '—'}{c.assessment?.needsReassessment ? <Badge ml="xs" color="orange">re-assess</Badge> : null}</Table.Td>
                    <Table.Td>{c.evidenceItems.length}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {control ? <ControlPanel key={control.code} control={control} m={m} canWrite={can('governance.write')} /> : <Text c="dimmed">Choose a control to assess it and attach evidence.</Text>}
          </SimpleGrid>
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function CloseCycle() {
  const client = useQueryClient();
  const [name, setName] = useState(`${new Date().getUTCFullYear() + 1} assessment`);
  const close = useMutation({ mutationFn: () => api('/api/v1/maturity/cycles/close', { method: 'POST', body: { nextName: name } }), onSuccess: () => client.invalidateQueries({ queryKey: GOV_KEY }) });
  return (
    <Group align="flex-end" mt="sm">
      <TextInput label="Next cycle" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Button variant="light" onClick={() => close.mutate()} loading={close.isPending}>Close cycle</Button>
      {close.isError ? <Text c="red.9" size="sm">{errorMessage(close.error)}</Text> : null}
    </Group>
  );
}

function ControlPanel({ control, m, canWrite }: { control: Control; m: Maturity; canWrite: boolean }) {
  const client = useQueryClient();
  const [level, setLevel] = useState<string | null>(control.assessment ? (control.assessment.notApplicable ? 'na' : String(control.assessment.level)) : null);
  const [rationale, setRationale] = useState(control.assessment?.rationale ?? '');
  const [url, setUrl] = useState('');
  const [label, setLabel] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: GOV_KEY });
  const assess = useMutation({ mutationFn: () => api('/api/v1/maturity/assessments', { method: 'PUT', body: { code: control.code, level: level === 'na' ? null : Number(level), rationale } }), onSuccess: refresh });
  const addUrl = useMutation({ mutationFn: () => api('/api/v1/maturity/evidence', { method: 'POST', body: { kind: 'url', code: control.code, label: label || url, url } }), onSuccess: () => { setUrl(''); setLabel(''); return refresh(); } });
  const upload = useMutation({
    mutationFn: async (file: File) => api('/api/v1/maturity/evidence', { method: 'POST', body: { kind: 'document', code: control.code, label: file.name, fileName: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: await fileBase64(file) } }),
    onSuccess: refresh,
  });
  return (
    <Card withBorder aria-label={`Control ${control.code}`}>
      <Stack gap="xs">
        <Title order={2} size="h4">{control.code}</Title>
        <Text>{control.title}</Text>
        <Text size="sm" c="dimmed">Owner {control.owner} · expected evidence: {control.evidence} · source: {control.source}</Text>
        {control.metrics.map((k) => <Text key={k} size="sm"><b>{METRIC_LABELS[k]}:</b> {metricText(m.metrics, k)}</Text>)}
        {canWrite ? (
          <>
            <Select label="Level" data={[...m.levels.map((l) => ({ value: String(l.level), label: `${l.level} — ${l.name}` })), { value: 'na', label: 'N/A (justify below)' }]} value={level} onChange={setLevel} />
            <Textarea label="Rationale" value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} autosize minRows={2} />
            <Group><Button onClick={() => assess.mutate()} disabled={level === null} loading={assess.isPending}>Save assessment</Button>{assess.isSuccess ? <Text size="sm" c="teal.9">Saved</Text> : null}</Group>
            {assess.isError ? <Alert color="red">{errorMessage(assess.error)}</Alert> : null}
          </>
        ) : null}
        <Title order={3} size="h5">Evidence</Title>
        <ul aria-label="Evidence">
          {control.evidenceItems.map((e) => (
            <li key={e.id}>
              {e.kind === 'url' ? <a href={e.url ?? '#'} target="_blank" rel="noreferrer">{e.label}</a> : e.kind === 'document' ? <a href={`/api/v1/maturity/evidence/${e.id}`}>{e.label}</a> : `${e.label} (${e.recordType})`}
            </li>
          ))}
        </ul>
        {canWrite ? (
          <>
            <Group align="flex-end">
              <TextInput label="Evidence URL" value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
              <TextInput label="Evidence label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
              <Button variant="light" onClick={() => addUrl.mutate()} disabled={!url} loading={addUrl.isPending}>Add link</Button>
            </Group>
            <FileButton onChange={(f) => f && upload.mutate(f)}>{(props) => <Button variant="default" {...props} loading={upload.isPending}>Upload document</Button>}</FileButton>
            {addUrl.isError || upload.isError ? <Alert color="red">{errorMessage(addUrl.error ?? upload.error)}</Alert> : null}
          </>
        ) : null}
      </Stack>
    </Card>
  );
}
