import type { CliCommand } from '../command';

// Placeholder until the owning issue lands; replaced wholesale by it.
export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: '(not available yet)',
  usage: 'plateshift inspect — not available yet',
  async run() {
    console.error('plateshift inspect is not available yet.');
    return 1;
  },
};
