import yauzl, { type Entry, type ZipFile } from 'yauzl';

/**
 * yauzl's event API as a pull interface: one entry at a time (lazyEntries), so a huge
 * archive costs one entry's memory. An `error` the archive emits between two pulls is kept
 * and thrown by the next pull instead of crashing the process.
 */
export class ZipEntries {
  private failure: Error | undefined;

  private constructor(private readonly zip: ZipFile) {
    zip.on('error', (e: Error) => {
      this.failure ??= e;
    });
  }

  /** Opens an archive; rejects when it is not a readable zip. */
  static open(path: string): Promise<ZipEntries> {
    return new Promise((resolve, reject) => {
      // autoClose off: the reader closes explicitly, also when its consumer stops early.
      yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => {
        if (err || !zip) reject(err ?? new Error('yauzl returned no archive'));
        else resolve(new ZipEntries(zip));
      });
    });
  }

  /** The next entry of the central directory, `undefined` after the last. */
  next(): Promise<Entry | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const done = () => {
        this.zip.off('entry', onEntry);
        this.zip.off('end', onEnd);
        this.zip.off('error', onError);
      };
      const onEntry = (entry: Entry) => (done(), resolve(entry));
      const onEnd = () => (done(), resolve(undefined));
      const onError = (e: Error) => (done(), reject(e));
      this.zip.on('entry', onEntry);
      this.zip.on('end', onEnd);
      this.zip.on('error', onError);
      this.zip.readEntry();
    });
  }

  /**
   * An entry's uncompressed bytes, refused once they pass `cap`. yauzl also checks the
   * stream against the declared size, so a header that understates the size cannot
   * smuggle more bytes through.
   */
  read(entry: Entry, cap: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err ?? new Error('yauzl returned no stream'));
        const pieces: Buffer[] = [];
        let length = 0;
        stream.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > cap) stream.destroy(new Error(`entry inflates past ${cap} bytes`));
          else pieces.push(chunk);
        });
        stream.on('error', reject);
        stream.on('end', () => resolve(Buffer.concat(pieces, length)));
      });
    });
  }

  /** Releases the file descriptor. */
  close(): void {
    this.zip.close();
  }
}
