/**
 * The package's labels.txt: "dummy" (the background class) then the 1000 ImageNet-1k short names,
 * index-aligned with the model's 1001 outputs. Its last name is cut short in the file.
 */
const KNOWN_TRUNCATIONS: Record<string, string> = { 'toilet tissu': 'toilet tissue' };

export function parseLabels(text: string, expectedCount: number): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.at(-1) === '') lines.pop();
  if (lines.length !== expectedCount) {
    throw new Error(`labels.txt has ${lines.length} labels, the model has ${expectedCount} outputs`);
  }
  if (lines[0] !== 'dummy') throw new Error(`labels.txt should start with "dummy" (background), found "${lines[0]}"`);
  return lines.map((label, i) => (i === 0 ? 'background' : KNOWN_TRUNCATIONS[label] ?? label));
}
