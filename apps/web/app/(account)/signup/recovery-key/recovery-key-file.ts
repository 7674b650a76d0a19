/** The text file the recovery key is downloaded as: the key, whose it is, and what it is for. */
export function recoveryKeyFile(recoveryKey: string, email: string, created: Date): string {
  return [
    'Coffre recovery key',
    '',
    `Account: ${email}`,
    `Saved:   ${created.toISOString().slice(0, 10)}`,
    '',
    `    ${recoveryKey}`,
    '',
    'This key restores your Coffre account if you forget your password: choose',
    '"Forgot your password?" on the sign-in page and enter it with your email address.',
    '',
    'Keep it private and offline. Anyone who has this key and your email address can',
    'take over your account. Coffre cannot show it to you again or reset it for you.',
    '',
  ].join('\r\n');
}
