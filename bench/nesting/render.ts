/*
 * Regenerates results.md from results.json without running anything:
 *   node scripts/run-ts.mjs bench/nesting/render.ts
 */
import { rewriteMarkdown } from './results';

rewriteMarkdown();
