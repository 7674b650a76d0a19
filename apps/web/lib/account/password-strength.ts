// A password strength estimate for the hint under the password field. Deliberately small: a
// rough count of the guesses a password-cracking attacker would need, with the usual patterns
// (common passwords, the email in the password, repeats, runs, a word followed by digits)
// priced as the cheap guesses they are. OPAQUE means the server never sees the password and
// Argon2id makes each guess expensive, but neither helps a password that is guessed first.

/** Fewest characters accepted for a new password. */
export const MIN_PASSWORD_LENGTH = 10;

/** The verdict for one password. */
export interface PasswordAssessment {
  /** 0 (very weak) to 4 (strong). */
  score: 0 | 1 | 2 | 3 | 4;
  /** The verdict in words. */
  label: 'Very weak' | 'Weak' | 'Fair' | 'Good' | 'Strong';
  /** One piece of advice, when there is something to improve. */
  advice: string | undefined;
  /** Why the password cannot be used at all, or undefined when it can. */
  problem: string | undefined;
}

/**
 * Among the most used passwords in published breach corpora, and words a Coffre password is
 * likely to be built around. Matched against the password with digits and symbols stripped.
 */
const COMMON = new Set([
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'azerty', 'letmein', 'welcome', 'admin', 'administrator', 'iloveyou',
  'monkey', 'dragon', 'football', 'baseball', 'master', 'sunshine', 'princess', 'shadow', 'superman', 'trustno',
  'abc', 'abcdef', 'secret', 'login', 'starwars', 'whatever', 'freedom', 'hello', 'charlie', 'michael', 'jordan',
  'liverpool', 'chelsea', 'arsenal', 'batman', 'pokemon', 'computer', 'internet', 'changeme', 'default', 'coffre',
  'megabox', 'motdepasse', 'passwort', 'contrasena', 'senha', 'soleil', 'bonjour', 'loveme', 'mustang', 'killer',
]);

const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'azertyuiop'];

const LABELS: PasswordAssessment['label'][] = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'];

/** Size of the alphabet the password's characters seem to come from. */
function alphabetSize(password: string): number {
  let size = 0;
  if (/[a-z]/.test(password)) size += 26;
  if (/[A-Z]/.test(password)) size += 26;
  if (/[0-9]/.test(password)) size += 10;
  if (/[^a-zA-Z0-9\p{L}]/u.test(password)) size += 33;
  if (/[^\p{ASCII}]/u.test(password)) size += 100;
  return Math.max(size, 1);
}

/**
 * The password with its cheap parts collapsed to one character each: runs of one character
 * (`aaaa`), ascending or descending runs of a keyboard or alphabet row (`1234`, `dcba`), and a
 * repeated block (`abcabc`). What is left is what an attacker actually has to guess.
 */
function collapsePatterns(password: string): string {
  let text = password.replace(/(.)\1{2,}/gu, '$1');
  text = text.replace(/(.{2,}?)\1+/gu, '$1');
  const lower = text.toLowerCase();
  let out = '';
  for (let i = 0; i < text.length; ) {
    let run = 1;
    for (const row of SEQUENCES) {
      for (const line of [row, [...row].reverse().join('')]) {
        const start = line.indexOf(lower[i] ?? '');
        if (start < 0) continue;
        let length = 1;
        while (i + length < lower.length && line[start + length] === lower[i + length]) length += 1;
        run = Math.max(run, length);
      }
    }
    out += text[i];
    i += run >= 3 ? run : 1;
  }
  return out;
}

/** The email's local part and its pieces (`ada.lovelace` → `ada`, `lovelace`): guessed first. */
function personalWords(email: string | undefined): string[] {
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  return [local, ...local.split(/[^a-z0-9]+/)].filter((word) => word.length >= 3);
}

/** Roughly log2 of the guesses needed. */
function estimateBits(password: string, email: string | undefined): number {
  const lower = password.toLowerCase();
  const letters = lower.replace(/[^\p{L}]/gu, '');
  if (COMMON.has(letters) || COMMON.has(lower)) {
    // A common word dressed up with digits or symbols: a handful of variations each.
    return 10 + (password.length - letters.length) * 2;
  }
  let text = collapsePatterns(password);
  for (const word of personalWords(email)) {
    if (text.toLowerCase().includes(word)) text = text.toLowerCase().replace(word, '§');
  }
  // A capitalised word followed by digits and a symbol is the most common way to meet a policy.
  const policyShape = /^[A-Z][a-z]+[0-9]+[^a-zA-Z0-9]?$/.test(password);
  const bits = text.length * Math.log2(alphabetSize(text));
  return policyShape ? bits * 0.6 : bits;
}

/**
 * Assesses a new password; `email` is the account's, which a password should not contain.
 * The thresholds are bits of guessing work: under 28 falls to an online attack despite rate
 * limits, 60 and more withstands offline guessing at Argon2id's cost for years.
 */
export function assessPassword(password: string, email?: string): PasswordAssessment {
  const bits = password === '' ? 0 : estimateBits(password, email);
  const score = (bits < 28 ? 0 : bits < 40 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4) as PasswordAssessment['score'];
  let problem: string | undefined;
  if ([...password].length < MIN_PASSWORD_LENGTH) problem = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (score < 2) problem = 'This password is too easy to guess. Make it longer, or use a few unrelated words.';
  const advice =
    score >= 4 ? undefined
    : score >= 2 ? 'Add another word or a few characters to make it stronger.'
    : 'Try a passphrase: four or more unrelated words are easy to remember and hard to guess.';
  return { score, label: LABELS[score]!, advice, problem };
}
