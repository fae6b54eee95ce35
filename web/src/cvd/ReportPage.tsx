import { Alert, Anchor, Button, Checkbox, Code, Divider, FileInput, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import { fieldError, FormError } from '../app/forms.js';
import { ErrorAlert, Loading } from '../app/Page.js';
import { AuthLayout } from '../identity/AuthLayout.js';
import { CREDIT_LABELS, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, fileToAttachment, type Credit, type IntakeInfo, type Receipt } from './api.js';

/**
 * The public vulnerability report form at /report/:orgSlug: no account needed. The plain form
 * goes to POST …/reports; reporters who prefer encryption follow the organization's published
 * OpenPGP key and paste the armored message into the encrypted section instead.
 */
export default function ReportPage() {
  const { orgSlug = '' } = useParams();
  const info = useQuery({ queryKey: ['public-intake', orgSlug], queryFn: ({ signal }) => api<IntakeInfo>(`/api/v1/public/organizations/${encodeURIComponent(orgSlug)}/intake`, { signal, expectUnauthorized: true }), retry: false });
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const title = info.data ? `Report a vulnerability to ${info.data.organization}` : 'Report a vulnerability';
  return (
    <AuthLayout title={title} subtitle={info.data ? `No account needed. We acknowledge every report within ${info.data.acknowledgeBusinessDays} business days and aim to disclose within ${info.data.disclosureDays} days, together with you.` : undefined}>
      {info.error ? <ErrorAlert error={info.error} title="This organization does not take reports here" /> : null}
      {!info.data && !info.error ? <Loading /> : null}
      {receipt ? <ReceiptView receipt={receipt} /> : null}
      {info.data && !receipt ? (
        <Stack gap="lg">
          <PlainReport slug={orgSlug} onDone={setReceipt} />
          <EncryptedReport info={info.data} onDone={setReceipt} />
        </Stack>
      ) : null}
    </AuthLayout>
  );
}

function ReceiptView({ receipt }: { receipt: Receipt }) {
  return (
    <Alert color="teal" variant="light" title="Report received" role="status">
      <Stack gap="xs">
        <Text size="sm">{receipt.message}</Text>
        <Text size="sm">
          Your case reference: <Code data-testid="case-reference">{receipt.caseId}</Code>
        </Text>
        <Text size="sm">Received {formatDateTime(receipt.receivedAt)}; acknowledgement due by {formatDateTime(receipt.acknowledgeBy)}.</Text>
      </Stack>
    </Alert>
  );
}

function PlainReport({ slug, onDone }: { slug: string; onDone: (r: Receipt) => void }) {
  const [form, setForm] = useState({ title: '', description: '', productHint: '', reporterName: '', reporterEmail: '', credit: 'named' as Credit, cveRequested: false });
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async () => {
      const attachments = await Promise.all(files.map(fileToAttachment));
      const optional = (v: string) => (v.trim() ? v.trim() : undefined);
      return api<Receipt>(`/api/v1/public/organizations/${encodeURIComponent(slug)}/reports`, {
        method: 'POST',
        expectUnauthorized: true,
        body: {
          title: form.title.trim(),
          description: form.description.trim(),
          productHint: optional(form.productHint),
          reporterName: optional(form.reporterName),
          reporterEmail: optional(form.reporterEmail),
          credit: form.credit,
          cveRequested: form.cveRequested,
          ...(attachments.length ? { attachments } : {}),
        },
      });
    },
    onSuccess: onDone,
  });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm({ ...form, [key]: value });
  function chooseFiles(chosen: File[]) {
    // Checked here too so the reporter learns before uploading; the server enforces the same limits.
    if (chosen.length > MAX_ATTACHMENTS) return setFileProblem(`At most ${MAX_ATTACHMENTS} files.`);
    const big = chosen.find((f) => f.size > MAX_ATTACHMENT_BYTES);
    if (big) return setFileProblem(`${big.name} is larger than 1 MiB.`);
    setFileProblem(null);
    setFiles(chosen);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!fileProblem) send.mutate();
  }
  return (
    <form onSubmit={submit} aria-label="Vulnerability report" noValidate>
      <Stack gap="sm">
        <TextInput label="Title" description="One line: what is vulnerable" required maxLength={200} value={form.title} onChange={(e) => set('title', e.currentTarget.value)} error={fieldError(send.error, 'title')} />
        <Textarea label="Description" description="Steps to reproduce, impact, affected versions" required autosize minRows={5} maxLength={20000} value={form.description} onChange={(e) => set('description', e.currentTarget.value)} error={fieldError(send.error, 'description')} />
        <TextInput label="Product and version" description="As you know them" maxLength={200} value={form.productHint} onChange={(e) => set('productHint', e.currentTarget.value)} error={fieldError(send.error, 'productHint')} />
        <TextInput label="Your name" maxLength={200} value={form.reporterName} onChange={(e) => set('reporterName', e.currentTarget.value)} error={fieldError(send.error, 'reporterName')} />
        <TextInput label="Your e-mail" description="Where our acknowledgement and status updates go" type="email" maxLength={320} value={form.reporterEmail} onChange={(e) => set('reporterEmail', e.currentTarget.value)} error={fieldError(send.error, 'reporterEmail')} />
        <Select label="Acknowledgment" data={(Object.keys(CREDIT_LABELS) as Credit[]).map((c) => ({ value: c, label: CREDIT_LABELS[c] }))} value={form.credit} onChange={(v) => v && set('credit', v as Credit)} allowDeselect={false} />
        <Checkbox label="Please request a CVE id for this vulnerability" checked={form.cveRequested} onChange={(e) => set('cveRequested', e.currentTarget.checked)} />
        <FileInput label="Attachments" description={`Up to ${MAX_ATTACHMENTS} files of at most 1 MiB each`} multiple clearable value={files} onChange={chooseFiles} error={fileProblem ?? fieldError(send.error, 'attachments')} />
        <FormError error={send.error} fields={['title', 'description', 'productHint', 'reporterName', 'reporterEmail', 'attachments']} />
        <Button type="submit" loading={send.isPending}>
          Send report
        </Button>
      </Stack>
    </form>
  );
}

function EncryptedReport({ info, onDone }: { info: IntakeInfo; onDone: (r: Receipt) => void }) {
  const [message, setMessage] = useState('');
  const [email, setEmail] = useState('');
  const send = useMutation({
    mutationFn: () =>
      api<Receipt>(`/api/v1/public/organizations/${encodeURIComponent(info.slug)}/reports/encrypted`, { method: 'POST', expectUnauthorized: true, body: { message: message.trim(), ...(email.trim() ? { reporterEmail: email.trim() } : {}) } }),
    onSuccess: onDone,
  });
  return (
    <Stack gap="sm" component="section" aria-label="Encryption">
      <Divider />
      <Title order={2} size="h4">
        Prefer to encrypt?
      </Title>
      {info.keyUrl ? (
        <form
          aria-label="Encrypted report"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              Encrypt your report to our OpenPGP key{' '}
              <Anchor href={info.keyUrl} download>
                (download the public key)
              </Anchor>{' '}
              with fingerprint <Code>{info.fingerprint}</Code>, then paste the armored message here.
            </Text>
            <Textarea label="Encrypted message" placeholder="-----BEGIN PGP MESSAGE-----" autosize minRows={4} value={message} onChange={(e) => setMessage(e.currentTarget.value)} error={fieldError(send.error, 'message')} ff="monospace" />
            <TextInput label="Reply e-mail (optional)" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(send.error, 'reporterEmail')} />
            <FormError error={send.error} fields={['message', 'reporterEmail']} />
            <Button type="submit" variant="default" loading={send.isPending} disabled={!message.trim()}>
              Send encrypted report
            </Button>
          </Stack>
        </form>
      ) : (
        <Text size="sm" c="dimmed">
          {info.organization} has not published an encryption key; please use the form above.
        </Text>
      )}
    </Stack>
  );
}
