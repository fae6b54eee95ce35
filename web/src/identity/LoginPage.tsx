import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { fieldError, FormError } from '../app/forms.js';
import { useSession } from '../app/session.js';
import { AuthLayout } from './AuthLayout.js';

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
}

export default function LoginPage() {
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  if (session && !pending) return <Navigate to={returnPath(location.state)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = { ...(email.trim() ? {} : { email: 'Enter your e-mail address' }), ...(password ? {} : { password: 'Enter your password' }) };
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    setPending(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(returnPath(location.state), { replace: true });
    } catch (e) {
      setError(e);
      setPending(false);
    }
  }

  return (
    <AuthLayout title="Sign in" subtitle="Use the e-mail address and password of your Vigil account.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={error} fields={['email', 'password']} />
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            withAsterisk={false}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={missing.email ?? fieldError(error, 'email')}
            data-autofocus
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            withAsterisk={false}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={missing.password ?? fieldError(error, 'password')}
          />
          <Button type="submit" loading={pending} fullWidth size="md" mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
