// Sessions list the User-Agent each was created with; people recognise "Firefox on Windows"
// more easily than the raw string. Order matters: many browsers name others in their strings
// (Edge says Chrome and Safari, Chrome says Safari), so the specific ones are tested first.

const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:Chromium)\//, 'Chromium'],
  [/\b(?:Chrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\blinux\b/, 'Linux'],
  [/\bdarwin\b/, 'macOS'],
  [/\bwin32\b/, 'Windows'],
];

function firstMatch(text: string, table: readonly [RegExp, string][]): string | undefined {
  return table.find(([pattern]) => pattern.test(text))?.[1];
}

/** A short description of the device a session was created on, from its User-Agent. */
export function describeUserAgent(userAgent: string | null): string {
  if (userAgent === null || userAgent.trim() === '') return 'Unknown device';
  const system = firstMatch(userAgent, SYSTEMS);
  if (userAgent.startsWith('coffre-cli/')) return system === undefined ? 'Coffre command line' : `Coffre command line on ${system}`;
  const browser = /HeadlessChrome\//.test(userAgent) ? 'Headless Chrome' : firstMatch(userAgent, BROWSERS);
  if (browser === undefined) return system === undefined ? 'Other client' : `Other client on ${system}`;
  return system === undefined ? browser : `${browser} on ${system}`;
}
