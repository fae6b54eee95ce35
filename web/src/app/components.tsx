import { ActionIcon, Alert, Badge, Box, Button, CopyButton, Group, Modal, Stack, Text, TextInput, Tooltip, type MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from './api.js';
import { IconCheck, IconCopy } from './icons.js';
import { ROLE_LABELS, type Role } from './permissions.js';

/** Red dark enough for AA contrast as text on white and as a background under white text. */
export const DANGER = 'red.9';

const ROLE_COLORS: Record<Role, MantineColor> = { owner: 'grape', admin: 'indigo', analyst: 'teal', auditor: 'orange', viewer: 'gray' };

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={ROLE_COLORS[role]} radius="sm" tt="none" fw={600}>
      {ROLE_LABELS[role]}
    </Badge>
  );
}

export function StatusBadge({ color, children }: { color: MantineColor; children: string }) {
  return (
    <Badge variant="dot" color={color} radius="sm" tt="none" fw={600} className="status-badge">
      {children}
    </Badge>
  );
}

/**
 * A value shown in full in a read-only field (selectable, labelled) with a copy button, for
 * secrets and links that are shown once.
 */
export function CopyableValue({ value, label, description }: { value: string; label: string; description?: string }) {
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      classNames={{ input: 'copyable-input' }}
      rightSectionWidth={44}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy to clipboard'} withArrow position="left">
              <ActionIcon variant={copied ? 'filled' : 'subtle'} color={copied ? 'teal' : 'gray'} size="md" onClick={copy} aria-label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}>
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

/**
 * A confirmation dialog for destructive actions. The confirm button shows progress and the
 * dialog shows the server's error if the action fails.
 */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  pending,
  error,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  error: unknown;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size="md">
      <Stack gap="md">
        <Box>{children}</Box>
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(error)}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button color={DANGER} onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The "Load more" footer of a cursor-paginated list. */
export function LoadMore({ hasMore, loading, onLoad, shown, noun }: { hasMore: boolean; loading: boolean; onLoad: () => void; shown: number; noun: string }) {
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        Showing {shown} {noun}
        {hasMore ? '' : shown === 0 ? '' : ' — all loaded'}
      </Text>
      {hasMore ? (
        <Button variant="default" onClick={onLoad} loading={loading}>
          Load more
        </Button>
      ) : null}
    </Group>
  );
}
