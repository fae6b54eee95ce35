import { fileURLToPath } from 'node:url';

const VITE_CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));
/** Where the server looks for the built web app (src/app.ts serves it). */
export const WEB_BUILD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Builds the web app for production into `outDir`. NODE_ENV is set to "production" for the
 * build whatever the caller runs under: vitest sets "test", and Vite would then bundle React's
 * development build (several times slower), which `npm start` would go on serving after `npm test`.
 */
export async function buildWebApp(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: VITE_CONFIG, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
  } finally {
    if (previous === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previous;
  }
}
