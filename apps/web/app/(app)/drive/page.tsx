import { type Metadata } from 'next';
import { DriveBrowser } from './drive-browser.tsx';

export const metadata: Metadata = { title: 'My drive' };

/** `/drive`: the drive's root, or the folder `?folder=<id>`. */
export default async function DrivePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { notice, folder } = await searchParams;
  return <DriveBrowser folderId={typeof folder === 'string' && folder !== '' ? folder : null} recovered={notice === 'recovered'} />;
}
