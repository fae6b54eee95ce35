import { Paper, Text, Title, type TitleOrder } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One series of a {@link BarChartFigure}: the row field it draws, its legend name and colour. */
export interface BarSeries<Row> {
  readonly key: keyof Row & string;
  readonly name: string;
  readonly color: string;
}

/**
 * A titled figure with a bar chart of counts per category, or a sentence when there is
 * nothing to draw. The figure is named by its title, so tests and screen readers find it.
 */
export function BarChartFigure<Row extends object>(props: {
  title: string;
  titleOrder?: TitleOrder;
  rows: readonly Row[];
  /** The row field naming each category on the x axis. */
  category: keyof Row & string;
  bars: readonly BarSeries<Row>[];
  empty: string;
  height?: number;
  /** Every category labelled, in a smaller font (many short labels). */
  denseAxis?: boolean;
}) {
  const { title, titleOrder = 3, rows, category, bars, empty, height = 220, denseAxis = false } = props;
  // recharts types a chart's keys by its data; the keys were checked against Row above.
  const data = rows as readonly Record<string, unknown>[];
  return (
    <Paper withBorder radius="md" p="md" component="figure" aria-label={title} m={0}>
      <Title order={titleOrder} size={titleOrder === 2 ? 'h4' : 'h5'} mb="xs">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={[...data]}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey={category as string} {...(denseAxis ? { interval: 0, fontSize: 11 } : {})} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {bars.map((b) => (
              <Bar key={b.key} dataKey={b.key as string} name={b.name} fill={b.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </Paper>
  );
}
