import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { SIGNATURE_HEADER, verifySignature } from './signing.js';

/**
 * Local receivers for tests (never imported by the application; smtp-server and mailparser are
 * development dependencies): an SMTP server on 127.0.0.1 that parses every message it accepts,
 * and a webhook receiver on 127.0.0.1 that checks each request's signature as a real receiver
 * would. Both listen on a random free port.
 */
export interface MailSink {
  readonly url: string;
  readonly mails: ParsedMail[];
  /** Resolves when `count` messages have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

function waiter<T>(items: T[]): (count: number, timeoutMs?: number) => Promise<T[]> {
  return async (count, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (items.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${items.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return items;
  };
}

export async function startMailSink(): Promise<MailSink> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, waitFor: waiter(mails), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ReceivedHook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The signature checked against the secret the receiver was given. */
  readonly verified: boolean;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedHook[];
  /** Status the next requests are answered with (default 200). */
  status: number;
  secret: string;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received,
    status: 200,
    secret: '',
    waitFor: waiter(received),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(req.headers[SIGNATURE_HEADER] ?? '');
      received.push({ headers: req.headers, body, verified: verifySignature(receiver.secret, header, body, Math.floor(Date.now() / 1000)) });
      res.statusCode = receiver.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/vigil`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
