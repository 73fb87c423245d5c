import { createReadStream, createWriteStream } from 'node:fs';
import { open, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * A package travels as one POSIX ustar archive of its flat directory: every tool can unpack
 * it, and Lantern writes and reads it without a dependency. Only plain files, names < 100 bytes.
 */
const BLOCK = 512;

function header(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar: file name too long: ${name}`);
  const block = Buffer.alloc(BLOCK);
  const field = (value: string, offset: number, length: number) => block.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  field(name, 0, 100);
  field(octal(0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(octal(size, 12), 124, 12);
  field(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\u000000', 257, 8);
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  field(`${checksum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
  return block;
}

/** Every file of `directory`, in name order, as a tar stream. */
export async function* tarDirectory(directory: string): AsyncGenerator<Buffer> {
  const names = (await readdir(directory, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  for (const name of names) {
    const file = path.join(directory, name);
    const { size, mtime } = await stat(file);
    yield header(name, size, mtime);
    for await (const chunk of createReadStream(file)) yield chunk as Buffer;
    if (size % BLOCK !== 0) yield Buffer.alloc(BLOCK - (size % BLOCK));
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** Unpacks a tar written by tarDirectory (plain files only) into `directory`; refuses names that leave it. */
export async function untar(archive: string, directory: string): Promise<void> {
  const handle = await open(archive, 'r');
  try {
    const block = Buffer.alloc(BLOCK);
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(block, 0, BLOCK, position);
      if (bytesRead < BLOCK || block.every((byte) => byte === 0)) return;
      const name = block.toString('ascii', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(block.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
      if (!/^[A-Za-z0-9._-]+$/.test(name) || !Number.isFinite(size)) throw new Error(`not a Lantern package archive: bad entry at byte ${position}`);
      position += BLOCK;
      const target = path.join(directory, name);
      if (size > 0) await pipeline(handle.createReadStream({ start: position, end: position + size - 1, autoClose: false }), createWriteStream(target));
      else await writeFile(target, '');
      position += Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await handle.close();
  }
}
