import { Anchor, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Link } from 'react-router';
import { IconHourglass } from './icons.js';
import { Page } from './Page.js';

/** The honest placeholder for a capability that is planned but not built yet. */
export function ComingSoon({ title, description }: { title: string; description: string }) {
  return (
    <Page title={title}>
      <Paper withBorder radius="md" p="xl" maw={720}>
        <Stack gap="md" align="flex-start">
          <ThemeIcon size={44} radius="md" variant="light" color="gray">
            <IconHourglass size={24} />
          </ThemeIcon>
          <Title order={2} size="h3">
            Not yet available
          </Title>
          <Text>{description}</Text>
          <Text c="dimmed" size="sm">
            This capability is part of Vigil’s plan but is not built yet, so there is nothing to set up here today. The{' '}
            <Anchor component={Link} to="/">
              dashboard
            </Anchor>{' '}
            lists what you can use now.
          </Text>
        </Stack>
      </Paper>
    </Page>
  );
}
