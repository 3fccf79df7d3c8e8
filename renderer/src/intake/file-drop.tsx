import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import {
  ACCEPT_ATTRIBUTE,
  collectDropped,
  collectPicked,
  type Collected,
  type EntryLike,
  type FileLike,
} from './drop-files';

function hasFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes('Files');
}

/**
 * Folder entries must be taken while the drop event runs (the browser empties the
 * DataTransfer afterwards); the walk itself happens later.
 */
export function rootsOf(dt: DataTransfer): (EntryLike | FileLike)[] {
  const roots: (EntryLike | FileLike)[] = [];
  const items = [...dt.items].filter((i) => i.kind === 'file');
  for (const item of items) {
    const entry = item.webkitGetAsEntry?.() as EntryLike | null | undefined;
    if (entry) {
      roots.push(entry);
      continue;
    }
    const file = item.getAsFile();
    if (file) roots.push(file);
  }
  if (roots.length === 0) roots.push(...dt.files);
  return roots;
}

/**
 * Makes an element a drop target for files, folders and zips. `over` drives the overlay; the
 * enter/leave counter keeps it steady while the pointer crosses child elements.
 */
export function useFileDrop(onCollected: (c: Collected) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  // A drag that ends elsewhere (dropped outside, Escape) must not leave the overlay up.
  useEffect(() => {
    const reset = () => {
      depth.current = 0;
      setOver(false);
    };
    window.addEventListener('drop', reset);
    window.addEventListener('dragend', reset);
    return () => {
      window.removeEventListener('drop', reset);
      window.removeEventListener('dragend', reset);
    };
  }, []);
  const onDragEnter = useCallback((e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth.current += 1;
    setOver(true);
  }, []);
  const onDragOver = useCallback((e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDragLeave = useCallback((e: DragEvent) => {
    if (!hasFiles(e)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      const roots = rootsOf(e.dataTransfer);
      void collectDropped(roots).then(onCollected);
    },
    [onCollected],
  );
  return { over, handlers: { onDragEnter, onDragOver, onDragLeave, onDrop } };
}

/** Hidden file pickers behind the "Add files…" and "Add folder…" buttons. */
export function useFilePickers(onCollected: (c: Collected) => void) {
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const onChange = (e: React.ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length) onCollected(collectPicked(files));
  };
  const inputs = (
    <>
      <input
        ref={filesRef}
        type="file"
        multiple
        accept={ACCEPT_ATTRIBUTE}
        hidden
        data-testid="intake-file-input"
        onChange={onChange}
      />
      <input
        ref={folderRef}
        type="file"
        multiple
        hidden
        data-testid="intake-folder-input"
        // React passes the non-standard attribute through as written.
        {...{ webkitdirectory: '', directory: '' }}
        onChange={onChange}
      />
    </>
  );
  return {
    inputs,
    pickFiles: () => filesRef.current?.click(),
    pickFolder: () => folderRef.current?.click(),
  };
}
