import { type ButtonHTMLAttributes, type ReactNode } from 'react';

/**
 * Visual weight of a button: one primary action per view, the rest secondary; `danger` for an
 * action that destroys something, `quiet` for minor actions in dense places (a table row).
 */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

function buttonClass(variant: ButtonVariant, extra?: string): string {
  return ['coffre-button', `coffre-button--${variant}`, extra].filter(Boolean).join(' ');
}

/** Props of {@link ButtonLink}. */
export interface ButtonLinkProps {
  readonly href: string;
  readonly variant?: ButtonVariant;
  /**
   * A short status shown inside the button, such as "coming soon". It is part of the link's
   * text, so screen readers announce it too instead of promising something that is not there.
   */
  readonly note?: string;
  readonly children: ReactNode;
}

/** A link that looks like a button: for actions that navigate. */
export function ButtonLink({ href, variant = 'primary', note, children }: ButtonLinkProps) {
  return (
    <a className={buttonClass(variant)} href={href}>
      {children}
      {note === undefined ? null : <span className="coffre-button__note">{note}</span>}
    </a>
  );
}

/** Props of {@link Button}: those of `<button>`, plus a variant. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: ButtonVariant;
}

/**
 * A `<button>` for actions that stay on the page. `type` defaults to `button`, because the
 * HTML default (`submit`) makes a button inside a form submit it by surprise.
 */
export function Button({ variant = 'primary', type = 'button', className, ...rest }: ButtonProps) {
  return <button type={type} className={buttonClass(variant, className)} {...rest} />;
}
