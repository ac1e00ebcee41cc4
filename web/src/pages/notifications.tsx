// The user's notifications, newest first (a run published for its supplier,
// an adjustment decided, a reply in its discussion, an adjustment's deadline
// in 7 days): each links to the page it concerns; "Mark all as read" moves
// the read marker to the newest one shown.
import { useState } from 'preact/hooks';
import type { AppNotification, ListPage } from '../api/types';
import { ActionError, useAction } from '../components/action';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { Pager } from '../components/table-controls';
import { formatInstant } from '../lib/format';
import { NOTIFICATIONS_PATH, navigate, onLinkClick } from '../lib/router';
import { useApp } from '../lib/session';

const PAGE_SIZE = 50;

const KIND_WORDS: Record<AppNotification['kind'], string> = {
  'run.published': 'New rating',
  'adjustment.decided': 'Adjustment decided',
  'thread.reply': 'Reply',
  'adjustment.deadline': 'Deadline soon',
};

/** Only a path of this front end becomes a link (never another origin or a script URL). */
export function isOwnPath(link: string): boolean {
  return link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\');
}

export function NotificationsPage({ search }: { search: string }) {
  const { client } = useApp();
  useTitle('Notifications');
  const offsetText = new URLSearchParams(search).get('offset') ?? '';
  const offset = /^\d{1,9}$/.test(offsetText) ? Number(offsetText) : 0;
  const [version, setVersion] = useState(0);
  const list = useLoad(`notifications|${search}|${version}`, () =>
    client.get<ListPage<AppNotification>>('/api/v1/notifications', { limit: PAGE_SIZE, offset }),
  );
  const marking = useAction();
  const newest = list.state === 'ready' ? Math.max(0, ...list.value.rows.map((n) => n.id)) : 0;
  const anyUnread = list.state === 'ready' && list.value.rows.some((n) => !n.read);
  return (
    <section class="notifications">
      <h1>Notifications</h1>
      {anyUnread && (
        <p class="no-print">
          <button
            type="button"
            disabled={marking.busy}
            onClick={() =>
              marking.run(async () => {
                await client.put<void>('/api/v1/notifications/read', { up_to: newest });
                setVersion(version + 1);
              })
            }
          >
            Mark all as read
          </button>
        </p>
      )}
      <ActionError action={marking} />
      {list.state === 'loading' && <Loading what="your notifications" />}
      {list.state === 'error' && <ErrorState error={list.error} />}
      {list.state === 'ready' && list.value.total_count === 0 && <Empty>No notifications yet.</Empty>}
      {list.state === 'ready' && list.value.total_count > 0 && (
        <>
          <ul class="notification-list">
            {list.value.rows.map((n) => (
              <li key={n.id} class={n.read ? undefined : 'unread'}>
                <span class="kind">{KIND_WORDS[n.kind] ?? n.kind}</span>{' '}
                <time dateTime={n.at}>{formatInstant(n.at)}</time>
                {n.read ? '' : ' (new)'}:{' '}
                {isOwnPath(n.link) ? (
                  <a href={n.link} onClick={(event) => onLinkClick(event, n.link)}>
                    {n.text}
                  </a>
                ) : (
                  n.text
                )}
              </li>
            ))}
          </ul>
          <Pager
            what="Notifications"
            page={{ offset, limit: PAGE_SIZE, shown: list.value.rows.length, total: list.value.total_count }}
            onPage={(next) => navigate(next > 0 ? `${NOTIFICATIONS_PATH}?offset=${next}` : NOTIFICATIONS_PATH)}
          />
        </>
      )}
    </section>
  );
}
