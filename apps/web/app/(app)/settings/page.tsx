import { redirect } from 'next/navigation';

/** `/settings` has no page of its own: the sessions are the first setting. */
export default function SettingsPage(): never {
  redirect('/settings/sessions');
}
