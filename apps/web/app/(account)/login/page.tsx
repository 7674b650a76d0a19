import { type Metadata } from 'next';
import { safeNextPath } from '../../../components/safe-next-path.ts';
import { noticeNamed } from '../../../lib/account/notices.ts';
import { LoginForm } from './login-form.tsx';

export const metadata: Metadata = { title: 'Sign in' };

/** `/login`: sign in with email and password; `?next=` is where to go afterwards. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next, notice } = await searchParams;
  return <LoginForm next={safeNextPath(next)} notice={noticeNamed(notice)} />;
}
