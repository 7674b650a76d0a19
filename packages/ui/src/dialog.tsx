import { type ReactNode, useEffect, useId, useRef } from 'react';

/** Props of {@link Dialog}. */
export interface DialogProps {
  readonly open: boolean;
  readonly title: string;
  /** Called when the person dismisses it (Escape, or the dialog's own cancel button). */
  readonly onClose: () => void;
  /** `wide` for content that needs the room (a file's preview); `regular` by default. */
  readonly size?: 'regular' | 'wide';
  readonly children: ReactNode;
}

/**
 * A modal dialog on the native `<dialog>` element, opened with `showModal()`: the browser traps
 * focus inside, makes the rest of the page inert, closes it on Escape and gives focus back to
 * where it was, with no focus-trap library. Titled by its heading.
 */
export function Dialog({ open, title, onClose, size = 'regular', children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={size === 'wide' ? 'coffre-dialog coffre-dialog--wide' : 'coffre-dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React's state close it, so it cannot be open in the DOM and closed in state.
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="coffre-dialog__title">
        {title}
      </h2>
      {open ? children : null}
    </dialog>
  );
}
