import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconShieldCheck } from '../app/icons.js';
import { usePageTitle } from '../app/usePageTitle.js';

/** The frame of the signed-out screens: brand, one card, a tagline. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <IconShieldCheck size={34} strokeWidth={2} />
          <Text component="span" fw={700} fz={28} lh={1}>
            Vigil
          </Text>
        </div>
        <Paper radius="md" p="xl" shadow="xl">
          <Title order={1} size="h2" mb={subtitle ? 4 : 'lg'}>
            {title}
          </Title>
          {subtitle ? (
            <Text c="dimmed" size="sm" mb="lg">
              {subtitle}
            </Text>
          ) : null}
          {children}
        </Paper>
        <p className="auth-tagline">Medical device security lifecycle · HSCC Joint Security Plan 2.0</p>
      </div>
    </main>
  );
}
