import { type InputHTMLAttributes, type ReactNode } from 'react';
import { Button, type ButtonProps } from './button.js';

/** Props of {@link TextField}: those of `<input>`, plus what makes it a labelled field. */
export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'> {
  /** Also the base of the hint's and error's ids. */
  readonly id: string;
  readonly label: string;
  /** Guidance shown under the label, before the person types. */
  readonly hint?: ReactNode;
  /** What is wrong with the value; marks the input invalid and is announced with it. */
  readonly error?: string | undefined;
  /** Content after the input, inside the field (e.g. a strength meter), described by the input. */
  readonly after?: ReactNode;
}

/**
 * A labelled input with an optional hint and error. The input is described by both, so a screen
 * reader reads the hint and the error when the input gets focus, and `aria-invalid` marks it.
 */
export function TextField({ id, label, hint, error, after, className, ...input }: TextFieldProps) {
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined || error === '' ? undefined : `${id}-error`;
  const afterId = after === undefined ? undefined : `${id}-after`;
  const describedBy = [hintId, afterId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['coffre-field', className].filter(Boolean).join(' ')}>
      <label className="coffre-field__label" htmlFor={id}>
        {label}
      </label>
      {hintId === undefined ? null : (
        <div id={hintId} className="coffre-field__hint">
          {hint}
        </div>
      )}
      <input id={id} className="coffre-field__input" aria-invalid={errorId === undefined ? undefined : true} aria-describedby={describedBy} {...input} />
      {afterId === undefined ? null : (
        <div id={afterId} className="coffre-field__after">
          {after}
        </div>
      )}
      {errorId === undefined ? null : (
        <p id={errorId} className="coffre-field__error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Props of {@link CheckboxField}. */
export interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'children'> {
  readonly id: string;
  readonly label: ReactNode;
}

/** A checkbox with its label beside it; the whole label is the click target. */
export function CheckboxField({ id, label, className, ...input }: CheckboxFieldProps) {
  return (
    <div className={['coffre-checkbox', className].filter(Boolean).join(' ')}>
      <input id={id} type="checkbox" className="coffre-checkbox__input" {...input} />
      <label className="coffre-checkbox__label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}

/** Props of {@link SubmitButton}. */
export interface SubmitButtonProps extends Omit<ButtonProps, 'type'> {
  /** True while the form's action runs: the button says so and ignores further presses. */
  readonly busy: boolean;
  /** What the button says while busy, e.g. "Signing in…". */
  readonly busyLabel: string;
}

/**
 * A form's submit button with a loading state. While busy it stays focusable (`aria-disabled`
 * rather than `disabled`, which would drop keyboard focus to the page) and shows a spinner with
 * `busyLabel`; the form must ignore submissions meanwhile.
 */
export function SubmitButton({ busy, busyLabel, children, onClick, ...rest }: SubmitButtonProps) {
  return (
    <Button
      type="submit"
      aria-disabled={busy ? true : undefined}
      onClick={(event) => {
        if (busy) event.preventDefault();
        else onClick?.(event);
      }}
      {...rest}
    >
      {busy ? (
        <>
          <span className="coffre-spinner" aria-hidden="true" />
          {busyLabel}
        </>
      ) : (
        children
      )}
    </Button>
  );
}

/** Lays out a form's fields one under the other, with its actions at the end. */
export function FormStack({ children }: { readonly children: ReactNode }) {
  return <div className="coffre-form-stack">{children}</div>;
}

/** A row of buttons at the end of a form or dialog. */
export function FormActions({ children }: { readonly children: ReactNode }) {
  return <div className="coffre-form-actions">{children}</div>;
}
