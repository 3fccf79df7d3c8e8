import { Icon } from '../ui/Icon';

/**
 * Where model files enter the studio. The whole Queue page takes drops (see QueuePage); this
 * zone says so and offers the pickers for those who do not drag.
 */
export function DropZone({
  onPickFiles,
  onPickFolder,
  compact = false,
}: {
  onPickFiles: () => void;
  onPickFolder: () => void;
  compact?: boolean;
}) {
  return (
    <div
      className={`drop-zone${compact ? ' drop-zone--compact' : ' drop-zone--large'}`}
      data-testid="drop-zone"
      role="region"
      aria-label="Model file drop zone"
    >
      <Icon name="upload" size={compact ? 16 : 28} />
      <div className="drop-zone__text">
        <div className="drop-zone__title">
          {compact ? 'Drop files, folders or a zip' : 'Drop STL, 3MF or OBJ files here'}
        </div>
        {compact ? null : (
          <div className="muted small">
            Folders and zips too. Each file becomes a model and a line of one new order; names like
            bracket_x2.stl set the quantity.
          </div>
        )}
      </div>
      <div className="drop-zone__buttons">
        <button
          type="button"
          className="btn btn--small"
          data-testid="intake-add-files"
          onClick={onPickFiles}
        >
          Add files…
        </button>
        <button
          type="button"
          className="btn btn--small"
          data-testid="intake-add-folder"
          onClick={onPickFolder}
        >
          Add folder…
        </button>
      </div>
    </div>
  );
}
