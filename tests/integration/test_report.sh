#!/usr/bin/env bash
# zonectl report --html renders in headless Chromium: no console error,
# every chart has drawn something, and the page reads as the issue asked
# (#19): titles in words, a letter in every RAG cell, n beside every bar,
# small groups grey, trend axes titled and marked, alerts per 100 pupils,
# school tables with suppression shown, free school meals take-up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gaps_zone.sh"
make_gap_zone || exit 1
BENCH=$(cd "$(dirname "$0")/../.." && pwd)/deploy/national-benchmarks.conf
"$BIN/zonectl" --config "$WORK/coord.conf" gaps snapshot >/dev/null
"$BIN/zonectl" --config "$WORK/coord.conf" report --html "$WORK/no-take-up.html"
check "no school supplies fsm_eligible: the report says so, not zeros" contains "$WORK/no-take-up.html" \
    "No school supplies fsm_eligible"
# Free school meals take-up (fsm_eligible added with awk): all of A's ten
# pupils are entitled, 6-10 not registered (5 of 10); all of B's six, none
# registered (6 of 6: the rest of none is suppressed).
for s in a b; do
    awk -F, -v OFS=, 'NR == 1 { print $0, "fsm_eligible"; next } { print $0, "Y" }' "$WORK/export-$s/pupils.csv" \
        >"$WORK/pupils.new" && mv "$WORK/pupils.new" "$WORK/export-$s/pupils.csv"
    "$BIN/zone-agent" push --config "$WORK/$s.conf" >/dev/null 2>&1
done
# A name with every character HTML needs escaped.
"$BIN/zonectl" --config "$WORK/coord.conf" schools set 100001 --name 'Alpha & Co <Upper> "A"' --cluster North >/dev/null
"$BIN/zonectl" --config "$WORK/coord.conf" report --html "$WORK/report.html" --benchmarks "$BENCH"
check "report written" test -s "$WORK/report.html"
"$BIN/zonectl" --config "$WORK/coord.conf" report --html "$WORK/pair.html" --by gender,fsm
check "a pair's overlaps school by school" contains "$WORK/pair.html" '<th>Free school meals + Girls</th>'
sed -n '/<h2>Overlapping groups/,$p' "$WORK/pair.html" >"$WORK/pair-part.html"
check "  with their figures (FSM girls at A: +55 points below in maths)" \
    grep -q '^<tr><td class="l">100001 Alpha &amp; Co.*+55.0<span class="n">n=5</span>' "$WORK/pair-part.html"
check "report --by takes a pair" usage_error "takes two groups" "$BIN/zonectl" --config "$WORK/coord.conf" report --html "$WORK/x.html" --by fsm
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
    # Every <svg> chart must hold a shape drawing data (class "d": bars, lines).
    charts=$(tr '\n' ' ' <"$WORK/dom.html" | grep -o '<svg[^>]*class="chart".*\?</svg>' | sed 's|</svg>|</svg>\n|g' |
        grep -c '<svg' || true)
    empty=$(tr '\n' ' ' <"$WORK/dom.html" | sed 's|</svg>|</svg>\n|g' | grep '<svg' |
        grep -cvE 'class="d[ "]' || true)
    check "the report has its charts ($charts)" test "$charts" -ge 9
    check "no chart is empty ($empty empty)" test "$empty" = 0

    # What a reader sees: the page's text, tags and style sheet stripped.
    tr '\n' ' ' <"$WORK/dom.html" | sed -e 's|<style>[^<]*</style>||' -e 's/<[^>]*>/ /g' | tr -s ' ' >"$WORK/page.txt"
    check "no internal measure name (_pct, _per_100) anywhere on the page" bash -c "! grep -qE '_pct|_per_100' '$WORK/page.txt'"
    check "chart titles in words" contains "$WORK/page.txt" "Attendance: gap by group (percentage points)"
    rag=$(grep -oE '<td class="(red|amber|green)">' "$WORK/dom.html" | wc -l)
    lettered=$(grep -oE '<td class="red">[^<]*<b class="rag">R</b></td>|<td class="amber">[^<]*<b class="rag">A</b></td>|<td class="green">[^<]*<b class="rag">G</b></td>' "$WORK/dom.html" | wc -l)
    check "an R, A or G in every RAG cell ($lettered of $rag)" test "$rag" -gt 0 -a "$lettered" = "$rag"
    bars=$(grep -o 'class="d bar' "$WORK/dom.html" | wc -l)
    ns=$(grep -oE '<tspan class="n">n=[0-9]+</tspan>' "$WORK/dom.html" | wc -l)
    check "n beside every bar ($ns of $bars)" test "$bars" -gt 0 -a "$ns" = "$bars"
    # Every group of this zone has 5 or 6 pupils: each gap bar is grey.
    check "small groups' bars are grey" bash -c "grep -q 'class=\"d bar gap\"' '$WORK/dom.html' &&
        ! grep 'class=\"d bar gap\"' '$WORK/dom.html' | grep -v 'fill=\"#a6a6a6\"' | grep -q ."
    check "  and the chart says why" contains "$WORK/page.txt" "Grey: fewer than 20 pupils in the group"
    check "trend charts title their axes" equals "$(grep -o '>half-term end</text>' "$WORK/dom.html" | wc -l)" 4
    check "  with the gap's unit" equals "$(grep -o 'gap, percentage points' "$WORK/page.txt" | wc -l)" 4
    check "each trend is marked" contains "$WORK/page.txt" "zone: = stable"
    check "  on the chart too" test "$(grep -o 'class="mark"' "$WORK/dom.html" | wc -l)" -ge 4
    check "open alerts as rates per 100 pupils" contains "$WORK/page.txt" "20.0 + 0.0 per 100 n=10"
    check "school-level tables show suppression" contains "$WORK/dom.html" '<td class="sup">suppressed</td>'
    check "  beside the figures shown, with n" contains "$WORK/dom.html" '+55.0<span class="n">n=5</span>'
    check "  and the gap a year before" contains "$WORK/dom.html" \
        '-26.0<span class="n">n=5</span><br><span class="ly">a year before -20.0</span>'
    sed -n '/<h2>Free school meals take-up/,/<\/table>/p' "$WORK/dom.html" >"$WORK/take-up.html"
    check "free school meals take-up: entitled, not registered and the share, for A" \
        grep -qE '^<tr><td class="l">100001 Alpha &amp; Co.*</td><td>10</td><td>5</td><td>50.0</td></tr>' "$WORK/take-up.html"
    check "  for its cluster" grep -qE '^<tr class="cl"><td class="l">Cluster North</td><td>10</td><td>5</td><td>50.0</td></tr>' \
        "$WORK/take-up.html"
    check "  suppression visible for B" grep -qE '^<tr><td class="l">100002 Beta Primary</td><td>6</td><td class="sup">suppressed</td><td class="sup">suppressed</td></tr>' \
        "$WORK/take-up.html"
    check "  and the zone" grep -qE '^<tr><td class="l">Zone</td><td>16</td><td>11</td><td>68.8</td></tr>' "$WORK/take-up.html"
fi
# Pupils 1 and 2 (FSM) reach expected in maths after the last half-term end:
# the report celebrates A's narrowed gap beside the priorities.
check "nothing to celebrate yet" contains "$WORK/report.html" "No gap narrowed since the last half-term end"
printf '%s,maths,2026-02-20,expected\n' "$(upn 601)" "$(upn 602)" >>"$WORK/export-a/assessments.csv"
"$BIN/zone-agent" push --config "$WORK/a.conf" >/dev/null 2>&1
"$BIN/zonectl" --config "$WORK/coord.conf" report --html "$WORK/later.html"
check "a narrowed gap to celebrate" grep -q '^<tr><td class="l">100001 Alpha &amp; Co.*</td><td class="l">Disadvantaged (FSM ever 6 or in care)</td><td class="l">Below expected in maths</td><td>+55.0</td><td>+5.0</td><td>50.0</td></tr>' "$WORK/later.html"
check "zoned stops cleanly" stop_zone
finish
