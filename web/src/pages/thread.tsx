// One discussion: what it is about (a link to the complaint's adjustments,
// to the supplier's scorecard of the run or to the settlement), its messages oldest first, shown
// as plain text, and a reply form. Showing the messages moves the reader's
// marker to the newest one, so the thread stops counting as unread.
import { useEffect, useState } from 'preact/hooks';
import type { ListPage, Thread, ThreadMessage } from '../api/types';
import { FieldError } from '../components/field-error';
import { ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { MAX_BODY, aboutWords, readMarker, textError } from '../lib/discussion-view';
import { useSubmission } from '../lib/form-errors';
import { formatInstant } from '../lib/format';
import { ADJUSTMENTS_PATH, THREADS_PATH, onLinkClick, scorecardPath, settlementPath } from '../lib/router';
import { useApp } from '../lib/session';

/** Messages read at once; a longer thread pages (a discussion is rarely that long). */
const MESSAGE_LIMIT = 1000;

export function ThreadPage({ id }: { id: string }) {
  const { client } = useApp();
  const [version, setVersion] = useState(0);
  const base = `/api/v1/threads/${id}`;
  const thread = useLoad(`thread|${id}`, () => client.get<Thread>(base));
  const messages = useLoad(`messages|${id}|${version}`, () =>
    client.get<ListPage<ThreadMessage>>(`${base}/messages`, { limit: MESSAGE_LIMIT }),
  );
  useTitle(thread.state === 'ready' ? thread.value.subject : 'Discussion');
  const newest = messages.state === 'ready' ? readMarker(messages.value.rows) : null;
  useEffect(() => {
    if (newest !== null) client.put<void>(`${base}/read`, { up_to: newest }).catch(() => undefined);
  }, [client, base, newest]);
  if (thread.state === 'loading') return <Loading what="the discussion" />;
  if (thread.state === 'error') return <ErrorState error={thread.error} />;
  return (
    <section class="thread">
      <p class="no-print">
        <a href={THREADS_PATH} onClick={(event) => onLinkClick(event, THREADS_PATH)}>
          All discussions
        </a>
      </p>
      <h1>{thread.value.subject}</h1>
      <p>
        Supplier {thread.value.supplier_id}, about <About thread={thread.value} />; opened{' '}
        {formatInstant(thread.value.created_at)} by {thread.value.created_by}.
      </p>
      {messages.state === 'loading' && <Loading what="the messages" />}
      {messages.state === 'error' && <ErrorState error={messages.error} />}
      {messages.state === 'ready' && (
        <ol class="messages">
          {messages.value.rows.map((message) => (
            <li key={message.id} class="message">
              <p class="message-head">
                <strong>{message.author}</strong>{' '}
                <time dateTime={message.created_at}>{formatInstant(message.created_at)}</time>
              </p>
              <p class="message-body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Reply path={`${base}/messages`} onPosted={() => setVersion(version + 1)} />
    </section>
  );
}

function About({ thread }: { thread: Thread }) {
  const href =
    thread.complaint_id !== null
      ? `${ADJUSTMENTS_PATH}?supplier_id=${encodeURIComponent(thread.supplier_id)}`
      : typeof thread.settlement === 'number'
        ? settlementPath(thread.settlement)
        : `${scorecardPath(thread.supplier_id)}?run=${thread.run ?? ''}`;
  return (
    <a href={href} onClick={(event) => onLinkClick(event, href)}>
      {aboutWords(thread)}
    </a>
  );
}

function Reply({ path, onPosted }: { path: string; onPosted: () => void }) {
  const { client } = useApp();
  const [body, setBody] = useState('');
  const [check, setCheck] = useState<string | null>(null);
  const { busy, errors, submit } = useSubmission(
    async () => {
      await client.post<ThreadMessage>(path, { body });
      setBody('');
      onPosted();
    },
    () => 'body',
  );
  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const found = textError(body, MAX_BODY, 'message');
    setCheck(found);
    if (found === null) await submit(event);
  };
  const message = check ?? errors['body'] ?? errors[''];
  return (
    <form class="reply no-print" onSubmit={onSubmit}>
      <label for="reply-body">Reply</label>
      <textarea
        id="reply-body"
        rows={4}
        value={body}
        onInput={(e) => setBody(e.currentTarget.value)}
        aria-describedby="reply-body-error"
        aria-invalid={message ? 'true' : undefined}
      />
      <FieldError id="reply-body-error" message={message} />
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send reply'}
      </button>
    </form>
  );
}
