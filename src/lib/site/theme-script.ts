import { transformSync } from 'esbuild';
import source from '../../scripts/theme.js?raw';

/**
 * The theme script as it goes inline in every page's <head> (it must run before first paint):
 * minified once per build, 0.6 KB instead of 1.4 KB with its comments, on each of the archive's pages.
 */
export const THEME_SCRIPT = transformSync(source, { minify: true, target: 'es2018' }).code;
