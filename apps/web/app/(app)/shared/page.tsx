import { type Metadata } from 'next';
import { SharedOverview } from './shared-overview.tsx';

export const metadata: Metadata = { title: 'Shared' };

/** `/shared`: what is shared with and by this account, and its links; `?share=<node id>` opens the share dialog. */
export default async function SharedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { share } = await searchParams;
  return <SharedOverview shareNodeId={typeof share === 'string' && share !== '' ? share : undefined} />;
}
