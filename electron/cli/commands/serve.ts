import type { CliCommand } from '../command';

// Placeholder until the owning issue lands; replaced wholesale by it.
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: '(not available yet)',
  usage: 'plateshift serve — not available yet',
  async run() {
    console.error('plateshift serve is not available yet.');
    return 1;
  },
};
