/**
 * Live progress as server-sent events. Every event gets an increasing id and is kept in a
 * bounded ring, so that a client that reconnects with `Last-Event-ID` is sent what it missed
 * (as long as the ring still holds it). A comment line every 15 s keeps proxies from closing
 * an idle stream.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** The event types the admin sends. */
export type AdminEventType =
  | "run:start"
  | "migration:start"
  | "migration:end"
  | "migration:failed"
  | "lock:waiting"
  | "run:end";

export interface AdminEvent {
  readonly id: number;
  readonly type: AdminEventType;
  readonly data: unknown;
}

export interface EventHubOptions {
  /** How many past events a reconnecting client can be sent. Default 500. */
  readonly bufferSize?: number;
  /** Milliseconds between heartbeats. Default 15 000. */
  readonly heartbeatMs?: number;
  /** Applied to every event's text before it is sent (hides secrets). */
  readonly redact?: (text: string) => string;
}

/** Fans events out to every connected client and keeps the recent ones for reconnects. */
export class EventHub {
  private readonly ring: AdminEvent[] = [];
  private readonly clients = new Set<ServerResponse>();
  private nextId = 1;
  private readonly size: number;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly redact: (text: string) => string;

  constructor(options: EventHubOptions = {}) {
    this.size = options.bufferSize ?? 500;
    this.redact = options.redact ?? ((t) => t);
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /** Sends an event to every client and keeps it for reconnects. */
  publish(type: AdminEventType, data: unknown): AdminEvent {
    const event = { id: this.nextId++, type, data };
    this.ring.push(event);
    if (this.ring.length > this.size) this.ring.shift();
    const frame = this.frame(event);
    for (const res of this.clients) res.write(frame);
    return event;
  }

  /** The id the next event will have. */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** Opens the stream on `res`; replays what came after the client's Last-Event-ID. */
  subscribe(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.write("retry: 2000\n\n");
    const last = Number(req.headers["last-event-id"] ?? query.get("lastEventId") ?? Number.NaN);
    if (Number.isFinite(last)) {
      const first = this.ring[0]?.id ?? this.nextId;
      // Events were dropped from the ring since then: the client should reload its view.
      if (last + 1 < first) res.write(`event: reset\ndata: {"missed":${first - last - 1}}\n\n`);
      for (const event of this.ring) if (event.id > last) res.write(this.frame(event));
    }
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on("close", drop);
    res.on("close", drop);
  }

  /** Ends every stream and stops the heartbeat. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private ping(): void {
    for (const res of this.clients) res.write(`: heartbeat ${Date.now()}\n\n`);
  }

  private frame(event: AdminEvent): string {
    const data = this.redact(JSON.stringify(event.data));
    return `id: ${event.id}\nevent: ${event.type}\ndata: ${data}\n\n`;
  }
}
