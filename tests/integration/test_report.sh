#!/usr/bin/env bash
# zonectl report --html renders in headless Chromium: no console error, and
# every chart has drawn something.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gaps_zone.sh"
make_gap_zone || exit 1
BENCH=$(cd "$(dirname "$0")/../.." && pwd)/deploy/national-benchmarks.conf
"$BIN/zonectl" --config "$WORK/coord.conf" gaps snapshot >/dev/null
# A name with every character HTML needs escaped.
"$BIN/zonectl" --config "$WORK/coord.conf" schools set 100001 --name 'Alpha & Co <Upper> "A"' --cluster North >/dev/null
"$BIN/zonectl" --config "$WORK/coord.conf" report --html "$WORK/report.html" --benchmarks "$BENCH"
check "report written" test -s "$WORK/report.html"
check "no external resource" bash -c "! grep -qiE '(src|href)=\"(https?:)?//|<script' '$WORK/report.html'"
check "the school name is escaped" contains "$WORK/report.html" "Alpha &amp; Co &lt;Upper&gt; &quot;A&quot;"
check "  and never written raw" not_contains "$WORK/report.html" "<Upper>"

CHROME=$(command -v chromium || command -v chromium-browser || true)
check "chromium is installed (make deps)" test -n "$CHROME"
if [ -n "$CHROME" ]; then
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d "$WORK/chrome.XXXXXX")" --enable-logging=stderr --v=0 \
        --dump-dom "file://$WORK/report.html" >"$WORK/dom.html" 2>"$WORK/chrome.err"
    check "chromium rendered the page" contains "$WORK/dom.html" "</html>"
    check "no console error" bash -c "! grep -iE 'CONSOLE|Uncaught|Refused to' '$WORK/chrome.err'"
    # Every <svg> chart must hold a shape drawing data (class="d": bars, lines).
    charts=$(tr '\n' ' ' <"$WORK/dom.html" | grep -o '<svg[^>]*class="chart".*\?</svg>' | sed 's|</svg>|</svg>\n|g' |
        grep -c '<svg' || true)
    empty=$(tr '\n' ' ' <"$WORK/dom.html" | sed 's|</svg>|</svg>\n|g' | grep '<svg' |
        grep -cv 'class="d"' || true)
    check "the report has its charts ($charts)" test "$charts" -ge 9
    check "no chart is empty ($empty empty)" test "$empty" = 0
fi
check "zoned stops cleanly" stop_zone
finish
