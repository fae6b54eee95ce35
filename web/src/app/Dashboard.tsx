import { Badge, Card, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
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
  const groups: NavGroup[] = [...(activeOrganization ? (FOCUS[activeOrganization.kind] ?? []) : []), 'Administration'];
  const linksOf = (group: NavGroup) => APP_ROUTES.filter((r) => r.group === group && (!r.permission || can(r.permission)));

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

      {groups.map((group) => {
        const links = linksOf(group);
        if (links.length === 0) return null;
        const id = `links-${group.toLowerCase()}`;
        return (
          <section key={group} aria-labelledby={id}>
            <Title order={2} size="h4" id={id} mb="sm">
              {group}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
              {links.map((r) => (
                <QuickLink key={r.path} route={r} />
              ))}
            </SimpleGrid>
          </section>
        );
      })}
    </Page>
  );
}

/** One line per screen: what it is for. */
const QUICK_TEXT: Record<string, string> = {
  '/portfolio': 'Products and releases with their lifecycle stage and support dates.',
  '/sboms': 'Every release’s SBOM, its quality and its components.',
  '/vulnerabilities': 'What the intelligence sources say, merged by alias.',
  '/findings': 'Vulnerabilities in your releases and their analysis.',
  '/triage': 'The next findings to decide, highest priority first.',
  '/intel/sources': 'OSV, GHSA, NVD, KEV and EPSS feeds and their sync.',
  '/risk': 'Patient-safety risk items, acceptance and the heat map.',
  '/remediation': 'Remediation plans and the clocks they run against.',
  '/disclosure': 'Vulnerability reports, coordinated to disclosure.',
  '/advisories': 'CSAF advisories, validated, signed and published.',
  '/premarket': 'Requirements, threat model, evidence and the premarket package.',
  '/notices': 'Security notices from your device manufacturers.',
  '/fleet': 'Your medical devices: import, edit and export the inventory.',
  '/vendor-feeds': 'Vendors’ CSAF feeds and documents, verified.',
  '/exposure': 'Which devices are exposed to what, and what compensates.',
  '/legacy': 'Devices leaving support, with plans and budgets.',
  '/contracts': 'Vendors’ security obligations, checked against what happened.',
  '/mds2': 'Manufacturer Disclosure Statements, stored and compared.',
  '/maturity': 'Your JSP maturity self-assessment, with evidence and gaps.',
  '/benchmarking': 'Anonymous comparison with peer organizations.',
  '/governance': 'Responsibilities, training and policies.',
  '/reports': 'The executive summary, in HTML and PDF.',
  '/settings/organization': 'Name and kind of your organization.',
  '/settings/members': 'Who has access, with which role; invite people.',
  '/settings/tokens': 'Credentials for scripts and integrations.',
  '/settings/audit': 'Every change, tamper-evident and verifiable.',
  '/settings/jobs': 'Background work and its progress.',
  '/settings/sla': 'The remediation clocks’ deadlines.',
  '/settings/notifications': 'E-mail and webhook channels for events.',
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
