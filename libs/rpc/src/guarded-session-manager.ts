import type {
  ClientHttp2Session,
  ClientHttp2Stream,
  ClientSessionRequestOptions,
  OutgoingHttpHeaders,
} from "node:http2";
import { Http2SessionManager } from "@connectrpc/connect-node";

/** The late error of a session that is already gone: its requests saw its end on their own streams. */
const ignoreLateSessionError = (): void => undefined;

/**
 * connect-node's HTTP/2 session manager, without a crash it has (connectrpc/connect-es#1768,
 * open at 2.2.0): when a peer that is stopping sends GOAWAY on a connection with no open
 * stream, the manager destroys the session with an error that Node raises only once the
 * socket has closed. If a new request has reconnected meanwhile, the manager has already
 * taken its error listener off the old session, and the error becomes an uncaught exception
 * that kills the process. That was the faults flake: the gateway exited with code 1 while
 * auth drained after a SIGTERM.
 *
 * Every session that carries a request here keeps one listener of its own for that late
 * error. Nothing is hidden by it: a request learns of its session's end from its own stream,
 * and the manager from its own listeners for as long as the session is its current one.
 */
export class GuardedHttp2SessionManager extends Http2SessionManager {
  private readonly guarded = new WeakSet<ClientHttp2Session>();

  override async request(
    method: string,
    path: string,
    headers: OutgoingHttpHeaders,
    options: Omit<ClientSessionRequestOptions, "signal">,
  ): Promise<ClientHttp2Stream> {
    const stream = await super.request(method, path, headers, options);
    const session = stream.session as ClientHttp2Session | undefined;
    if (session && !this.guarded.has(session)) {
      this.guarded.add(session);
      session.on("error", ignoreLateSessionError);
    }
    return stream;
  }
}
