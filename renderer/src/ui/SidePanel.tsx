import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { Icon } from './Icon';

/**
 * The editor docked at the right of a page. It is a form: Enter submits, Escape closes,
 * and focus moves into it when it opens so keyboard users land on the first field.
 */
export function SidePanel({
  title,
  subtitle,
  onClose,
  onSubmit,
  footer,
  children,
  testId,
}: {
  title: string;
  subtitle?: string;
  onClose: () => void;
  onSubmit: () => void;
  footer: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea');
    first?.focus();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form
      ref={ref}
      className="side-panel"
      aria-label={title}
      data-testid={testId}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
      noValidate
    >
      <header className="side-panel__head">
        <div>
          <h2>{title}</h2>
          {subtitle ? <p className="muted small">{subtitle}</p> : null}
        </div>
        <button type="button" className="icon-btn" onClick={onClose} aria-label="Close panel">
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel__body">{children}</div>
      <footer className="side-panel__foot">{footer}</footer>
    </form>
  );
}
