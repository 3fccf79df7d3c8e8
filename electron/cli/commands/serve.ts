import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliCommand, UsageError } from '../command';
import { openAppWindow } from '../../serve/open-browser';
import { startServer } from '../../serve/server';
import { appDataDir, resolveWorkspaceDir } from '../../serve/workspace-location';

const DEFAULT_PORT = 4173;

const usage = `Usage: plateshift serve [options]

Serves the studio to a web browser: the same workspace and contract as the desktop app,
over HTTP + WebSocket on 127.0.0.1 (this computer only) unless --lan is given.

Options:
  --port N          Port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --lan             Also listen on the network; other machines must present the token
  --token T         LAN token (default: a random one, printed in the address)
  --workspace DIR   Workspace folder (default: $PLATESHIFT_WORKSPACE, else the app-data folder)
  --no-demo         Do not seed the demo workspace into a new folder
  --open            Open the studio in a Chromium app window (when a display is available)
  -h, --help        Show this help`;

/** dist/renderer next to the bundle (dist/cli.cjs), or from source when run by tests. */
function rendererDir(): string {
  const candidates = [
    join(__dirname, 'renderer'),
    join(__dirname, '..', '..', '..', 'dist', 'renderer'),
  ];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? candidates[0]!;
}

function parse(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        lan: { type: 'boolean', default: false },
        token: { type: 'string' },
        workspace: { type: 'string' },
        'no-demo': { type: 'boolean', default: false },
        open: { type: 'boolean', default: false },
      },
    });
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port must be an integer from 0 to 65535, not “${values.port}”.`);
    }
    if (values.token !== undefined && !values.lan) {
      throw new UsageError('--token only makes sense with --lan.');
    }
    return { ...values, port };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the studio to a web browser (127.0.0.1; --lan with a token)',
  usage,
  async run(argv) {
    const opts = parse(argv);
    const workspaceDir = resolveWorkspaceDir({ explicit: opts.workspace });
    // Loaded here so `plateshift --help` does not open native modules.
    const { openCore } = await import('../../core/index');
    const log = (m: string) => console.error(m);
    const core = openCore({ workspaceDir, host: 'browser', demo: !opts['no-demo'], log });
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({
        core,
        port: opts.port,
        lan: opts.lan,
        ...(opts.token !== undefined ? { token: opts.token } : {}),
        staticDir: rendererDir(),
        log,
      });
    } catch (err) {
      core.close();
      throw err;
    }

    console.log(`PlateShift studio (browser mode)`);
    console.log(`  workspace: ${core.workspaceDir}`);
    console.log(`Serving PlateShift at ${server.url}`);
    for (const u of server.lanUrls) console.log(`  on the network: ${u}`);
    if (!existsSync(join(rendererDir(), 'index.html'))) {
      console.log('  (the user interface is not built yet: run `npm run build`)');
    }

    return new Promise<number>((resolveRun) => {
      let stopping = false;
      let stoppingSince = 0;
      const stop = (why: string) => {
        if (stopping) {
          // The terminal, npm and `npm start` may each deliver the same Ctrl+C; only a later
          // one means "stop now".
          if (Date.now() - stoppingSince > 1000) process.exit(130);
          return;
        }
        stopping = true;
        stoppingSince = Date.now();
        console.log(`Stopping (${why})…`);
        server
          .close()
          .catch(() => undefined)
          .finally(() => {
            core.close();
            process.off('SIGINT', onSigint);
            process.off('SIGTERM', onSigterm);
            resolveRun(0);
          });
      };
      const onSigint = () => stop('SIGINT');
      const onSigterm = () => stop('SIGTERM');
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigterm);

      if (opts.open) {
        const opened = openAppWindow(server.url, join(appDataDir(), 'browser-profile'));
        if (opened.opened) {
          console.log(`Opened a ${opened.browser} app window; closing it stops the studio.`);
          opened.child.on('exit', (code) => {
            if (stopping) return;
            // A crash or a refused display is not the user closing the studio: keep serving.
            if (code === 0) stop('window closed');
            else
              console.log(
                `The browser window ended (code ${code}); still serving at ${server.url}`,
              );
          });
        } else {
          console.log(`Not opening a window (${opened.reason}): open ${server.url} in a browser.`);
        }
      }
      console.log('Press Ctrl+C to stop.');
    });
  },
};
