// "Download Excel": a link to a route's workbook (`?format=xlsx`, docs/excel.md).
// A plain link with `download`: the browser saves the server's attachment
// under the name it gives (Content-Disposition), with the session cookie
// sent as for any GET, so the download is authorized as the page's JSON is.
export function DownloadExcel({ href, what }: { href: string; what: string }) {
  return (
    <a class="download-excel no-print" href={href} download aria-label={`Download Excel: ${what}`}>
      Download Excel
    </a>
  );
}
