import http from 'node:http';
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with the path sent exactly as given (no URL normalisation). */
export function request(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: Number(u.port),
        method: init.method ?? 'GET',
        path,
        headers: init.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** POSTs `input` as JSON to a channel. */
export function post(
  base: string,
  channel: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  return postRaw(base, channel, JSON.stringify(input), headers);
}

/** POSTs a body exactly as given (malformed JSON, oversize text). */
export function postRaw(
  base: string,
  channel: string,
  body: string,
  headers: Record<string, string> = {},
) {
  return request(base, `/api/call/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

/** Writes raw bytes on a TCP connection and collects whatever comes back until close. */
export function rawExchange(
  host: string,
  port: number,
  bytes: string,
  waitMs = 1000,
): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const chunks: Buffer[] = [];
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => socket.write(bytes));
    setTimeout(done, waitMs).unref();
  });
}
