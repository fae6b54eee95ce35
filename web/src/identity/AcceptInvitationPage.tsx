import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, isApiError } from '../app/api.js';
import { fieldError, FormError } from '../app/forms.js';
import { IconAlert } from '../app/icons.js';
import { useSession } from '../app/session.js';
import { AuthLayout } from './AuthLayout.js';

const MIN_PASSWORD = 12;

/** /accept-invitation#<token>: joins the organization, creating the account when needed. */
export default function AcceptInvitationPage() {
  const { hash } = useLocation();
  const token = decodeURIComponent(hash.replace(/^#/, ''));
  const { adoptSession } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<{ name?: string; password?: string; confirm?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  if (token.length < 16) {
    return (
      <AuthLayout title="Accept invitation">
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert" title="This link is incomplete">
            An invitation link ends with a long code after “#”. Copy the whole link from the message you received, or ask for a new invitation.
          </Alert>
          <Anchor component={Link} to="/login">
            Go to sign-in
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  const existingAccount = isApiError(error) && error.type?.endsWith('/wrong-password');
  const gone = isApiError(error, 404);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: typeof local = {};
    if (!existingAccount && !name.trim()) problems.name = 'Enter your name';
    if (!existingAccount && password.length < MIN_PASSWORD) problems.password = `Use at least ${MIN_PASSWORD} characters`;
    if (!existingAccount && confirm !== password) problems.confirm = 'The passwords do not match';
    if (!password) problems.password = 'Enter a password';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    setPending(true);
    setError(null);
    try {
      const result = await api<{ organizationId: string; csrfToken: string }>('/api/v1/invitations/accept', {
        method: 'POST',
        body: { token, password, ...(name.trim() ? { name: name.trim() } : {}) },
        expectUnauthorized: true,
      });
      await adoptSession(result.csrfToken);
      navigate('/', { replace: true });
    } catch (e) {
      setError(e);
      setPending(false);
    }
  }

  return (
    <AuthLayout
      title="Accept invitation"
      subtitle={existingAccount ? 'You already have a Vigil account with this e-mail address. Enter its password to join the organization.' : 'Choose your name and a password to join the organization on Vigil.'}
    >
      {gone ? (
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlert />} role="alert" title="This invitation cannot be used">
            It was revoked, has expired or was already accepted. Ask the person who invited you for a new invitation.
          </Alert>
          <Anchor component={Link} to="/login">
            Go to sign-in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError error={existingAccount ? null : error} fields={['name', 'password']} />
            {existingAccount ? null : (
              <TextInput label="Your name" autoComplete="name" required withAsterisk={false} value={name} onChange={(e) => setName(e.currentTarget.value)} error={local.name ?? fieldError(error, 'name')} autoFocus />
            )}
            <PasswordInput
              label={existingAccount ? 'Your current password' : 'Password'}
              description={existingAccount ? undefined : `At least ${MIN_PASSWORD} characters. A passphrase of several words works well.`}
              autoComplete={existingAccount ? 'current-password' : 'new-password'}
              required
              withAsterisk={false}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={local.password ?? (existingAccount ? 'This is not the password of that account' : fieldError(error, 'password'))}
            />
            {existingAccount ? null : (
              <PasswordInput label="Confirm password" autoComplete="new-password" required withAsterisk={false} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={local.confirm} />
            )}
            <Button type="submit" loading={pending} fullWidth size="md" mt="xs">
              {existingAccount ? 'Join organization' : 'Create account and join'}
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              Already joined?{' '}
              <Anchor component={Link} to="/login" size="xs">
                Sign in
              </Anchor>
            </Text>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
