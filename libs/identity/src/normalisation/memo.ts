/**
 * A pure function of a string, remembered for the last `capacity` or so distinct inputs: names,
 * dates and the words of addresses repeat constantly across a million records, and each is
 * parsed several times per record (checked, then normalised). The memo is emptied when full,
 * which keeps its memory bounded whatever the input.
 */
export function memoised<T>(compute: (text: string) => T, capacity: number): (text: string) => T {
  const results = new Map<string, T>();
  return (text) => {
    const known = results.get(text);
    if (known !== undefined || results.has(text)) return known as T;
    const result = compute(text);
    if (results.size >= capacity) results.clear();
    results.set(text, result);
    return result;
  };
}
