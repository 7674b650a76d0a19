'use client';

import { TextField } from '@coffre/ui/form';
import { StrengthMeter } from '@coffre/ui/meter';
import { useDeferredValue } from 'react';
import { assessPassword, MIN_PASSWORD_LENGTH } from '../lib/account/password-strength.ts';

/** Props of {@link NewPasswordFields}. */
export interface NewPasswordFieldsProps {
  /** Base of the fields' ids. */
  readonly id: string;
  readonly password: string;
  readonly confirmation: string;
  onPasswordChange(value: string): void;
  onConfirmationChange(value: string): void;
  /** The account's email: a password containing it is weaker than it looks. */
  readonly email?: string;
  /** Errors found on submission, per field. */
  readonly errors: { password?: string | undefined; confirmation?: string | undefined };
  readonly label?: string;
}

/**
 * A new password, typed twice, with a strength hint as the person types. Both fields use
 * `autocomplete="new-password"` so password managers offer to generate and save one.
 */
export function NewPasswordFields({ id, password, confirmation, onPasswordChange, onConfirmationChange, email, errors, label = 'Password' }: NewPasswordFieldsProps) {
  const typed = useDeferredValue(password);
  const assessment = assessPassword(typed, email);
  return (
    <>
      <TextField
        id={`${id}-password`}
        name="new-password"
        type="password"
        label={label}
        autoComplete="new-password"
        required
        hint={<p>At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong password that is easy to remember.</p>}
        value={password}
        onChange={(event) => onPasswordChange(event.target.value)}
        error={errors.password}
        after={typed === '' ? undefined : <StrengthMeter score={assessment.score} label={assessment.label} advice={assessment.advice} />}
      />
      <TextField
        id={`${id}-confirmation`}
        name="new-password-confirmation"
        type="password"
        label={`${label}, again`}
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={(event) => onConfirmationChange(event.target.value)}
        error={errors.confirmation}
      />
    </>
  );
}

/** Checks a new password and its confirmation; returns the errors to show, empty when fine. */
export function checkNewPassword(password: string, confirmation: string, email?: string): { password?: string; confirmation?: string } {
  const problem = assessPassword(password, email).problem;
  if (problem !== undefined) return { password: problem };
  if (confirmation !== password) return { confirmation: 'The two passwords are not the same.' };
  return {};
}
