import { readFile } from 'node:fs/promises';
import { type Page } from 'playwright-core';

/** A unique address per call, so tests sharing one API never collide. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.org`;
}

/** A password the sign-up form accepts (long, several unrelated words). */
export function strongPassword(): string {
  return `violet harbour ${Math.random().toString(36).slice(2, 8)} lantern`;
}

/** The recovery key format: 8 groups of 5 base32 characters. */
export const RECOVERY_KEY_PATTERN = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$/;

/**
 * Fills and submits the sign-up form at `baseUrl`, and returns the recovery key shown on the
 * next page, without confirming it (the caller decides what to do with that step).
 */
export async function submitSignup(page: Page, baseUrl: string, email: string, password: string): Promise<string> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password, again').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/signup/recovery-key');
  const key = (await page.locator('#recovery-key').textContent({ timeout: 20_000 }))?.trim() ?? '';
  if (!RECOVERY_KEY_PATTERN.test(key)) throw new Error(`no recovery key on the page, found ${JSON.stringify(key)}`);
  return key;
}

/** Confirms the recovery key was saved and waits for the drive. */
export async function confirmRecoveryKey(page: Page): Promise<void> {
  await page.getByLabel('I have saved my recovery key somewhere safe.').check();
  await page.getByRole('button', { name: 'Continue to my drive' }).click();
  await page.waitForURL('**/drive');
  await page.getByRole('heading', { level: 1, name: 'My drive' }).waitFor();
}

/** A complete sign-up: the account exists, its key is confirmed, the drive is open. */
export async function signUp(page: Page, baseUrl: string, email: string, password: string): Promise<string> {
  const key = await submitSignup(page, baseUrl, email, password);
  await confirmRecoveryKey(page);
  return key;
}

/** Fills and submits the sign-in form; does not wait for the outcome. */
export async function submitLogin(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in and waits for the drive. */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await submitLogin(page, baseUrl, email, password);
  await page.waitForURL('**/drive');
  await page.getByRole('heading', { level: 1, name: 'My drive' }).waitFor();
}

/** Signs out from the app frame and waits for the sign-in page. */
export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login?notice=signed-out');
}

/** What this origin keeps in IndexedDB for the session, as the page can read it. */
export interface StoredSessionView {
  version: unknown;
  keyType: string;
  extractable: boolean;
  usages: string[];
  algorithm: string;
  /** The error name when the page tries to export the key (it must fail). */
  exportAttempt: string;
  /** The sealed bytes, as Latin-1 text, to search for secrets. */
  ciphertext: string;
}

/** Reads the sealed session slot of the web drive's IndexedDB; null when the slot is empty. */
export async function readStoredSession(page: Page): Promise<StoredSessionView | null> {
  return page.evaluate(async () => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open('coffre-drive');
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    try {
      if (!database.objectStoreNames.contains('session')) return null;
      const value = await new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const request = database.transaction('session').objectStore('session').get('current');
        request.onsuccess = () => resolve(request.result as Record<string, unknown> | undefined);
        request.onerror = () => reject(request.error);
      });
      if (value === undefined) return null;
      const key = value.key as CryptoKey;
      const exportAttempt = await crypto.subtle.exportKey('raw', key).then(
        () => 'exported',
        (error: unknown) => (error as Error).name,
      );
      const bytes = new Uint8Array(value.ciphertext as ArrayBuffer);
      return {
        version: value.version,
        keyType: Object.prototype.toString.call(key),
        extractable: key.extractable,
        usages: [...key.usages].sort(),
        algorithm: key.algorithm.name,
        exportAttempt,
        ciphertext: Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''),
      };
    } finally {
      database.close();
    }
  });
}

/** Picks files with the drive's "Upload files" button (its hidden file input). */
export async function uploadFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByLabel('Files to upload').setInputFiles(paths);
}

/** Picks a whole folder with the drive's "Upload a folder" button (a `webkitdirectory` input). */
export async function uploadFolder(page: Page, directory: string): Promise<void> {
  await page.getByLabel('Folder to upload').setInputFiles(directory);
}

/** Waits until every upload of the page finished (the uploads panel says so). */
export async function waitForUploads(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.coffre-uploads').getByText('All uploads finished').waitFor({ timeout });
}

/** The row of the file browser's table for `name`. */
export function nodeRow(page: Page, name: string) {
  return page.locator('.coffre-files tbody tr').filter({ has: page.getByText(name, { exact: true }) });
}

/** Opens the folder `name` of the folder shown and waits for its heading. */
export async function openFolder(page: Page, name: string): Promise<void> {
  await page.locator('.coffre-files').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Downloads the file `name` of the folder shown through the page; returns its bytes. */
export async function downloadFile(page: Page, name: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download ${name}`, exact: true }).click()]);
  if (download.suggestedFilename() !== name) throw new Error(`downloaded ${download.suggestedFilename()}, expected ${name}`);
  return readFile(await download.path());
}
