import type { CliCommand } from '../command';

// Placeholder until the owning issue lands; replaced wholesale by it.
export const planCommand: CliCommand = {
  name: 'plan',
  summary: '(not available yet)',
  usage: 'plateshift plan — not available yet',
  async run() {
    console.error('plateshift plan is not available yet.');
    return 1;
  },
};
