import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CheckboxField, FormActions, FormStack, SubmitButton, TextField } from './form.js';

describe('TextField', () => {
  it('labels the input and describes it by its hint', () => {
    const html = renderToStaticMarkup(<TextField id="email" label="Email" type="email" hint="We never share it." autoComplete="username" />);
    expect(html).toContain('<label class="coffre-field__label" for="email">Email</label>');
    expect(html).toContain('<div id="email-hint" class="coffre-field__hint">We never share it.</div>');
    expect(html).toMatch(/<input id="email" class="coffre-field__input" aria-describedby="email-hint" type="email" autoComplete="username"\/>/);
    expect(html).not.toContain('aria-invalid');
  });

  it('marks an invalid input and describes it by the error too, after the hint and what follows the input', () => {
    const html = renderToStaticMarkup(<TextField id="pw" label="Password" hint="10 characters" error="Too short." after={<span>Weak</span>} />);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="pw-hint pw-after pw-error"');
    expect(html).toContain('<p id="pw-error" class="coffre-field__error">Too short.</p>');
    expect(html.indexOf('pw-after"')).toBeLessThan(html.indexOf('id="pw-error"'));
  });

  it('treats an empty error as none', () => {
    const html = renderToStaticMarkup(<TextField id="x" label="X" error="" />);
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('aria-describedby');
  });
});

describe('CheckboxField', () => {
  it('puts the label after the box, tied to it', () => {
    expect(renderToStaticMarkup(<CheckboxField id="saved" label="I saved it" />)).toBe(
      '<div class="coffre-checkbox"><input id="saved" type="checkbox" class="coffre-checkbox__input"/>' +
        '<label class="coffre-checkbox__label" for="saved">I saved it</label></div>',
    );
  });
});

describe('SubmitButton', () => {
  it('submits, and says what it is doing while busy without losing focusability', () => {
    const idle = renderToStaticMarkup(
      <SubmitButton busy={false} busyLabel="Signing in…">
        Sign in
      </SubmitButton>,
    );
    expect(idle).toBe('<button type="submit" class="coffre-button coffre-button--primary">Sign in</button>');
    const busy = renderToStaticMarkup(
      <SubmitButton busy busyLabel="Signing in…">
        Sign in
      </SubmitButton>,
    );
    expect(busy).toContain('aria-disabled="true"');
    expect(busy).not.toContain('disabled=""');
    expect(busy).toContain('<span class="coffre-spinner" aria-hidden="true"></span>Signing in…');
    expect(busy).not.toContain('>Sign in<');
  });

  it('keeps the variant it is given', () => {
    expect(renderToStaticMarkup(<SubmitButton busy={false} busyLabel="…" variant="danger">Delete</SubmitButton>)).toContain('coffre-button--danger');
  });
});

describe('FormStack and FormActions', () => {
  it('wrap their children', () => {
    expect(renderToStaticMarkup(<FormStack>a</FormStack>)).toBe('<div class="coffre-form-stack">a</div>');
    expect(renderToStaticMarkup(<FormActions>b</FormActions>)).toBe('<div class="coffre-form-actions">b</div>');
  });
});
