import { type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !element.hasAttribute('inert'),
  );
}

export interface ModalProps {
  title: ReactNode;
  /** Extra line under the title. */
  subtitle?: ReactNode;
  onClose(): void;
  children: ReactNode;
  /** Footer actions; a Close button is always there. */
  actions?: ReactNode;
  wide?: boolean;
}

/**
 * An accessible modal dialog: `role="dialog"` + `aria-modal`, labelled by its
 * title; focus moves into it, Tab cycles inside it, Escape and the backdrop
 * close it, the page behind becomes inert, and focus returns to what opened it.
 */
export function Modal({ title, subtitle, onClose, children, actions, wide }: ModalProps) {
  const titleId = useId();
  const subtitleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = document.getElementById('root');
    const wasInert = root?.inert ?? false;
    if (root) root.inert = true;
    const body = document.body;
    const overflow = body.style.overflow;
    body.style.overflow = 'hidden';
    const node = dialog.current;
    if (node) {
      // The dialog itself (so its title is read first), or a field marked data-autofocus.
      (node.querySelector<HTMLElement>('[data-autofocus]') ?? node).focus();
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onCloseRef.current();
        return;
      }
      if (event.key !== 'Tab' || !dialog.current) return;
      const items = focusables(dialog.current);
      if (items.length === 0) {
        event.preventDefault();
        return;
      }
      const first = items[0] as HTMLElement;
      const last = items[items.length - 1] as HTMLElement;
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !dialog.current.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !dialog.current.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (root) root.inert = wasInert;
      body.style.overflow = overflow;
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return createPortal(
    // Clicking the backdrop is a mouse shortcut; Escape and the Close buttons do the same from the keyboard.
    // biome-ignore lint/a11y/noStaticElementInteractions: the dialog inside carries the semantics
    <div
      className="modal-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onCloseRef.current();
      }}
    >
      <div
        ref={dialog}
        className={wide ? 'modal modal-wide' : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        {...(subtitle ? { 'aria-describedby': subtitleId } : {})}
        tabIndex={-1}
      >
        <header className="modal-header">
          <div>
            <h2 id={titleId}>{title}</h2>
            {subtitle ? (
              <p id={subtitleId} className="muted">
                {subtitle}
              </p>
            ) : null}
          </div>
          <button type="button" className="icon-button" aria-label="Close dialog" onClick={() => onClose()}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div className="modal-body">{children}</div>
        <footer className="modal-footer">
          {actions}
          <button type="button" className="button" onClick={() => onClose()}>
            Close
          </button>
        </footer>
      </div>
    </div>,
    document.body,
  );
}
