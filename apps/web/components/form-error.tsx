'use client';

import { Alert } from '@coffre/ui/alert';
import { useEffect, useRef } from 'react';
import { type ErrorText } from '../lib/account/error-text.ts';

/**
 * A form's failure, announced (role="alert") and focused when it appears, so keyboard users
 * land on it instead of searching the page for what went wrong.
 */
export function FormError({ error, title = 'That did not work' }: { error: ErrorText | undefined; title?: string }) {
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error !== undefined) wrapper.current?.querySelector<HTMLElement>('[role="alert"]')?.focus();
  }, [error]);
  if (error === undefined) return null;
  return (
    <div ref={wrapper}>
      <Alert tone="error" title={title}>
        <p>{error.message}</p>
        {error.reference === undefined ? null : (
          <p className="coffre-alert__reference">
            Reference for support: <code>{error.reference}</code>
          </p>
        )}
      </Alert>
    </div>
  );
}
