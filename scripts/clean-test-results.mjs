import { rmSync } from 'node:fs';
rmSync('test-results', { recursive: true, force: true });
