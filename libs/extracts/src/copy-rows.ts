import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** PostgreSQL's binary COPY header: signature, flags, then the length of an extension area to skip. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;

/**
 * The rows of a query through `COPY … TO STDOUT (FORMAT binary)` on the transaction's own
 * connection, each as its fields' bytes (null for NULL): no row objects and no text parsing, so
 * Node keeps up with PostgreSQL. A visit may wait (a file's flush); the stream waits with it.
 */
export async function copyRows(client: PoolClient, query: string, visit: (fields: Array<Buffer | null>) => Promise<void>): Promise<void> {
  let rest: Buffer = Buffer.alloc(0);
  let started = false;
  let ended = false;
  for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`)) as AsyncIterable<Buffer>) {
    let bytes: Buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    if (!started) {
      if (bytes.length < HEADER_BYTES) {
        rest = bytes;
        continue;
      }
      if (!bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY sent no binary header');
      const extension = bytes.readUInt32BE(SIGNATURE.length + 4);
      bytes = bytes.subarray(HEADER_BYTES + extension);
      started = true;
    }
    let at = 0;
    for (;;) {
      if (at + 2 > bytes.length) break;
      const count = bytes.readInt16BE(at);
      if (count === -1) {
        ended = true;
        at += 2;
        break;
      }
      // A whole row, or wait for the next chunk.
      const fields: Array<Buffer | null> = [];
      let next = at + 2;
      for (let field = 0; field < count && next !== -1; field++) {
        if (next + 4 > bytes.length) next = -1;
        else {
          const length = bytes.readInt32BE(next);
          next += 4;
          if (length === -1) fields.push(null);
          else if (next + length > bytes.length) next = -1;
          else {
            fields.push(bytes.subarray(next, next + length));
            next += length;
          }
        }
      }
      if (next === -1) break;
      at = next;
      await visit(fields);
    }
    rest = bytes.subarray(at);
  }
  if (!ended || rest.length > 0) throw new Error('COPY ended before its trailer');
}
