import { Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { CLASS_LABELS, levelLabel, type HeatCell, type HeatMapData } from './api.js';

export interface CellFilter {
  readonly phase: 'before' | 'after';
  readonly likelihood: string;
  readonly severity: string;
}

const FILL: Record<HeatCell['class'], { empty: string; full: string; text: string }> = {
  controlled: { empty: '#e6f4ef', full: '#2b8a6e', text: '#ffffff' },
  uncontrolled: { empty: '#fbe9e9', full: '#a61e1e', text: '#ffffff' },
};

/**
 * One 5 × 5 grid: rows are likelihood (most likely at the top, as risk charts are read),
 * columns severity of harm. A cell's colour is its class on the matrix, darker when it holds
 * items; its name says the levels, count and class, so colour is never the only signal.
 * Clicking a cell filters the register to it; clicking the selected cell clears the filter.
 */
function Grid({ data, phase, selected, onSelect }: { data: HeatMapData; phase: 'before' | 'after'; selected: CellFilter | null; onSelect: (cell: CellFilter | null) => void }) {
  const grid = phase === 'before' ? data.before : data.after;
  const rows = [...data.likelihoodLevels.keys()].reverse();
  const caption = phase === 'before' ? 'Before controls' : 'After controls (residual)';
  return (
    <Paper withBorder radius="md" p="md" style={{ flex: '1 1 380px' }}>
      <Title order={3} size="h5" mb="xs" id={`heatmap-${phase}`}>
        {caption}
      </Title>
      <table className="risk-heatmap" aria-labelledby={`heatmap-${phase}`} style={{ borderCollapse: 'separate', borderSpacing: 4, width: '100%' }}>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Likelihood \ severity</span>
            </th>
            {data.severityLevels.map((s) => (
              <th key={s} scope="col" style={{ fontSize: 12, fontWeight: 600, textAlign: 'center' }}>
                {levelLabel(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={data.likelihoodLevels[e]}>
              <th scope="row" style={{ fontSize: 12, fontWeight: 600, textAlign: 'right', paddingRight: 6, whiteSpace: 'nowrap' }}>
                {levelLabel(data.likelihoodLevels[e]!)}
              </th>
              {grid[e]!.map((cell) => {
                const isSelected = selected?.phase === phase && selected.likelihood === cell.likelihood && selected.severity === cell.severity;
                const fill = FILL[cell.class];
                const label = `${caption}: ${levelLabel(cell.likelihood)} × ${levelLabel(cell.severity)}, ${cell.count} risk item${cell.count === 1 ? '' : 's'}, ${CLASS_LABELS[cell.class].toLowerCase()}`;
                return (
                  <td key={cell.severity} style={{ padding: 0 }}>
                    <UnstyledButton
                      aria-label={label}
                      aria-pressed={isSelected}
                      title={label}
                      onClick={() => onSelect(isSelected ? null : { phase, likelihood: cell.likelihood, severity: cell.severity })}
                      style={{
                        display: 'block',
                        width: '100%',
                        minHeight: 44,
                        borderRadius: 6,
                        textAlign: 'center',
                        fontWeight: 700,
                        background: cell.count > 0 ? fill.full : fill.empty,
                        color: cell.count > 0 ? fill.text : '#495057',
                        outline: isSelected ? '3px solid #1c7ed6' : undefined,
                        outlineOffset: 1,
                      }}
                    >
                      {cell.count > 0 ? cell.count : ''}
                    </UnstyledButton>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Paper>
  );
}

export function HeatMap({ data, selected, onSelect }: { data: HeatMapData; selected: CellFilter | null; onSelect: (cell: CellFilter | null) => void }) {
  return (
    <Stack gap="xs" component="section" aria-label="Heat map">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
        <Grid data={data} phase="before" selected={selected} onSelect={onSelect} />
        <Grid data={data} phase="after" selected={selected} onSelect={onSelect} />
      </div>
      <Text size="xs" c="dimmed">
        Rows: likelihood (exploitability), columns: severity of harm. Red cells are uncontrolled and green cells controlled on matrix {data.matrixId}; darker cells hold items. {data.total} item{data.total === 1 ? '' : 's'} shown (closed items are left out unless you filter by status).
      </Text>
    </Stack>
  );
}
