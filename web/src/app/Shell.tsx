import { AppShell, Avatar, Box, Burger, Group, Menu, NavLink, ScrollArea, Select, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { errorMessage } from './api.js';
import { IconBook, IconChevronDown, IconLogout, IconShieldCheck, IconUser } from './icons.js';
import { Loading } from './Page.js';
import { ROLE_LABELS } from './permissions.js';
import { APP_ROUTES, NAV_GROUPS, type AppRoute } from './routes.js';
import { useSignedIn } from './session.js';

function isActive(route: AppRoute, pathname: string): boolean {
  return route.path === '/' ? pathname === '/' : pathname === route.path || pathname.startsWith(`${route.path}/`);
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { can } = useSignedIn();
  const { pathname } = useLocation();
  const visible = APP_ROUTES.filter((r) => !r.permission || can(r.permission));

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <AppShell header={{ height: 60 }} navbar={{ width: 264, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="lg">
        <AppShell.Header className="app-header">
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} color="white" />
              <UnstyledButton component={Link} to="/" className="brand" aria-label="Vigil home">
                <IconShieldCheck size={26} strokeWidth={2} />
                <Text component="span" fw={700} fz={20} lh={1}>
                  Vigil
                </Text>
              </UnstyledButton>
            </Group>
            <Group gap="md" wrap="nowrap">
              <OrganizationSwitcher />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar aria-label="Main" className="app-navbar">
          <ScrollArea type="hover" scrollbarSize={6} px="sm" py="md">
            <Stack gap="sm">
              {NAV_GROUPS.map((group) => {
                const items = visible.filter((r) => r.group === group);
                if (items.length === 0) return null;
                const headingId = `nav-${group.toLowerCase()}`;
                return (
                  <Box key={group} component="section" aria-labelledby={headingId}>
                    <Text id={headingId} component="h2" className="nav-group-heading">
                      {group}
                    </Text>
                    <ul className="nav-list">
                      {items.map((route) => {
                        const active = isActive(route, pathname);
                        const Icon = route.icon;
                        return (
                          <li key={route.path}>
                            <NavLink
                              component={Link}
                              to={route.path}
                              label={route.label}
                              leftSection={<Icon size={18} />}
                              active={active}
                              aria-current={active ? 'page' : undefined}
                              onClick={close}
                              className="nav-link"
                            />
                          </li>
                        );
                      })}
                    </ul>
                  </Box>
                );
              })}
            </Stack>
          </ScrollArea>
          <Box className="nav-footer" px="md" py="sm">
            <NavLink component="a" href="/api/docs" target="_blank" rel="noreferrer" label="API documentation" leftSection={<IconBook size={18} />} className="nav-link" />
          </Box>
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1} className="app-main">
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </AppShell.Main>
      </AppShell>
    </>
  );
}

function OrganizationSwitcher() {
  const { session, switchOrganization } = useSignedIn();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  if (session.organizations.length === 0) return null;
  const data = session.organizations.map((o) => ({ value: o.id, label: o.name }));
  const roles = new Map(session.organizations.map((o) => [o.id, ROLE_LABELS[o.role]]));

  return (
    <Box>
      <Select
        label="Organization"
        classNames={{ label: 'visually-hidden' }}
        data={data}
        value={session.activeOrganizationId}
        allowDeselect={false}
        checkIconPosition="right"
        disabled={pending}
        w={{ base: 180, sm: 260 }}
        comboboxProps={{ width: 300, position: 'bottom-end' }}
        renderOption={({ option }) => (
          <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
            <Text size="sm" truncate>
              {option.label}
            </Text>
            <Text size="xs" c="dimmed">
              {roles.get(option.value)}
            </Text>
          </Group>
        )}
        error={error ?? undefined}
        onChange={async (value) => {
          if (!value || value === session.activeOrganizationId) return;
          setPending(true);
          setError(null);
          try {
            await switchOrganization(value);
            setAnnouncement(`Switched to ${data.find((d) => d.value === value)?.label ?? 'organization'}`);
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setPending(false);
          }
        }}
      />
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
    </Box>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

function UserMenu() {
  const { session, role, signOut } = useSignedIn();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton className="user-button" aria-label={`Account menu for ${session.user.name}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={32} radius="xl" variant="filled" className="user-avatar">
              {initials(session.user.name)}
            </Avatar>
            <Box visibleFrom="sm" style={{ lineHeight: 1.15 }}>
              <Text size="sm" fw={600} c="white" truncate maw={160}>
                {session.user.name}
              </Text>
              {role ? (
                <Text size="xs" c="rgba(255,255,255,0.82)">
                  {ROLE_LABELS[role]}
                </Text>
              ) : null}
            </Box>
            <IconChevronDown size={16} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs" c="dimmed" truncate>
            Signed in as {session.user.email}
          </Text>
        </Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconUser size={16} />}>
          Account
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={async () => {
            await signOut();
            navigate('/login', { replace: true });
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
