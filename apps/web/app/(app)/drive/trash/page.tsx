import { type Metadata } from 'next';
import { TrashView } from './trash-view.tsx';

export const metadata: Metadata = { title: 'Trash' };

/** `/drive/trash`: what was moved to the trash, to restore or delete for good. */
export default function TrashPage() {
  return <TrashView />;
}
