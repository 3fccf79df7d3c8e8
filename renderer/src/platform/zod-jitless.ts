import { z } from 'zod';

/**
 * Both hosts serve the studio with a CSP that forbids eval. Zod probes `new Function` while
 * building object schemas to decide on its JIT; under the CSP that probe is reported as a
 * violation (a console error) even though Zod catches it. Turning the JIT off skips the probe.
 * This module must be imported before anything that defines schemas (main.tsx does so first).
 */
z.config({ jitless: true });
