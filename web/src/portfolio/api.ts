import type { MantineColor } from '@mantine/core';

/** Release lifecycle stages (IMDRF N70), as the server names them (src/modules/portfolio/lifecycle.ts). */
export const LIFECYCLE_STAGES = ['development', 'support', 'limited_support', 'end_of_support'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  development: 'Development',
  support: 'Support',
  limited_support: 'Limited support',
  end_of_support: 'End of support',
};

export const STAGE_DESCRIPTIONS: Record<LifecycleStage, string> = {
  development: 'Not yet released to customers.',
  support: 'Released and fully supported with security updates.',
  limited_support: 'Past end of life or guaranteed support: only some fixes are still provided.',
  end_of_support: 'No more security updates; customers should plan to replace or isolate it.',
};

export const STAGE_COLORS: Record<LifecycleStage, MantineColor> = {
  development: 'indigo',
  support: 'teal',
  limited_support: 'orange',
  end_of_support: 'gray',
};

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string | null;
  readonly modelNumbers: string[];
  readonly deviceClass: string | null;
  readonly regulatoryIds: Record<string, string>;
  readonly intendedUse: string | null;
  readonly clinicalFunction: string | null;
  readonly connectivity: string[];
  readonly description: string | null;
  readonly archivedAt: string | null;
  readonly releaseCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Release {
  readonly id: string;
  readonly productId: string;
  readonly version: string;
  readonly lifecycleStage: LifecycleStage;
  /** The stage the dates imply today, when it differs from the declared one. */
  readonly stageByDates: LifecycleStage | null;
  readonly releaseDate: string | null;
  readonly endOfLifeDate: string | null;
  readonly endOfGuaranteedSupportDate: string | null;
  readonly endOfSupportDate: string | null;
  readonly customersNotifiedAt: string | null;
  readonly releaseNotesUrl: string | null;
  readonly archivedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Every portfolio query sits under this key, so one invalidation refreshes lists and pages. */
export const PRODUCTS_KEY = ['products'] as const;
export const productKey = (id: string) => [...PRODUCTS_KEY, 'detail', id] as const;
export const releasesKey = (id: string) => [...PRODUCTS_KEY, 'detail', id, 'releases'] as const;

const calendar = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * A calendar date (YYYY-MM-DD) as the reader's locale writes it. Formatted in UTC so that
 * the day never shifts with the reader's time zone (format.ts's formatDate is for instants).
 */
export function formatCalendarDate(date: string | null | undefined): string {
  if (!date) return '—';
  return calendar.format(new Date(`${date}T00:00:00Z`));
}

/** Today as a local calendar date, YYYY-MM-DD. */
export function todayDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
