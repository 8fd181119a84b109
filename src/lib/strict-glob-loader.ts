import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';

type GlobOptions = Parameters<typeof glob>[0];

/**
 * Astro's glob loader logs a paper it cannot read or render and then carries on, so a broken
 * formula or unreadable file would silently drop out of the site while the build "succeeds".
 * This wraps it: every error the loader logs is collected and the content sync fails, listing
 * them all, so the build stops and names each file.
 */
export function strictGlob(options: GlobOptions): Loader {
  const inner = glob(options);
  return {
    ...inner,
    name: 'strict-glob',
    async load(context: LoaderContext): Promise<void> {
      const errors: string[] = [];
      const logger = Object.create(context.logger) as LoaderContext['logger'];
      logger.error = (message: string) => {
        errors.push(message);
        context.logger.error(message);
      };
      await inner.load({ ...context, logger });
      if (errors.length > 0) {
        throw new Error(
          `${errors.length} paper file(s) could not be loaded:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
        );
      }
    },
  };
}
