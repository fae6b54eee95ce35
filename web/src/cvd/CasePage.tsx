import { Anchor, Button, Checkbox, Group, Modal, Paper, SimpleGrid, Stack, Table, TagsInput, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Page as ApiPage } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { fieldError, FormError } from '../app/forms.js';
import { ErrorAlert, Page, QueryState } from '../app/Page.js';
import { DraftFromCaseButton } from '../csaf/DraftFromCaseButton.js';
import { useSignedIn } from '../app/session.js';
import { findingPath, type Finding } from '../intel/api.js';
import { formatCalendarDate, PRODUCTS_KEY, type Product } from '../portfolio/api.js';
import { CASES_KEY, CREDIT_LABELS, CVD_STATES, STATE_AT, STATE_LABELS, caseKey, type CaseDetail, type CvdCase, type CvdState, type LinkKind } from './api.js';
import { CaseStateBadge, ClockLine } from './badges.js';

const EVENT_LABELS: Record<string, string> = { received: 'Report received', transition: 'State changed', edit: 'Edited', link: 'Linked', unlink: 'Unlinked', message: 'Message to the reporter', notice: 'Customer notice sent', advisory: 'Advisory' };

/** One line for a timeline event from its detail (all values shown as text). */
function eventSummary(kind: string, d: Record<string, unknown>): string {
  if (kind === 'transition') return `${String(d.from)} → ${String(d.to)}${d.reason ? `: ${String(d.reason)}` : ''}`;
  if (kind === 'edit') return Object.keys((d.changes as Record<string, unknown> | undefined) ?? {}).join(', ');
  if (kind === 'link' || kind === 'unlink') return String(d.kind);
  if (kind === 'message') return `${String(d.kind)} to ${String(d.to)}${d.ok ? '' : ` — failed: ${String(d.error ?? '')}`}`;
  if (kind === 'notice') return `${String(d.emails)} e-mail(s), ${String(d.failed)} failed, ${String(d.inboxes)} inbox copies`;
  if (kind === 'received') return `via ${String(d.source)}`;
  if (kind === 'advisory') return `${String(d.trackingId)} ${String(d.action)}${d.version ? ` (version ${String(d.version)})` : ''}`;
  return '';
}

const useCaseUpdate = (id: string) => {
  const client = useQueryClient();
  return (item?: CvdCase) => {
    if (item) client.setQueryData<CaseDetail>(caseKey(id), (old) => (old ? { ...old, item } : old));
    void client.invalidateQueries({ queryKey: caseKey(id) });
    void client.invalidateQueries({ queryKey: [...CASES_KEY, 'list'] });
  };
};

/** A titled panel of the case page, named for assistive technology by its label. */
function Section({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={label}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children ?? '—'}
      </Text>
    </div>
  );
}

/** /disclosure/:caseId — the report, its clocks and state timeline, the reporter thread, links and the case's fields. */
export default function CasePage() {
  const { caseId = '' } = useParams();
  const detail = useQuery({ queryKey: caseKey(caseId), queryFn: ({ signal }) => api<CaseDetail>(`/api/v1/cvd/cases/${caseId}`, { signal }) });
  const item = detail.data?.item;
  return (
    <Page
      title={item?.title ?? 'CVD case'}
      description={item ? `Case ${item.id.slice(0, 8)} · received ${formatDateTime(item.receivedAt)}` : undefined}
      actions={item ? <Transitions item={item} /> : null}
    >
      <QueryState query={detail}>
        {(d) => (
          <Stack gap="lg">
            <Group gap="sm">
              <Text size="sm">State:</Text>
              <CaseStateBadge state={d.item.state} />
              <Button component={Link} to={`/disclosure/${d.item.id}/notice`} variant="subtle" size="compact-sm">
                Customer notice
              </Button>
              <DraftFromCaseButton caseId={d.item.id} />
            </Group>
            <Report d={d} />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <Clocks item={d.item} />
              <StateTimeline item={d.item} />
            </SimpleGrid>
            <Thread d={d} />
            <Links d={d} />
            {/* Re-read after every change of the case so the form never saves over a newer version. */}
            <CaseFields key={d.item.version} item={d.item} />
            <Activity d={d} />
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}

function Transitions({ item }: { item: CvdCase }) {
  const { can } = useSignedIn();
  const refresh = useCaseUpdate(item.id);
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: (body: { to: CvdState; reason?: string }) => api<CvdCase>(`/api/v1/cvd/cases/${item.id}/transition`, { method: 'POST', body, headers: { 'if-match': `"v${item.version}"` } }),
    onSuccess: (next) => {
      setClosing(false);
      refresh(next);
    },
  });
  if (!can('cvd.write')) return null;
  const needsReason = item.state !== 'disclosed';
  return (
    <>
      {item.allowedTransitions.map((to) =>
        to === 'closed' ? (
          <Button key={to} variant="default" onClick={() => (needsReason ? setClosing(true) : move.mutate({ to }))} loading={move.isPending && move.variables.to === to}>
            Close case
          </Button>
        ) : (
          <Button key={to} onClick={() => move.mutate({ to })} loading={move.isPending && move.variables.to === to}>
            Move to {STATE_LABELS[to].toLowerCase()}
          </Button>
        ),
      )}
      {move.error && !closing ? <ErrorAlert error={move.error} title="The case did not move" /> : null}
      <Modal opened={closing} onClose={() => setClosing(false)} title="Close the case before disclosure" centered>
        <Stack gap="sm">
          <Textarea label="Reason" description="Duplicate, not a vulnerability, out of scope…" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={4000} error={fieldError(move.error, 'reason')} />
          <FormError error={move.error} fields={['reason']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setClosing(false)}>
              Cancel
            </Button>
            <Button onClick={() => move.mutate({ to: 'closed', reason: reason.trim() })} loading={move.isPending} disabled={!reason.trim()}>
              Close case
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function Report({ d }: { d: CaseDetail }) {
  const c = d.item;
  return (
    <Section label="Report" title="Report">
        <Field label="Description">{c.description}</Field>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label="Product as reported">{c.productHint}</Field>
          <Field label="Reporter">{[c.reporter.name, c.reporter.email].filter(Boolean).join(' · ') || 'Anonymous'}</Field>
          <Field label="Acknowledgment">{CREDIT_LABELS[c.reporter.credit]}</Field>
        </SimpleGrid>
        {c.encrypted ? (
          <Anchor href={`/api/v1/cvd/cases/${c.id}/encrypted-message`} download size="sm">
            Download the encrypted report (.asc) to decrypt offline
          </Anchor>
        ) : null}
        {d.attachments.length ? (
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              Attachments
            </Text>
            {d.attachments.map((a) => (
              <Text size="sm" key={a.id}>
                <Anchor href={`/api/v1/cvd/attachments/${a.id}`} download>
                  {a.fileName}
                </Anchor>{' '}
                · {a.size} bytes · sha256 {a.sha256.slice(0, 16)}…
              </Text>
            ))}
          </Stack>
        ) : null}
    </Section>
  );
}

function Clocks({ item }: { item: CvdCase }) {
  return (
    <Section label="Clocks" title="Clocks">
        {item.clocks.map((c) => (
          <ClockLine key={c.clock} clock={c} disclosureTarget={item.disclosureTarget} />
        ))}
        <Text size="xs" c="dimmed">
          {item.embargoDate ? `Embargo until ${formatCalendarDate(item.embargoDate)}.` : 'No embargo date: disclosure target is 45 days after receipt.'}
        </Text>
    </Section>
  );
}

function StateTimeline({ item }: { item: CvdCase }) {
  const path = CVD_STATES.filter((s) => s !== 'closed' || item.closedAt);
  const reached = path.filter((s) => item[STATE_AT[s]]).length;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="State timeline">
      <Title order={2} size="h4" mb="sm">
        State timeline
      </Title>
      <Timeline active={reached - 1} bulletSize={16} lineWidth={2}>
        {path.map((s) => {
          const at = item[STATE_AT[s]] as string | null;
          return (
            <Timeline.Item key={s} title={STATE_LABELS[s]}>
              <Text size="xs" c="dimmed">
                {at ? formatDateTime(at) : 'not yet'}
                {s === 'closed' && item.closeReason ? ` · ${item.closeReason}` : ''}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Paper>
  );
}

function Thread({ d }: { d: CaseDetail }) {
  const { can } = useSignedIn();
  const refresh = useCaseUpdate(d.item.id);
  const [body, setBody] = useState('');
  const send = useMutation({
    mutationFn: (kind: 'acknowledgement' | 'status') => api<CvdCase>(`/api/v1/cvd/cases/${d.item.id}/messages`, { method: 'POST', body: { kind, ...(body.trim() ? { body: body.trim() } : {}) } }),
    onSuccess: (item) => {
      setBody('');
      refresh(item);
    },
    onError: () => refresh(),
  });
  const writable = can('cvd.write') && d.item.state !== 'closed' && d.item.reporter.email;
  return (
    <Section label="Reporter thread" title="Reporter thread">
        {d.messages.length === 0 ? (
          <Text size="sm" c="dimmed">
            No message sent to the reporter yet.
          </Text>
        ) : (
          d.messages.map((m) => (
            <Paper key={m.id} withBorder p="sm" radius="sm" bg={m.ok ? undefined : 'red.0'}>
              <Text size="xs" c="dimmed">
                {m.kind} · to {m.recipient} · {formatDateTime(m.sentAt)} · {m.sentBy}
                {m.ok ? '' : ` · not delivered: ${m.error ?? ''}`}
              </Text>
              <Text size="sm" fw={600}>
                {m.subject}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {m.body}
              </Text>
            </Paper>
          ))
        )}
        {!d.item.reporter.email ? (
          <Text size="sm" c="dimmed">
            The reporter left no e-mail address.
          </Text>
        ) : null}
        {writable ? (
          <>
            <Textarea label="Message to the reporter" description="Required for a status update; optional with the acknowledgement" value={body} onChange={(e) => setBody(e.currentTarget.value)} maxLength={8000} autosize minRows={2} />
            <FormError error={send.error} />
            <Group gap="sm">
              {d.item.acknowledgedAt ? null : (
                <Button onClick={() => send.mutate('acknowledgement')} loading={send.isPending && send.variables === 'acknowledgement'}>
                  Send acknowledgement
                </Button>
              )}
              <Button variant="default" onClick={() => send.mutate('status')} loading={send.isPending && send.variables === 'status'} disabled={!body.trim()}>
                Send status update
              </Button>
            </Group>
          </>
        ) : null}
    </Section>
  );
}

const LINK_LABELS: Record<LinkKind, string> = { product: 'Product', release: 'Release', finding: 'Finding' };

function Links({ d }: { d: CaseDetail }) {
  const { can } = useSignedIn();
  const refresh = useCaseUpdate(d.item.id);
  const change = useMutation({
    mutationFn: ({ kind, id, linked }: { kind: LinkKind; id: string; linked: boolean }) => api<CvdCase>(`/api/v1/cvd/cases/${d.item.id}/links`, { method: linked ? 'POST' : 'DELETE', body: { kind, id } }),
    onSuccess: (item) => refresh(item),
  });
  const linkedIds = new Set(d.links.map((l) => l.id));
  return (
    <Section label="Links" title="Products, releases and findings">
        {d.links.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing linked yet.
          </Text>
        ) : (
          <Table aria-label="Linked records">
            <Table.Tbody>
              {d.links.map((l) => (
                <Table.Tr key={`${l.kind}:${l.id}`}>
                  <Table.Td w={100}>{LINK_LABELS[l.kind]}</Table.Td>
                  <Table.Td>
                    {l.kind === 'finding' ? (
                      <Anchor component={Link} to={findingPath(l.id)}>
                        {l.label ?? l.id}
                      </Anchor>
                    ) : l.kind === 'product' ? (
                      <Anchor component={Link} to={`/portfolio/${l.id}`}>
                        {l.label ?? l.id}
                      </Anchor>
                    ) : (
                      (l.label ?? l.id)
                    )}
                  </Table.Td>
                  <Table.Td w={110}>
                    {can('cvd.write') ? (
                      <Button size="compact-xs" variant="subtle" onClick={() => change.mutate({ kind: l.kind, id: l.id, linked: false })} aria-label={`Unlink ${l.label ?? l.id}`}>
                        Unlink
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {change.error ? <ErrorAlert error={change.error} title="The link did not change" /> : null}
        {can('cvd.write') ? <LinkPickers linkedIds={linkedIds} onLink={(kind, id) => change.mutate({ kind, id, linked: true })} pending={change.isPending} /> : null}
    </Section>
  );
}

function LinkPickers({ linkedIds, onLink, pending }: { linkedIds: Set<string>; onLink: (kind: LinkKind, id: string) => void; pending: boolean }) {
  const products = useQuery({ queryKey: [...PRODUCTS_KEY, 'options'], queryFn: ({ signal }) => api<ApiPage<Product>>('/api/v1/products', { query: { limit: 200 }, signal }) });
  const [search, setSearch] = useState('');
  const [asked, setAsked] = useState('');
  // A vulnerability id (CVE-, GHSA-…) searches by id or alias; anything else by component name.
  const byId = /^[A-Z]+-\d/i.test(asked);
  const findings = useQuery({
    queryKey: ['cvd', 'finding-search', asked],
    enabled: asked.length > 0,
    queryFn: ({ signal }) => api<ApiPage<Finding>>('/api/v1/findings', { query: { ...(byId ? { vulnId: asked.toUpperCase() } : { q: asked }), limit: 20 }, signal }),
  });
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        {(products.data?.items ?? [])
          .filter((p) => !linkedIds.has(p.id))
          .map((p) => (
            <Button key={p.id} size="compact-sm" variant="light" onClick={() => onLink('product', p.id)} disabled={pending}>
              Link {p.name}
            </Button>
          ))}
      </Group>
      <form
        aria-label="Find a finding to link"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(search.trim());
        }}
      >
        <Group gap="sm" align="flex-end">
          <TextInput label="Finding" placeholder="CVE-2021-44228 or a component name" value={search} onChange={(e) => setSearch(e.currentTarget.value)} maxLength={200} w={320} />
          <Button type="submit" variant="default">
            Find
          </Button>
        </Group>
      </form>
      {findings.error ? <ErrorAlert error={findings.error} /> : null}
      {findings.data ? (
        findings.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No finding matches.
          </Text>
        ) : (
          <Table aria-label="Matching findings">
            <Table.Tbody>
              {findings.data.items.map((f) => {
                const label = `${f.vulnId} in ${f.componentName}${f.componentVersion ? ` ${f.componentVersion}` : ''}`;
                return (
                  <Table.Tr key={f.id}>
                    <Table.Td>
                      {label}
                      <Text size="xs" c="dimmed">
                        {f.productName} {f.releaseVersion}
                      </Text>
                    </Table.Td>
                    <Table.Td w={150}>
                      {linkedIds.has(f.id) ? (
                        <Text size="sm" c="dimmed">
                          Linked
                        </Text>
                      ) : (
                        <Button size="compact-sm" onClick={() => onLink('finding', f.id)} disabled={pending} aria-label={`Link ${label} (${f.productName} ${f.releaseVersion})`}>
                          Link finding
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )
      ) : null}
    </Stack>
  );
}

function CaseFields({ item }: { item: CvdCase }) {
  const { can } = useSignedIn();
  const refresh = useCaseUpdate(item.id);
  const [cveIds, setCveIds] = useState(item.cveIds);
  const [embargo, setEmbargo] = useState(item.embargoDate ?? '');
  const [cveRequested, setCveRequested] = useState(item.cveRequested);
  const [notes, setNotes] = useState(item.internalNotes ?? '');
  const save = useMutation({
    mutationFn: () =>
      api<CvdCase>(`/api/v1/cvd/cases/${item.id}`, {
        method: 'PATCH',
        headers: { 'if-match': `"v${item.version}"` },
        body: { cveIds: cveIds.map((c) => c.trim().toUpperCase()), embargoDate: embargo || null, cveRequested, internalNotes: notes.trim() ? notes : null },
      }),
    onSuccess: (next) => refresh(next),
  });
  const readOnly = !can('cvd.write');
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="CVE and embargo">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            CVE ids, embargo and notes
          </Title>
          <Checkbox label="CVE requested" checked={cveRequested} onChange={(e) => setCveRequested(e.currentTarget.checked)} disabled={readOnly} />
          <TagsInput label="Assigned CVE ids" placeholder="CVE-2025-12345, then Enter" value={cveIds} onChange={setCveIds} disabled={readOnly} error={fieldError(save.error, 'cveIds')} />
          <TextInput label="Embargo date" description="Moves the disclosure target; empty means 45 days after receipt" type="date" value={embargo} onChange={(e) => setEmbargo(e.currentTarget.value)} disabled={readOnly} error={fieldError(save.error, 'embargoDate')} w={260} />
          <Textarea label="Internal notes" description="Never shown to the reporter or customers" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} maxLength={20000} autosize minRows={2} disabled={readOnly} />
          <FormError error={save.error} fields={['cveIds', 'embargoDate']} />
          {readOnly ? null : (
            <Button type="submit" loading={save.isPending} w="fit-content">
              Save
            </Button>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function Activity({ d }: { d: CaseDetail }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Activity">
      <Title order={2} size="h4" mb="sm">
        Activity
      </Title>
      <Table aria-label="Case activity">
        <Table.Tbody>
          {d.events.map((e, i) => (
            <Table.Tr key={i}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
              <Table.Td>{EVENT_LABELS[e.kind] ?? e.kind}</Table.Td>
              <Table.Td>{eventSummary(e.kind, e.detail)}</Table.Td>
              <Table.Td>{e.actor}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
