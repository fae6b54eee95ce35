import { Alert, Button, FileButton, Group, MultiSelect, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage, isApiError, type Page as ApiPage } from '../app/api.js';
import { layoutDiagram, nextId } from './diagram.js';

/**
 * The product's threat model (docs/premarket.md): boundaries, assets, interfaces, STRIDE threats
 * linked to risk items, mitigations that become requirements. Edits stay in the page until
 * "Save threat model" PUTs the whole document (the server checks every reference); JSON export
 * and import use the same document. The diagram is drawn from the unsaved state.
 */

const STRIDE = [
  { value: 'spoofing', label: 'Spoofing' },
  { value: 'tampering', label: 'Tampering' },
  { value: 'repudiation', label: 'Repudiation' },
  { value: 'information_disclosure', label: 'Information disclosure' },
  { value: 'denial_of_service', label: 'Denial of service' },
  { value: 'elevation_of_privilege', label: 'Elevation of privilege' },
];
const KINDS = ['device', 'software', 'service', 'cloud', 'data', 'external'];

interface Doc {
  format: 'vigil-threat-model';
  formatVersion: 1;
  title: string;
  scope?: string;
  boundaries: { id: string; name: string; description?: string }[];
  assets: { id: string; name: string; kind: string; boundary?: string | null; description?: string }[];
  interfaces: { id: string; name: string; from: string; to: string; protocol?: string; description?: string }[];
  threats: { id: string; title: string; stride: string[]; targets: string[]; description?: string; hazard?: string; harm?: string; riskItemIds?: string[]; mitigations: string[] }[];
  mitigations: { id: string; title: string; description?: string; requirement?: string | null }[];
}
const empty = (title: string): Doc => ({ format: 'vigil-threat-model', formatVersion: 1, title, boundaries: [], assets: [], interfaces: [], threats: [], mitigations: [] });

export function ThreatModelPanel({ productId, productName }: { productId: string; productName: string }) {
  const qc = useQueryClient();
  const stored = useQuery({
    queryKey: ['premarket', 'threat-model', productId],
    queryFn: async () => {
      try {
        return await api<{ version: number; document: Doc }>(`/api/v1/products/${productId}/threat-model`);
      } catch (e) {
        if (isApiError(e, 404)) return null;
        throw e;
      }
    },
  });
  const risks = useQuery({ queryKey: ['premarket', 'risks', productId], queryFn: () => api<ApiPage<{ id: string; title: string }>>('/api/v1/risks', { query: { productId, limit: 100 } }) });
  const [doc, setDoc] = useState<Doc>(empty(`${productName} threat model`));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (stored.data !== undefined) setDoc(stored.data ? stored.data.document : empty(`${productName} threat model`));
  }, [stored.data, productName]);

  const save = useMutation({
    mutationFn: (body: Doc) => api<{ model: { version: number }; createdRequirements: string[] }>(`/api/v1/products/${productId}/threat-model`, { method: 'PUT', body }),
    onSuccess: (r) => {
      setMessage({ ok: true, text: `Saved threat model version ${r.model.version}.${r.createdRequirements.length ? ` New requirements: ${r.createdRequirements.join(', ')}.` : ''}` });
      void qc.invalidateQueries({ queryKey: ['premarket'] });
    },
    onError: (e) => setMessage({ ok: false, text: errorMessage(e) }),
  });
  const importJson = async (f: File) => {
    try {
      save.mutate(JSON.parse(await f.text()) as Doc);
    } catch {
      setMessage({ ok: false, text: `${f.name} is not JSON.` });
    }
  };

  const edit = (fn: (d: Doc) => Doc) => setDoc((d) => fn(structuredClone(d)));
  const remove = (key: 'boundaries' | 'assets' | 'interfaces' | 'threats' | 'mitigations', id: string) => edit((d) => ({ ...d, [key]: (d[key] as { id: string }[]).filter((x) => x.id !== id) }));

  const [boundary, setBoundary] = useState('');
  const [asset, setAsset] = useState({ name: '', kind: 'software', boundary: null as string | null });
  const [iface, setIface] = useState({ name: '', from: null as string | null, to: null as string | null, protocol: '' });
  const [threat, setThreat] = useState({ title: '', stride: [] as string[], targets: [] as string[], hazard: '', risks: [] as string[], mitigations: [] as string[] });
  const [mitigation, setMitigation] = useState({ title: '', description: '', requirement: '' });

  const assetOptions = doc.assets.map((a) => ({ value: a.id, label: `${a.id} ${a.name}` }));
  const targetOptions = [...assetOptions, ...doc.interfaces.map((f) => ({ value: f.id, label: `${f.id} ${f.name}` }))];
  const riskTitle = (id: string) => risks.data?.items.find((r) => r.id === id)?.title ?? id;
  const layout = layoutDiagram(doc);

  return (
    <Stack>
      <Group>
        <Button onClick={() => save.mutate(doc)} loading={save.isPending}>Save threat model</Button>
        {stored.data && <Button component="a" href={`/api/v1/products/${productId}/threat-model/export`} download variant="light">Export JSON</Button>}
        <FileButton onChange={(f) => f && void importJson(f)} accept=".json,application/json">
          {(props) => <Button {...props} variant="light">Import JSON</Button>}
        </FileButton>
        <Text size="sm" c="dimmed">{stored.data ? `Saved version ${stored.data.version}` : 'Not saved yet'}</Text>
      </Group>
      {message && <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}

      <svg role="img" aria-label="Threat model diagram" width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} style={{ maxWidth: '100%', border: '1px solid var(--mantine-color-gray-3)' }}>
        {layout.zones.map((z) => (
          <g key={z.id} aria-label={`Trust boundary ${z.label}`}>
            <rect x={z.x} y={z.y} width={z.w} height={z.h} rx={8} fill="none" stroke="#c92a2a" strokeDasharray="6 4" />
            <text x={z.x + 10} y={z.y + 22} fontSize={13} fontWeight={600} fill="#c92a2a">{z.label}</text>
          </g>
        ))}
        {layout.links.map((l) => (
          <g key={l.id} aria-label={`Interface ${l.label}`}>
            <line x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke="#495057" strokeWidth={1.5} />
            <text x={(l.x1 + l.x2) / 2} y={(l.y1 + l.y2) / 2 + 16} fontSize={10} textAnchor="middle" fill="#495057">{l.label}</text>
          </g>
        ))}
        {layout.assets.map((a) => (
          <g key={a.id} aria-label={`Asset ${a.label}`}>
            <rect x={a.x} y={a.y} width={a.w} height={a.h} rx={4} fill="#e7f5ff" stroke="#1971c2" />
            <text x={a.x + 8} y={a.y + 18} fontSize={12} fill="#1864ab">{a.label.length > 30 ? `${a.label.slice(0, 29)}…` : a.label}</text>
            <text x={a.x + 8} y={a.y + 34} fontSize={10} fill="#495057">{a.kind}</text>
          </g>
        ))}
        {layout.markers.map((m) => (
          <g key={`${m.threatId}-${m.target}`} data-threat={m.threatId} aria-label={`Threat ${m.threatId}: ${m.title}`}>
            <title>{`${m.threatId}: ${m.title}`}</title>
            <circle cx={m.x} cy={m.y} r={9} fill="#e03131" />
            <text x={m.x} y={m.y + 4} fontSize={10} textAnchor="middle" fill="#fff">{m.n}</text>
          </g>
        ))}
      </svg>

      <section aria-label="Trust boundaries">
        <Title order={3} size="h4">Trust boundaries</Title>
        <ItemTable caption="Trust boundaries" rows={doc.boundaries.map((b) => [b.id, b.name])} head={['Id', 'Name']} onRemove={(id) => remove('boundaries', id)} />
        <Group align="end" mt="xs">
          <TextInput label="Boundary name" value={boundary} onChange={(e) => setBoundary(e.currentTarget.value)} w={280} />
          <Button variant="light" disabled={!boundary.trim()} onClick={() => { edit((d) => ({ ...d, boundaries: [...d.boundaries, { id: nextId('B', d.boundaries.map((x) => x.id)), name: boundary.trim() }] })); setBoundary(''); }}>Add boundary</Button>
        </Group>
      </section>

      <section aria-label="Assets">
        <Title order={3} size="h4">Assets</Title>
        <ItemTable caption="Assets" rows={doc.assets.map((a) => [a.id, a.name, a.kind, a.boundary ?? '—'])} head={['Id', 'Name', 'Kind', 'Boundary']} onRemove={(id) => remove('assets', id)} />
        <Group align="end" mt="xs">
          <TextInput label="Asset name" value={asset.name} onChange={(e) => setAsset({ ...asset, name: e.currentTarget.value })} w={240} />
          <Select label="Asset kind" data={KINDS} value={asset.kind} onChange={(v) => setAsset({ ...asset, kind: v ?? 'software' })} w={140} />
          <Select label="In boundary" data={doc.boundaries.map((b) => ({ value: b.id, label: b.name }))} value={asset.boundary} onChange={(v) => setAsset({ ...asset, boundary: v })} clearable w={220} />
          <Button variant="light" disabled={!asset.name.trim()} onClick={() => { edit((d) => ({ ...d, assets: [...d.assets, { id: nextId('A', d.assets.map((x) => x.id)), name: asset.name.trim(), kind: asset.kind, boundary: asset.boundary }] })); setAsset({ ...asset, name: '' }); }}>Add asset</Button>
        </Group>
      </section>

      <section aria-label="Interfaces">
        <Title order={3} size="h4">Interfaces</Title>
        <ItemTable caption="Interfaces" rows={doc.interfaces.map((f) => [f.id, f.name, `${f.from} → ${f.to}`, f.protocol ?? '—'])} head={['Id', 'Name', 'From → to', 'Protocol']} onRemove={(id) => remove('interfaces', id)} />
        <Group align="end" mt="xs">
          <TextInput label="Interface name" value={iface.name} onChange={(e) => setIface({ ...iface, name: e.currentTarget.value })} w={220} />
          <Select label="From" data={assetOptions} value={iface.from} onChange={(v) => setIface({ ...iface, from: v })} w={200} />
          <Select label="To" data={assetOptions} value={iface.to} onChange={(v) => setIface({ ...iface, to: v })} w={200} />
          <TextInput label="Protocol" value={iface.protocol} onChange={(e) => setIface({ ...iface, protocol: e.currentTarget.value })} w={160} />
          <Button variant="light" disabled={!iface.name.trim() || !iface.from || !iface.to} onClick={() => { edit((d) => ({ ...d, interfaces: [...d.interfaces, { id: nextId('IF', d.interfaces.map((x) => x.id)), name: iface.name.trim(), from: iface.from!, to: iface.to!, ...(iface.protocol.trim() ? { protocol: iface.protocol.trim() } : {}) }] })); setIface({ name: '', from: null, to: null, protocol: '' }); }}>Add interface</Button>
        </Group>
      </section>

      <section aria-label="Threats">
        <Title order={3} size="h4">Threats</Title>
        <ItemTable caption="Threats" rows={doc.threats.map((t) => [t.id, t.title, t.stride.map((s) => STRIDE.find((x) => x.value === s)?.label ?? s).join(', '), t.targets.join(', '), (t.riskItemIds ?? []).map(riskTitle).join('; ') || '—', t.mitigations.join(', ') || 'unmitigated'])} head={['Id', 'Threat', 'STRIDE', 'Targets', 'Risk items', 'Mitigations']} onRemove={(id) => remove('threats', id)} />
        <Group align="end" mt="xs">
          <TextInput label="Threat" value={threat.title} onChange={(e) => setThreat({ ...threat, title: e.currentTarget.value })} w={280} />
          <MultiSelect label="STRIDE" data={STRIDE} value={threat.stride} onChange={(v) => setThreat({ ...threat, stride: v })} w={240} />
          <MultiSelect label="Targets" data={targetOptions} value={threat.targets} onChange={(v) => setThreat({ ...threat, targets: v })} w={260} />
        </Group>
        <Group align="end" mt="xs">
          <TextInput label="Hazard" value={threat.hazard} onChange={(e) => setThreat({ ...threat, hazard: e.currentTarget.value })} w={280} />
          <MultiSelect label="Risk items" data={(risks.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }))} value={threat.risks} onChange={(v) => setThreat({ ...threat, risks: v })} w={320} />
          <MultiSelect label="Mitigated by" data={doc.mitigations.map((m) => ({ value: m.id, label: `${m.id} ${m.title}` }))} value={threat.mitigations} onChange={(v) => setThreat({ ...threat, mitigations: v })} w={240} />
          <Button variant="light" disabled={!threat.title.trim() || threat.stride.length === 0 || threat.targets.length === 0} onClick={() => {
            edit((d) => ({ ...d, threats: [...d.threats, { id: nextId('T', d.threats.map((x) => x.id)), title: threat.title.trim(), stride: threat.stride, targets: threat.targets, ...(threat.hazard.trim() ? { hazard: threat.hazard.trim() } : {}), ...(threat.risks.length ? { riskItemIds: threat.risks } : {}), mitigations: threat.mitigations }] }));
            setThreat({ title: '', stride: [], targets: [], hazard: '', risks: [], mitigations: [] });
          }}>Add threat</Button>
        </Group>
      </section>

      <section aria-label="Mitigations">
        <Title order={3} size="h4">Mitigations</Title>
        <ItemTable caption="Mitigations" rows={doc.mitigations.map((m) => [m.id, m.title, m.requirement ?? '—'])} head={['Id', 'Mitigation', 'Requirement']} onRemove={(id) => remove('mitigations', id)} />
        <Group align="end" mt="xs">
          <TextInput label="Mitigation" value={mitigation.title} onChange={(e) => setMitigation({ ...mitigation, title: e.currentTarget.value })} w={280} />
          <TextInput label="How (design)" value={mitigation.description} onChange={(e) => setMitigation({ ...mitigation, description: e.currentTarget.value })} w={280} />
          <TextInput label="Becomes requirement" placeholder="SEC-REQ-010" value={mitigation.requirement} onChange={(e) => setMitigation({ ...mitigation, requirement: e.currentTarget.value })} w={180} />
          <Button variant="light" disabled={!mitigation.title.trim()} onClick={() => {
            edit((d) => ({ ...d, mitigations: [...d.mitigations, { id: nextId('M', d.mitigations.map((x) => x.id)), title: mitigation.title.trim(), ...(mitigation.description.trim() ? { description: mitigation.description.trim() } : {}), ...(mitigation.requirement.trim() ? { requirement: mitigation.requirement.trim() } : {}) }] }));
            setMitigation({ title: '', description: '', requirement: '' });
          }}>Add mitigation</Button>
        </Group>
      </section>
    </Stack>
  );
}

function ItemTable({ caption, head, rows, onRemove }: { caption: string; head: string[]; rows: string[][]; onRemove: (id: string) => void }) {
  return (
    <Table aria-label={caption} mt="xs">
      <Table.Thead><Table.Tr>{head.map((h) => <Table.Th key={h}>{h}</Table.Th>)}<Table.Th /></Table.Tr></Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r[0]}>
            {r.map((c, i) => <Table.Td key={i}>{c}</Table.Td>)}
            <Table.Td><Button size="compact-xs" variant="subtle" color="red" aria-label={`Remove ${r[0]}`} onClick={() => onRemove(r[0]!)}>Remove</Button></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
