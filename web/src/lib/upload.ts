// The import upload's own logic: which file names the server takes (the
// interchange files of docs/EVALUATION.md), and a 422 `rejected-rows` problem's
// items grouped by file and ordered by line for the page to list.
import type { ProblemItem } from '../api/problem';

/** The eight interchange files (docs/EVALUATION.md, "Interchange files"); the server refuses any other name. */
export const INTERCHANGE_FILES = [
  'suppliers.csv',
  'plants.csv',
  'calendar.csv',
  'materials.csv',
  'deliveries.csv',
  'complaints.csv',
  'certifications.csv',
  'holds.csv',
] as const;

const knownFiles: ReadonlySet<string> = new Set(INTERCHANGE_FILES);

/** The names among `names` that the server would refuse: unknown, or given twice. */
export function refusedFileNames(names: readonly string[]): { unknown: string[]; repeated: string[] } {
  const seen = new Set<string>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const name of names) {
    if (!knownFiles.has(name)) unknown.push(name);
    else if (seen.has(name)) repeated.push(name);
    seen.add(name);
  }
  return { unknown, repeated };
}

export interface FileErrors {
  /** The file's name; '' for items that name no file. */
  file: string;
  items: ProblemItem[];
}

/** Items by file (files in the order of INTERCHANGE_FILES, then others by name), each by line. */
export function errorsByFile(items: readonly ProblemItem[]): FileErrors[] {
  const groups = new Map<string, ProblemItem[]>();
  for (const item of items) {
    const file = item.file ?? '';
    const list = groups.get(file) ?? [];
    list.push(item);
    groups.set(file, list);
  }
  const rank = (file: string): number => {
    const index = (INTERCHANGE_FILES as readonly string[]).indexOf(file);
    return index < 0 ? INTERCHANGE_FILES.length : index;
  };
  return [...groups]
    .sort(([x], [y]) => rank(x) - rank(y) || x.localeCompare(y))
    .map(([file, list]) => ({
      file,
      items: [...list].sort((x, y) => (x.line ?? 0) - (y.line ?? 0)),
    }));
}
