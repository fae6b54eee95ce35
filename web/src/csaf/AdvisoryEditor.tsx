import { Alert, Anchor, Badge, Button, Group, JsonInput, List, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { readAdvisory, writeAdvisory, type AdvisoryModel, type AdvisoryNote } from '../../../src/formats/csaf/model.js';
import { api, errorMessage, isApiError } from '../app/api.js';
import { Page, QueryState } from '../app/Page.js';
import { useSignedIn } from '../app/session.js';
import { ADVISORIES_KEY, TLP_LABELS, TRACKING_STATUSES, type Advisory, type CsafMessage, type Validation } from './api.js';

/**
 * One advisory: a form for the main fields (title, status, TLP, the patient-safety statement and
 * key message) over the editor model, the whole CSAF JSON beside it, and a validation panel
 * that re-validates the unsaved document as it changes. The form and the JSON edit the same
 * document: the form writes into the JSON, and JSON edits show in the form when they parse.
 */
export default function AdvisoryEditor() {
  const { advisoryId } = useParams();
  const query = useQuery({ queryKey: [...ADVISORIES_KEY, advisoryId], queryFn: () => api<Advisory>(`/api/v1/advisories/${advisoryId}`) });
  return <QueryState query={query}>{(a) => <Editor key={`${a.id}:${a.revision}`} advisory={a} />}</QueryState>;
}

const noteIndex = (m: AdvisoryModel, title: string) => m.notes.findIndex((n) => n.title === title);

function setNote(m: AdvisoryModel, title: string, text: string): AdvisoryModel {
  const i = noteIndex(m, title);
  const note: AdvisoryNote = { category: 'summary', title, text };
  const notes = i >= 0 ? m.notes.map((n, j) => (j === i ? { ...n, text } : n)) : title === 'Patient safety' ? [note, ...m.notes] : [...m.notes, note];
  return { ...m, notes };
}

function Messages({ items, color }: { items: readonly CsafMessage[]; color: string }) {
  return (
    <List size="sm" spacing={4}>
      {items.slice(0, 50).map((m, i) => (
        <List.Item key={i}><Badge color={color} size="xs" mr={6}>{m.test}</Badge><code>{m.pointer}</code> {m.message}</List.Item>
      ))}
    </List>
  );
}

function Editor({ advisory }: { advisory: Advisory }) {
  const { can, session } = useSignedIn();
  const client = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(advisory.document, null, 2));
  const parsed = useMemo(() => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
  }, [text]);
  const model = useMemo(() => (parsed ? readAdvisory(parsed) : null), [parsed]);
  const edit = (change: (m: AdvisoryModel) => AdvisoryModel) => model && setText(JSON.stringify(writeAdvisory(change(model)), null, 2));
  const [debounced] = useDebouncedValue(parsed, 400);
  const [validation, setValidation] = useState<Validation | null>(null);
  useEffect(() => {
    if (!debounced) return;
    let live = true;
    void api<Validation>(`/api/v1/advisories/${advisory.id}/validate`, { method: 'POST', body: { document: debounced } }).then((v) => live && setValidation(v), () => undefined);
    return () => { live = false; };
  }, [debounced, advisory.id]);
  const refresh = () => client.invalidateQueries({ queryKey: ADVISORIES_KEY });
  const save = useMutation({ mutationFn: () => api(`/api/v1/advisories/${advisory.id}/document`, { method: 'PUT', body: { document: parsed, revision: advisory.revision } }), onSuccess: refresh });
  const publish = useMutation({ mutationFn: () => api<{ version: string; url: string }>(`/api/v1/advisories/${advisory.id}/publish`, { method: 'POST', body: {} }), onSuccess: refresh });
  const latest = advisory.publications.at(-1);
  const orgSlug = session.organizations.find((o) => o.id === session.activeOrganizationId)?.slug;
  const dirty = parsed !== null && JSON.stringify(parsed) !== JSON.stringify(advisory.document);
  const textOf = (title: string) => (model ? (model.notes[noteIndex(model, title)]?.text ?? '') : '');

  return (
    <Page title={advisory.title} description={`${advisory.tracking_id} · version ${advisory.version} · ${advisory.status} · TLP:${advisory.tlp}`}
      actions={
        <Group>
          <Button component="a" variant="default" href={`/api/v1/advisories/${advisory.id}/advisory.html`} target="_blank">HTML</Button>
          <Button component="a" variant="default" href={`/api/v1/advisories/${advisory.id}/advisory.pdf`}>PDF</Button>
          <Button component="a" variant="default" href={`/api/v1/advisories/${advisory.id}/csaf.json`}>JSON</Button>
        </Group>
      }>
      <Stack>
        {model && (
          <Paper withBorder p="md">
            <Stack>
              <TextInput label="Title" value={model.title} onChange={(e) => { const title = e.currentTarget.value; edit((m) => ({ ...m, title })); }} />
              <Group grow>
                <Select label="Tracking status" data={[...TRACKING_STATUSES]} value={model.tracking.status} allowDeselect={false} onChange={(v) => v && edit((m) => ({ ...m, tracking: { ...m.tracking, status: v } }))} />
                <Select label="TLP label" data={[...TLP_LABELS]} value={model.tlp?.label ?? 'WHITE'} allowDeselect={false} onChange={(v) => v && edit((m) => ({ ...m, tlp: { label: v, url: 'https://www.first.org/tlp/' } }))} />
              </Group>
              <Textarea label="Patient safety" description="Shown first: is there patient risk, and should the device be kept in use?" autosize minRows={2} value={textOf('Patient safety')} onChange={(e) => { const v = e.currentTarget.value; edit((m) => setNote(m, 'Patient safety', v)); }} />
              <Textarea label="Key message" autosize minRows={2} value={textOf('Key message')} onChange={(e) => { const v = e.currentTarget.value; edit((m) => setNote(m, 'Key message', v)); }} />
            </Stack>
          </Paper>
        )}
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <JsonInput label="CSAF document (JSON)" aria-label="CSAF document (JSON)" value={text} onChange={setText} autosize minRows={20} maxRows={40} validationError="Not valid JSON" formatOnBlur />
          <Paper withBorder p="md" aria-label="Validation">
            <Title order={4}>Validation</Title>
            {!parsed && <Text c="red">The JSON does not parse.</Text>}
            {validation && (
              <Stack gap="xs" mt="xs">
                <Text fw={600} c={validation.valid ? 'green' : 'red'} data-testid="validation-summary">
                  {validation.valid ? 'Valid: schema and every mandatory test pass' : `${validation.errors.length} error${validation.errors.length === 1 ? '' : 's'}`}
                  {` · ${validation.warnings.length} warning${validation.warnings.length === 1 ? '' : 's'}`}
                </Text>
                {validation.errors.length > 0 && <Messages items={validation.errors} color="red" />}
                {validation.warnings.length > 0 && <Messages items={validation.warnings} color="yellow" />}
              </Stack>
            )}
          </Paper>
        </SimpleGrid>
        <Group>
          {can('advisories.write') && <Button onClick={() => save.mutate()} disabled={!dirty} loading={save.isPending}>Save</Button>}
          {can('advisories.publish') && <Button color="green" onClick={() => publish.mutate()} disabled={dirty} loading={publish.isPending}>Publish</Button>}
        </Group>
        {save.error && <Alert color="red" role="alert">{errorMessage(save.error)}</Alert>}
        {publish.error && (
          <Alert color="red" role="alert" title="Not published">
            {errorMessage(publish.error)}
            {isApiError(publish.error) && publish.error.errors.length > 0 && <List size="sm">{publish.error.errors.map((e, i) => <List.Item key={i}><code>{e.pointer}</code> {e.message}</List.Item>)}</List>}
          </Alert>
        )}
        {/* The editor remounts with the published revision, so the notice comes from the stored publications. */}
        {latest && <Alert color="green" role="status">Published version {latest.version}: <Anchor href={`/.well-known/csaf/${orgSlug ?? ''}/${latest.tlp.toLowerCase()}/${latest.year}/${latest.file_name}`}>{latest.year}/{latest.file_name}</Anchor></Alert>}
        {advisory.publications.length > 0 && (
          <Paper withBorder p="md">
            <Title order={4}>Published versions</Title>
            <List size="sm">{advisory.publications.map((p) => <List.Item key={p.version}>Version {p.version} · {p.published_at} · {p.year}/{p.file_name} · SHA-256 <code>{p.sha256.slice(0, 16)}…</code></List.Item>)}</List>
          </Paper>
        )}
      </Stack>
    </Page>
  );
}
