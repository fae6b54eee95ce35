import { Anchor, Badge, Card, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Link } from 'react-router';
import { RoleBadge } from './components.js';
import { IconChevronRight } from './icons.js';
import { Page } from './Page.js';
import { ORG_KIND_LABELS } from './permissions.js';
import { APP_ROUTES, type AppRoute, type NavGroup } from './routes.js';
import { useSignedIn } from './session.js';

/** Which capability groups matter most for each kind of organization. */
const FOCUS: Record<string, NavGroup[]> = {
  manufacturer: ['Manufacturer', 'Governance'],
  healthcare_provider: ['Hospital', 'Governance'],
  both: ['Manufacturer', 'Hospital', 'Governance'],
};

export default function Dashboard() {
  const { session, activeOrganization, can } = useSignedIn();
  const firstName = session.user.name.split(/\s+/)[0] ?? session.user.name;
  const available = APP_ROUTES.filter((r) => r.group === 'Administration' && r.element && (!r.permission || can(r.permission)));
  const planned = APP_ROUTES.filter((r) => r.comingSoon && activeOrganization && (FOCUS[activeOrganization.kind] ?? []).includes(r.group));

  return (
    <Page title="Dashboard" description="Your organization’s medical-device security program at a glance.">
      <Paper withBorder radius="md" p="lg" className="welcome-card">
        <Stack gap={6}>
          <Title order={2} size="h3">
            Welcome, {firstName}
          </Title>
          {activeOrganization ? (
            <Group gap="sm" wrap="wrap">
              <Text>
                You are working in <strong>{activeOrganization.name}</strong>
              </Text>
              <Badge variant="outline" color="gray" radius="sm" tt="none">
                {ORG_KIND_LABELS[activeOrganization.kind]}
              </Badge>
              <RoleBadge role={activeOrganization.role} />
            </Group>
          ) : (
            <Text>You are not a member of any organization yet. Ask an administrator to invite you.</Text>
          )}
        </Stack>
      </Paper>

      <section aria-labelledby="quick-links">
        <Title order={2} size="h4" id="quick-links" mb="sm">
          Quick links
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {available.map((r) => (
            <QuickLink key={r.path} route={r} />
          ))}
        </SimpleGrid>
      </section>

      {planned.length > 0 ? (
        <section aria-labelledby="coming-up">
          <Title order={2} size="h4" id="coming-up" mb={4}>
            Coming to Vigil
          </Title>
          <Text c="dimmed" size="sm" mb="sm">
            Capabilities planned for an organization like yours; each page says what it will do.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {planned.map((r) => (
              <Anchor key={r.path} component={Link} to={r.path} underline="never" className="planned-link">
                <Group gap="sm" wrap="nowrap">
                  <r.icon size={18} />
                  <Text size="sm" fw={500}>
                    {r.label}
                  </Text>
                </Group>
              </Anchor>
            ))}
          </SimpleGrid>
        </section>
      ) : null}
    </Page>
  );
}

const QUICK_TEXT: Record<string, string> = {
  '/settings/organization': 'Name and kind of your organization.',
  '/settings/members': 'Who has access, with which role; invite people.',
  '/settings/tokens': 'Credentials for scripts and integrations.',
  '/settings/audit': 'Every change, tamper-evident and verifiable.',
  '/settings/jobs': 'Background work and its progress.',
};

function QuickLink({ route }: { route: AppRoute }) {
  const Icon = route.icon;
  return (
    <Card withBorder radius="md" padding="md" component={Link} to={route.path} className="quick-link">
      <Group wrap="nowrap" gap="md" align="flex-start">
        <ThemeIcon variant="light" size={40} radius="md">
          <Icon size={22} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1 }}>
          <Text fw={600}>{route.label}</Text>
          <Text size="sm" c="dimmed">
            {QUICK_TEXT[route.path] ?? ''}
          </Text>
        </Stack>
        <IconChevronRight size={18} className="quick-link-chevron" />
      </Group>
    </Card>
  );
}
