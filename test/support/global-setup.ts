import type { TestProject } from 'vitest/node';
import { dropTemplate, prepareTemplate } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

/** Migrates one template database per run; each test file clones it (see database.ts). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await prepareTemplate();
  project.provide('databaseTemplate', template);
  return () => dropTemplate(template);
}
