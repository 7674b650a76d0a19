import { type Metadata } from 'next';
import { DriveHome } from './drive-home.tsx';

export const metadata: Metadata = { title: 'My drive' };

/** `/drive`: the root of the drive. The file browser will render here. */
export default async function DrivePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { notice } = await searchParams;
  return <DriveHome recovered={notice === 'recovered'} />;
}
