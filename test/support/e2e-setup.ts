import { existsSync } from 'node:fs';
import { buildWebApp, WEB_BUILD_DIR } from '../../src/platform/web-build.js';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/** End-to-end runs test the current web sources: build them once, and find Chromium. */
export default async function setup(project: TestProject): Promise<void> {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  project.provide('chromiumPath', chromium);
  await buildWebApp(WEB_BUILD_DIR);
}
