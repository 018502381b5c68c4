/**
 * Class names as a person types them: each of the model's classes (but a background class: index 0
 * of the bundled ImageNet model) by its name, with its number added where two classes share a name
 * ("crane" the bird and the machine).
 */
export interface ClassOption {
  index: number;
  text: string;
}

export function classOptions(labels: readonly string[], background: boolean): ClassOption[] {
  const first = background ? 1 : 0;
  const counts = new Map<string, number>();
  for (const name of labels.slice(first)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return labels.slice(first).map((name, i) => ({ index: i + first, text: counts.get(name)! > 1 ? `${name} (${i + first})` : name }));
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
