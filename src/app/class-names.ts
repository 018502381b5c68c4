/**
 * Class names as a person types them: each of the 1000 ImageNet classes (index 0, "background",
 * is not one) by its name, with its number added where two classes share a name ("crane" the bird
 * and the machine).
 */
export interface ClassOption {
  index: number;
  text: string;
}

export function classOptions(labels: readonly string[]): ClassOption[] {
  const counts = new Map<string, number>();
  for (const name of labels.slice(1)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return labels.slice(1).map((name, i) => ({ index: i + 1, text: counts.get(name)! > 1 ? `${name} (${i + 1})` : name }));
}

/**
 * The class a typed text names: an exact option, else the only name containing it, else the first
 * name starting with it; undefined when none or when it is ambiguous.
 */
export function findClass(options: readonly ClassOption[], typed: string): ClassOption | undefined {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return undefined;
  const exact = options.find((o) => o.text.toLowerCase() === wanted);
  if (exact) return exact;
  const containing = options.filter((o) => o.text.toLowerCase().includes(wanted));
  if (containing.length === 1) return containing[0];
  return containing.find((o) => o.text.toLowerCase().startsWith(wanted));
}
