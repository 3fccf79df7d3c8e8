// Child process for model-files.test.ts: stores one large model file, and is killed mid-write.
import { ModelFileStore } from './model-files';

const [dir, megabytes] = process.argv.slice(2);
const bytes = new Uint8Array(Number(megabytes) * 1024 * 1024);
// Not all zeros, so a truncated file cannot pass for the whole one.
for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) & 0xff;
const store = new ModelFileStore(dir as string);
process.stdout.write('writing\n');
const id = store.put(bytes);
process.stdout.write(`stored ${id}\n`);
