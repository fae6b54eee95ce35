import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../app/api.js';
import { DANGER } from '../app/components.js';
import { fieldError, FormError } from '../app/forms.js';
import { RISK_KEY, levelLabel, type RiskItem } from './api.js';

const FIELDS = ['rationale', 'expiresOn', 'reviewOn', 'acceptUncontrolled', 'benefitRiskRationale'];

/** A date input's value a number of days from today (UTC, as the server judges dates). */
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Accept (or renew the acceptance of) the item's residual risk. An uncontrolled residual risk
 * needs the explicit confirmation and a benefit-risk rationale, as the server's rule says.
 */
export function AcceptanceDialog({ risk, opened, onClose }: { risk: RiskItem; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={risk.acceptance ? 'Renew the acceptance' : 'Accept the residual risk'} centered size="lg">
      {opened ? <AcceptanceForm risk={risk} onClose={onClose} /> : null}
    </Modal>
  );
}

function AcceptanceForm({ risk, onClose }: { risk: RiskItem; onClose: () => void }) {
  const queryClient = useQueryClient();
  const uncontrolled = risk.residualClass === 'uncontrolled';
  const [rationale, setRationale] = useState('');
  const [expiresOn, setExpiresOn] = useState(daysFromToday(180));
  const [reviewOn, setReviewOn] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [benefit, setBenefit] = useState('');
  const [checked, setChecked] = useState(false);
  const accept = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<RiskItem>(`/api/v1/risks/${risk.id}/acceptance`, { method: 'POST', body, headers: { 'if-match': `"v${risk.version}"` } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: RISK_KEY });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!rationale.trim() || !expiresOn) return;
    accept.mutate({
      rationale: rationale.trim(),
      expiresOn,
      ...(reviewOn ? { reviewOn } : {}),
      ...(uncontrolled ? { acceptUncontrolled: confirmed, ...(benefit.trim() ? { benefitRiskRationale: benefit.trim() } : {}) } : {}),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Residual risk: <strong>{levelLabel(risk.residualLikelihood)}</strong> likelihood × <strong>{levelLabel(risk.residualSeverity)}</strong> harm — {uncontrolled ? 'uncontrolled' : 'controlled'}. You are the approver.
        </Text>
        {uncontrolled ? (
          <Alert color="red" variant="light" title="This residual risk is uncontrolled">
            Accepting it is an exception: confirm it explicitly and say why the benefit to patients outweighs the risk.
          </Alert>
        ) : null}
        <FormError error={accept.error} fields={FIELDS} />
        <Textarea label="Rationale" required autosize minRows={3} maxLength={8000} value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} error={checked && !rationale.trim() ? 'Say why the residual risk is acceptable' : fieldError(accept.error, 'rationale')} data-autofocus />
        <Group grow align="flex-start">
          <TextInput label="Expires on" required type="date" description="In force up to this day" value={expiresOn} onChange={(e) => setExpiresOn(e.currentTarget.value)} error={fieldError(accept.error, 'expiresOn')} />
          <TextInput label="Re-review on" type="date" description="Default: 30 days before expiry" value={reviewOn} onChange={(e) => setReviewOn(e.currentTarget.value)} error={fieldError(accept.error, 'reviewOn')} />
        </Group>
        {uncontrolled ? (
          <>
            <Checkbox label="I accept an uncontrolled residual risk" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} error={fieldError(accept.error, 'acceptUncontrolled')} />
            <Textarea label="Benefit-risk rationale" required autosize minRows={3} maxLength={8000} value={benefit} onChange={(e) => setBenefit(e.currentTarget.value)} error={fieldError(accept.error, 'benefitRiskRationale')} />
          </>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={accept.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={accept.isPending} color={uncontrolled ? DANGER : undefined}>
            {risk.acceptance ? 'Renew acceptance' : 'Accept risk'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Revoke the acceptance in force, with a reason. */
export function RevokeDialog({ risk, opened, onClose }: { risk: RiskItem; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () => api<RiskItem>(`/api/v1/risks/${risk.id}/acceptance/revoke`, { method: 'POST', body: { reason: reason.trim() } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: RISK_KEY });
      setReason('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Revoke the acceptance" centered>
      <Stack gap="md">
        <Text size="sm">The item goes back to open and its acceptance ends now.</Text>
        <FormError error={revoke.error} fields={['reason']} />
        <Textarea label="Reason" required autosize minRows={2} maxLength={4000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(revoke.error, 'reason')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={revoke.isPending}>
            Cancel
          </Button>
          <Button color={DANGER} onClick={() => revoke.mutate()} loading={revoke.isPending} disabled={!reason.trim()}>
            Revoke
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
