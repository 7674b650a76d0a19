import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Alert } from './alert.js';

describe('Alert', () => {
  it('announces errors at once, and other tones politely', () => {
    expect(renderToStaticMarkup(<Alert tone="error">Wrong password</Alert>)).toContain('role="alert"');
    for (const tone of ['success', 'info', 'warning'] as const) {
      const html = renderToStaticMarkup(<Alert tone={tone}>Done</Alert>);
      expect(html).toContain('role="status"');
      expect(html).toContain(`coffre-alert--${tone}`);
    }
  });

  it('can take focus from script but is not a tab stop, and shows its title first', () => {
    const html = renderToStaticMarkup(
      <Alert tone="error" title="Could not sign in" id="login-error">
        <p>Wrong password</p>
      </Alert>,
    );
    expect(html).toBe(
      '<div id="login-error" class="coffre-alert coffre-alert--error" role="alert" tabindex="-1">' +
        '<p class="coffre-alert__title">Could not sign in</p><div class="coffre-alert__body"><p>Wrong password</p></div></div>',
    );
  });
});
