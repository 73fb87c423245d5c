import { HashChains } from './hash-chains';
import { hashString } from './hashing';

/** Id 0 is the missing text. */
export const MISSING_TEXT = 0;

/**
 * Every distinct text of one column (addresses, postcodes) once, addressed by a small id, so the
 * typed-array columns hold ids and a comparison can still read the text to forgive a typo.
 * Indexed by fingerprint in typed arrays rather than a Map: about 12 bytes per text plus the string.
 */
export class TextTable {
  private readonly texts: string[] = [''];
  private readonly ids = new HashChains(1024);

  get size(): number {
    return this.texts.length;
  }

  get byteLength(): number {
    return this.ids.byteLength;
  }

  /** The id of a text, adding it when new; MISSING_TEXT for ''. */
  intern(text: string): number {
    if (text === '') return MISSING_TEXT;
    const fingerprint = hashString(text);
    for (let entry = this.ids.firstEntry(fingerprint); entry >= 0; entry = this.ids.nextEntry(entry, fingerprint)) {
      const id = this.ids.valueAt(entry);
      if (this.texts[id] === text) return id;
    }
    const id = this.texts.length;
    this.texts.push(text);
    this.ids.add(fingerprint, id);
    return id;
  }

  text(id: number): string {
    return this.texts[id];
  }
}
