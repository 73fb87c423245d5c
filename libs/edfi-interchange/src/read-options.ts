export interface ReadOptions {
  /** Called as the file is read, with the bytes read so far: for progress displays. */
  readonly onProgress?: (bytesRead: number) => void;
}
