import { createTheme, defaultVariantColorsResolver, parseThemeColor, type CSSVariablesResolver, type MantineColorsTuple, type VariantColorsResolver } from '@mantine/core';

/** A calm clinical blue; shade 7 (the primary) keeps white text above 4.5:1 contrast. */
const vigil: MantineColorsTuple = ['#eaf2fc', '#d4e2f5', '#a6c3ea', '#75a2df', '#4e87d6', '#3676d1', '#2a6dcf', '#1e5cb6', '#1651a3', '#054591'];

/**
 * Mantine's light, subtle and outline variants colour their text with a mid shade (below
 * WCAG AA on white or tinted backgrounds); use the darkest shade of the colour instead.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const result = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'subtle' && input.variant !== 'outline') return result;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.color === 'dark') return result;
  const text = `var(--mantine-color-${parsed.color}-9)`;
  return {
    ...result,
    color: text,
    hoverColor: text,
    ...(input.variant === 'light' ? { background: `var(--mantine-color-${parsed.color}-0)`, hover: `var(--mantine-color-${parsed.color}-1)` } : {}),
    ...(input.variant === 'outline' ? { border: `1px solid var(--mantine-color-${parsed.color}-8)` } : {}),
  };
};

export const theme = createTheme({
  variantColorResolver,
  primaryColor: 'vigil',
  primaryShade: { light: 7, dark: 5 },
  colors: { vigil },
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650', sizes: { h1: { fontSize: '1.625rem', lineHeight: '1.3' } } },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } },
  },
});

/** Mantine's default "dimmed" grey and error red are below WCAG AA on white; use darker ones. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5b6472', '--mantine-color-placeholder': '#737c89', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});
