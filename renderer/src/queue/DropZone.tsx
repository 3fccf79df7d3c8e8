import { useState, type DragEvent } from 'react';
import { Icon } from '../ui/Icon';

/**
 * Where model files enter the studio.
 *
 * INTAKE HOOK: model intake (another issue) wires `onFiles`: it receives the dropped or picked
 * files (STL/3MF/OBJ, folders and zips as the browser hands them over) and turns them into
 * models and order lines through the contract. Until then the zone only says what it is for.
 */
export function DropZone({
  onFiles,
  compact = false,
}: {
  onFiles?: (files: File[]) => void;
  compact?: boolean;
}) {
  const [over, setOver] = useState(false);
  const accept = (e: DragEvent<HTMLDivElement>) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = onFiles ? 'copy' : 'none';
    setOver(true);
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-zone--over' : ''}${compact ? ' drop-zone--compact' : ''}${onFiles ? '' : ' drop-zone--inactive'}`}
      data-testid="drop-zone"
      role="region"
      aria-label="Model file drop zone"
      onDragEnter={accept}
      onDragOver={accept}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (onFiles && files.length) onFiles(files);
      }}
    >
      <Icon name="upload" size={compact ? 18 : 28} />
      <div>
        <div className="drop-zone__title">Drop STL/3MF/OBJ files here</div>
        <div className="muted small">
          {onFiles
            ? 'Each file becomes a model and an order line; names like bracket_x2.stl set the quantity.'
            : 'File intake arrives with the model-intake update; until then, orders use models already in the workspace.'}
        </div>
      </div>
    </div>
  );
}
