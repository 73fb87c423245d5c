import { nysiis } from '../comparison/nysiis';
import { formalNames } from '../normalisation/nicknames';
import { surnameParts, type NormalisedName } from '../normalisation/names';
import { hashString } from './hashing';

/** Id 0 is the missing name. */
export const MISSING_NAME = 0;

// Codes are cut to six letters, as in the original NYSIIS, so a late typo in a long name keeps its key.
const PHONETIC_LENGTH = 6;

/**
 * Every distinct normalised name once, with what comparisons and blocking keys derive from it
 * (joined form, compound parts, phonetic code, formal names behind a nickname), computed when
 * the name is first seen rather than on every comparison.
 */
export class NameTable {
  private readonly idsByText = new Map<string, number>();
  private readonly texts: string[] = [''];
  private readonly joinedIds: number[] = [MISSING_NAME];
  private readonly phoneticHashes: number[] = [0];
  private readonly partIds: (readonly number[] | undefined)[] = [undefined];
  private readonly formalIds: (readonly number[] | undefined)[] = [undefined];

  get size(): number {
    return this.texts.length;
  }

  /** The id of a normalised name, adding it when new. */
  intern(name: NormalisedName): number {
    return name.text === '' ? MISSING_NAME : this.internText(name.text, name.tokens);
  }

  text(id: number): string {
    return this.texts[id];
  }

  /** The id of the name written as one word: equal joined ids mean an exact match. */
  joined(id: number): number {
    return this.joinedIds[id];
  }

  /** Hash of the NYSIIS code of the joined name (0 for the missing name). */
  phonetic(id: number): number {
    return this.phoneticHashes[id];
  }

  /** Joined ids of the distinctive parts of a compound name ("garcia lopez" → garcia, lopez). */
  parts(id: number): readonly number[] | undefined {
    return this.partIds[id];
  }

  /** Joined ids of the formal names this name may stand for ([itself] outside the nickname table). */
  formals(id: number): readonly number[] {
    let formals = this.formalIds[id];
    if (formals === undefined) {
      formals = this.lookUpFormals(id);
      this.formalIds[id] = formals;
    }
    return formals;
  }

  areNicknameVariants(a: number, b: number): boolean {
    const formalsOfA = this.formals(a);
    const formalsOfB = this.formals(b);
    for (const formal of formalsOfA) if (formalsOfB.includes(formal)) return true;
    return false;
  }

  private internText(text: string, tokens: readonly string[]): number {
    const known = this.idsByText.get(text);
    if (known !== undefined) return known;
    let joinedId: number | undefined;
    let parts: number[] | undefined;
    if (tokens.length > 1) {
      const joined = tokens.join('');
      joinedId = this.internText(joined, [joined]);
      parts = surnameParts({ text, tokens }).map((part) => this.internText(part, [part]));
    }
    const id = this.texts.length;
    this.idsByText.set(text, id);
    this.texts.push(text);
    this.formalIds.push(undefined);
    this.joinedIds.push(joinedId ?? id);
    this.phoneticHashes.push(joinedId === undefined ? hashString(nysiis(text, PHONETIC_LENGTH)) : this.phoneticHashes[joinedId]);
    this.partIds.push(parts !== undefined && parts.length > 0 ? parts : undefined);
    return id;
  }

  // Nicknames are looked up on the joined name, then on the first token ("mary ann" → mary).
  private lookUpFormals(id: number): readonly number[] {
    const joined = this.texts[this.joinedIds[id]];
    const tokens = this.texts[id].split(' ');
    const formals = formalNames(joined) ?? (tokens.length > 1 ? formalNames(tokens[0]) : undefined) ?? [joined];
    return formals.map((formal) => this.internText(formal, [formal]));
  }
}
