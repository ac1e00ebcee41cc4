# Sourced by bench/run.sh and bench/store_bench.sh: puts files into one
# defined state of the page cache before a timed run, that of files read once
# after being dropped from it. How a file sits in the cache changes what
# reading it costs (issue 3; bench/RESULTS.md, Method): read back
# whole after a drop, it is held in large folios and mapped with 2 MB
# entries; written by `supeval generate`, or reclaimed by the kernel page by
# page (DAMON) and read back by a warming `cat`, it is held in small pieces,
# and `wc -l` and supeval then slow down by different amounts.

# Drops the files' pages from the page cache (written out first, as only
# clean pages are dropped): dd's nocache flag asks the kernel to.
drop_from_page_cache() {
  sync "$@"
  local file
  for file in "$@"; do dd if="$file" iflag=nocache count=0 status=none; done
}

# Drops the files from the page cache and reads them back whole.
reload_page_cache() {
  drop_from_page_cache "$@"
  cat "$@" >/dev/null
}
