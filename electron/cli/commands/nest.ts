import type { CliCommand } from '../command';

// Placeholder until the owning issue lands; replaced wholesale by it.
export const nestCommand: CliCommand = {
  name: 'nest',
  summary: '(not available yet)',
  usage: 'plateshift nest — not available yet',
  async run() {
    console.error('plateshift nest is not available yet.');
    return 1;
  },
};
