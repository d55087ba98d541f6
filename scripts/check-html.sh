#!/usr/bin/env bash
# Checks the HTML documents as a reader gets them: renders the gap report, the Statement of Applicability and the
# remediation plan of every example as HTML, opens each in headless Chromium, takes a screenshot of the first
# screen, prints it to PDF on A4 and on US Letter, and checks that
#   - the page holds no script, fetches nothing (Chromium's network log has no http(s) request) and logs no
#     console error (a Content-Security-Policy violation would be one);
#   - each PDF has a sane number of pages and the document's section headings (pdftotext).
# Installs Chromium and poppler-utils from Debian's packages when they are missing (needs apt-get and root).
#
# Usage: scripts/check-html.sh [OUT_DIR]   (default target/check-html; AIMS=path/to/aims to use another binary)
# The screenshots of docs/images/ are taken from this script's output: IMAGES=docs/images scripts/check-html.sh
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/check-html}
as_of=2026-11-27
mkdir -p "$out"
out=$(cd "$out" && pwd)

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
    echo "check-html: installing chromium and poppler-utils from the Debian packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium poppler-utils fonts-dejavu-core fonts-liberation \
        fonts-noto-color-emoji >/dev/null
    browser=$(command -v chromium || command -v chromium-browser)
fi

if [ -z "${AIMS:-}" ]; then
    cargo build --quiet --locked
    AIMS=target/debug/aims
fi

# Headless Chromium with nothing of the user's: a fresh profile, no GPU, no sandbox (CI containers run as root).
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
    "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$profile" --disable-extensions --disable-background-networking \
        --disable-component-update --disable-sync --disable-default-apps --no-default-browser-check \
        --disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter --disable-domain-reliability \
        --disable-client-side-phishing-detection --no-pings --enable-logging=stderr --v=0 "$@"
}

# The network requests a page made, from Chromium's network log (one event a line): those with an initiator. The
# browser's own background requests (time, spelling dictionaries) have the initiator "not an origin".
page_requests() {
    grep '"initiator"' "$1" | grep -E '"url":"(https?|wss?|ftp):' | grep -v '"initiator":"not an origin"' |
        grep -oE '"url":"[^"]*"' || true
}

# The detector itself works: a page that loads an image and a style sheet from elsewhere is caught.
probe=$(mktemp -d)
printf '<html><body><img src="http://example.invalid/x.png"></body></html>' >"$probe/probe.html"
chrome --screenshot="$probe/probe.png" --log-net-log="$probe/netlog.json" "file://$probe/probe.html" >/dev/null 2>&1
if ! page_requests "$probe/netlog.json" | grep -q example.invalid; then
    echo "check-html: the network log does not show a page's requests; cannot check" >&2
    exit 1
fi
rm -rf "$probe"

failures=0
fail() {
    echo "check-html: FAIL: $*" >&2
    failures=$((failures + 1))
}

for example in examples/*/; do
    name=$(basename "$example")
    for doc in gap soa plan; do
        base="$out/$name-$doc"
        html="$base.html"
        "$AIMS" --quiet "$doc" "$example" --as-of "$as_of" --format html --output "$html" || [ $? -eq 1 ]
        "$AIMS" --quiet "$doc" "$example" --as-of "$as_of" --format markdown --output "$base.md" || [ $? -eq 1 ]

        # What the page itself holds: no script, nothing loaded from elsewhere.
        if grep -qi '<script' "$html"; then fail "$html has a <script> element"; fi
        if grep -Eqi '(src|href)="(https?:)?//[^"]*\.(js|css|png|jpg|svg|woff2?)"|@import|url\(' "$html"; then
            fail "$html refers to something it would fetch"
        fi
        grep -q 'http-equiv="Content-Security-Policy"' "$html" || fail "$html has no Content-Security-Policy"

        # The first screen, with the network log and the console.
        chrome --window-size=1100,1500 --screenshot="$base.png" --log-net-log="$base.netlog.json" \
            "file://$html" 2>"$base.chromium.log" >/dev/null
        if page_requests "$base.netlog.json" | grep -q .; then
            fail "$html made a network request: $(page_requests "$base.netlog.json" | head -1)"
        fi
        if grep -E 'CONSOLE|Refused to|Uncaught' "$base.chromium.log" >/dev/null; then
            fail "$html logged to the console: $(grep -E 'CONSOLE|Refused to|Uncaught' "$base.chromium.log" | head -1)"
        fi

        # Printed on US Letter (Chromium's default) and on A4 (a copy that asks for it).
        # (The SoA's named pages stay landscape, as a reader's print dialog keeps them.)
        sed 's|</head>|<style>@page { size: A4; } @page soa { size: A4 landscape; }</style></head>|' "$html" \
            >"$base.a4.html"
        for paper in letter a4; do
            source_html=$html
            [ "$paper" = a4 ] && source_html=$base.a4.html
            pdf="$base.$paper.pdf"
            chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$source_html" 2>>"$base.chromium.log" \
                >/dev/null
            pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
            size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
            # Sane: at least one page, and no more than one page per kilobyte of Markdown plus a margin (a page
            # that breaks badly, one table row a page, goes far beyond).
            limit=$(($(wc -c <"$base.md") / 1000 + 10))
            if [ -z "$pages" ] || [ "$pages" -lt 1 ] || [ "$pages" -gt "$limit" ]; then
                fail "$pdf has ${pages:-no} pages (expected 1 to $limit)"
            fi
            case "$paper:$size" in
                letter:*letter*|a4:*A4*) ;;
                *) fail "$pdf is not on $paper paper: $size" ;;
            esac
            # Every section heading of the Markdown document appears in the PDF's text.
            text=$(pdftotext -layout "$pdf" - | tr -s ' \n' '  ')
            while IFS= read -r heading; do
                plain=$(printf '%s' "$heading" | sed -E 's/^#+ //; s/[`*_]//g' | tr -s ' ')
                case "$text" in
                    *"$plain"*) ;;
                    *) fail "$pdf lacks the heading \"$plain\"" ;;
                esac
            done < <(grep -E '^#{1,2} [A-Za-z0-9 .:,()-]+$' "$base.md" | head -12)
            # No page ends with a section heading whose section starts on the next page.
            for page in $(seq 1 "$pages"); do
                last=$(pdftotext -layout -f "$page" -l "$page" "$pdf" - | grep -v 'Page [0-9]* of [0-9]*' |
                    sed -E 's/^ +//; s/ +$//' | grep . | tail -1 || true)
                [ -n "$last" ] || continue
                if grep -E '^#{2,4} ' "$base.md" | sed -E 's/^#+ //; s/[`*_]//g' | grep -qxF -- "$last"; then
                    fail "$pdf: page $page ends with the heading \"$last\""
                fi
            done
            echo "check-html: $name $doc $paper: $pages pages"
        done
    done
done

if [ -n "${IMAGES:-}" ]; then
    mkdir -p "$IMAGES"
    for doc in gap soa plan; do
        cp "$out/fintech-ai-provider-$doc.png" "$IMAGES/html-$doc.png"
    done
fi

if [ "$failures" -gt 0 ]; then
    echo "check-html: $failures problem(s); the files are in $out" >&2
    exit 1
fi
echo "check-html: every HTML document renders, prints and stays offline; the files are in $out"
