// What the person gave the page to upload: files from the picker (a folder picker names each
// file's path inside the folder) or from a drop (folders walked through the entries API), as
// files with the folder path each goes into.

/** A file and the folders below the target it goes into ("" for none). */
export interface PickedFile {
  file: File;
  folderPath: string;
}

/** "photos/2024/a.jpg" → "photos/2024"; "a.jpg" → "". */
export function folderPathOf(relativePath: string): string {
  const parts = relativePath.split('/').filter((part) => part !== '');
  return parts.slice(0, -1).join('/');
}

/** Files of an `<input type="file">`, with the folder structure of a folder picker. */
export function pickedFiles(files: Iterable<File>): PickedFile[] {
  return Array.from(files, (file) => ({ file, folderPath: folderPathOf(file.webkitRelativePath ?? '') }));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, folderPath: string, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ file: await fileOf(entry as FileSystemFileEntry), folderPath });
    return;
  }
  if (!entry.isDirectory) return;
  const inner = folderPath === '' ? entry.name : `${folderPath}/${entry.name}`;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (100 in Chromium) until it answers with none.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, inner, out);
  }
}

/**
 * The files of a drop, folders included. The entries must be taken synchronously in the drop
 * handler (the DataTransfer is emptied after it returns), so call this before any `await`.
 */
export function droppedFiles(data: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  return (async () => {
    const out: PickedFile[] = [];
    for (const { entry, file } of entries) {
      if (entry !== null) await walk(entry, '', out);
      else if (file !== null) out.push({ file, folderPath: '' });
    }
    return out;
  })();
}
