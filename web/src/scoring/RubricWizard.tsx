import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { RubricVersion, Score } from './api.js';
import { useScoreUpdate } from './useScoreUpdate.js';

/**
 * The MITRE medical-device rubric, one question at a time: the server says which question the
 * answers so far lead to next (src/core/rubric), each answer is saved at once, and the finished
 * rubric's CVSS vector becomes a source of the finding's score.
 */
export function RubricWizard({ version, score, editable }: { version: RubricVersion; score: Score; editable: boolean }) {
  const update = useScoreUpdate(score.findingId);
  const answers = score.inputs.rubricAnswers;
  const state = score.assessment.rubric;
  const nextId = state ? state.nextQuestion : (version.flows[0]?.starts[0] ?? null);
  const question = version.questions.find((q) => q.id === nextId);
  const answered = Object.keys(answers).length;
  const answer = (value: string) => update.mutate({ rubricVersion: version.id, rubricAnswers: { ...answers, [question!.id]: value } });

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="rubric-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="rubric-heading">
          Medical-device rubric ({version.id})
        </Title>
        <Text size="sm" c="dimmed" data-testid="rubric-progress">
          {state?.complete ? 'Complete' : `${answered} answered`}
        </Text>
      </Group>
      {state?.complete ? (
        <Stack gap={4}>
          <Text size="sm">
            Rubric vector <span className="mono">{state.vector}</span> — base {state.score?.toFixed(1)}.
          </Text>
        </Stack>
      ) : question ? (
        <Stack gap="xs" role="group" aria-labelledby="rubric-question">
          <Text size="xs" c="dimmed">
            {question.metric} · {question.id} ({question.code})
          </Text>
          <Text fw={600} id="rubric-question">
            {question.text}
          </Text>
          <Text size="sm" c="dimmed">
            {question.guidance}
          </Text>
          {editable ? (
            <Group gap="xs">
              {question.options.map((o) => (
                <Button key={o.value} variant="light" onClick={() => answer(o.value)} loading={update.isPending}>
                  {o.label}
                </Button>
              ))}
            </Group>
          ) : (
            <Text size="sm">Your role cannot answer the rubric.</Text>
          )}
        </Stack>
      ) : null}
      {state?.error ? (
        <Alert color="red" variant="light" mt="xs">
          {state.error}
        </Alert>
      ) : null}
      {editable && answered > 0 ? (
        <Button variant="subtle" size="xs" mt="xs" onClick={() => update.mutate({ rubricAnswers: {} })}>
          Start the rubric over
        </Button>
      ) : null}
    </Paper>
  );
}
