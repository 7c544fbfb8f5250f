import type { ConnectionSet } from '../model/connections.js';
import { formatPorts, PROTOCOLS } from '../model/connections.js';

/** Connections of a pair that pass through rules with a note, as renderers receive them. */
export interface ViaItem {
  readonly note: string;
  readonly conn: ConnectionSet;
}

/** Every protocol with its ports, never `All Connections`: `SCTP 1-65535,TCP 1-65535,UDP 1-65535`. */
function explicitConnections(c: ConnectionSet): string {
  return PROTOCOLS.filter((p) => c.get(p).length > 0)
    .map((p) => `${p} ${formatPorts(c.get(p))}`)
    .join(',');
}

/** `TCP 80 8080-8090 and UDP 53`: connections without a comma, to stay one item of a comma-separated list. */
function spacedConnections(c: ConnectionSet): string {
  return PROTOCOLS.filter((p) => c.get(p).length > 0)
    .map((p) => `${p} ${formatPorts(c.get(p)).replace(/,/g, ' ')}`)
    .join(' and ');
}

/**
 * The connections of a pair as the list prints them. Where some pass
 * through a rule with a note (an L7 filter, DNS names), a last item says
 * which (`TCP 80,443, via L7 HTTP on TCP 80`); it holds no comma, and the
 * connections before it are spelt out per protocol, so that a reader of
 * the `SRC => DST : CONNS` format that skips items it does not know still
 * reads the same connections. Without such rules: the connections alone.
 */
export function connectionsText(conn: ConnectionSet, via: readonly ViaItem[]): string {
  return via.length === 0 ? conn.toString() : `${explicitConnections(conn)}, ${viaNote(conn, via)}`;
}

/** `via L7 HTTP on TCP 80`, for tables that show the connections in a cell of their own. */
export function viaNote(conn: ConnectionSet, via: readonly ViaItem[]): string {
  if (via.length === 0) return '';
  return `via ${via.map((v) => (v.conn.equals(conn) ? v.note : `${v.note} on ${spacedConnections(v.conn)}`)).join('; ')}`;
}
