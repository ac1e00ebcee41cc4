// A front-end URL that names no page.
export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <a href="/">Go to your start page</a>.
      </p>
    </section>
  );
}
