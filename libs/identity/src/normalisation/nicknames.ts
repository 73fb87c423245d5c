import nicknameTable from './nickname-table.json';

/**
 * Formal given names a name may stand for: itself when it is a formal name, plus every formal
 * name it is a nickname of ("bill" → william; "al" → alan, albert, alexander, alfred).
 * Names outside the table stand only for themselves.
 */
const formalNamesByName = new Map<string, string[]>();

for (const [formal, nicknames] of Object.entries(nicknameTable as Record<string, string[] | string>)) {
  if (formal.startsWith('_') || !Array.isArray(nicknames)) continue;
  for (const name of [formal, ...nicknames]) {
    const formals = formalNamesByName.get(name) ?? [];
    if (!formals.includes(formal)) formals.push(formal);
    formalNamesByName.set(name, formals);
  }
}

/** Formal names `name` (normalised, joined) may stand for; undefined when it is not in the table. */
export function formalNames(name: string): readonly string[] | undefined {
  return formalNamesByName.get(name);
}

/** True when the two names can denote the same formal name (Bill ↔ William, Liz ↔ Beth). */
export function areNicknameVariants(a: string, b: string): boolean {
  if (a === b) return true;
  const formalsOfA = formalNamesByName.get(a);
  const formalsOfB = formalNamesByName.get(b);
  if (!formalsOfA || !formalsOfB) return false;
  return formalsOfA.some((formal) => formalsOfB.includes(formal));
}

/** Nicknames of a formal name, for the synthetic population generator. */
export function nicknamesOf(formal: string): readonly string[] {
  const entry = (nicknameTable as Record<string, string[] | string>)[formal];
  return Array.isArray(entry) ? entry : [];
}
