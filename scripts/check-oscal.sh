#!/usr/bin/env bash
# Checks aims's OSCAL export with a real consumer: compliance-trestle 5.2.0 (IBM), which is built on OSCAL 1.2.1.
#
#   scripts/check-oscal.sh                  # build aims, install trestle if needed, validate every document
#   AIMS_OSCAL_VENV=DIR scripts/check-oscal.sh   # keep trestle's virtual environment in DIR
#
# It writes the catalog and, for each example workspace and the hostile one of tests/oscal/ (every text field holds
# line breaks, Markdown, HTML and control characters), the assessment results and the POA&M into a fresh trestle
# workspace (`trestle init`), where trestle expects each model:
#   catalogs/aims-iso42001/catalog.json
#   assessment-results/EXAMPLE/assessment-results.json
#   plan-of-action-and-milestones/EXAMPLE/plan-of-action-and-milestones.json
# and runs `trestle validate -f` on every file: trestle loads it into its typed OSCAL models and runs its validators
# (duplicate UUIDs, links to back-matter resources). A warning about links or resources fails the check as well, and
# so does a related observation or related risk that names no observation or risk of the document (the fintech
# example's risk register). Each document is also exported a second time and must be byte-identical to the first.
#
# Needs python3 with venv (Debian/Ubuntu: apt-get install python3-venv) and network access to PyPI on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

venv=${AIMS_OSCAL_VENV:-$root/target/oscal-venv}
trestle_version=5.2.0
if ! "$venv/bin/trestle" version 2>/dev/null | grep -q "$trestle_version"; then
    if ! python3 -m venv "$venv" 2>/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get install -y -qq python3-venv >/dev/null
            python3 -m venv "$venv"
        else
            echo "check-oscal: python3 cannot make a virtual environment; install python3-venv" >&2
            exit 1
        fi
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check "compliance-trestle==$trestle_version"
fi

cargo build --quiet --locked
aims="$root/target/debug/aims"
as_of=2026-11-27

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/ws" "$work/again"
cd "$work/ws"
"$venv/bin/trestle" init >/dev/null

documents=()
export_twice() { # FILE ARGS...: exports into FILE and again beside it, and insists on the same bytes
    local file=$1
    shift
    mkdir -p "$(dirname "$file")"
    "$aims" oscal "$@" --output "$file"
    local again
    again="$work/again/$(echo "$file" | tr / _)"
    "$aims" oscal "$@" --output "$again"
    if ! cmp -s "$file" "$again"; then
        echo "check-oscal: a second export of $file differs from the first" >&2
        exit 1
    fi
    documents+=("$file")
}

export_twice catalogs/aims-iso42001/catalog.json catalog
for example in "$root"/examples/*/ "$root"/tests/oscal/hostile-workspace/; do
    name=$(basename "$example")
    export_twice "assessment-results/$name/assessment-results.json" assessment-results "$example" --as-of "$as_of"
    export_twice "plan-of-action-and-milestones/$name/plan-of-action-and-milestones.json" poam "$example" \
        --as-of "$as_of"
done
# A gate that fails, recorded in the result's properties and remarks.
export_twice assessment-results/gate-failed/assessment-results.json assessment-results \
    "$root/examples/saas-ai-customer" --as-of "$as_of" --fail-under 90 --fail-on non_compliant

# trestle's link check finds `#UUID` references with a pattern of version 4 UUIDs only, so it reports every
# back-matter resource of aims (version 5 UUIDs, as OSCAL allows) as "not referenced". That one warning is expected;
# links_resolve below checks the same thing for any UUID version.
expected='Resources have ([0-9]+) uuids and \1 are not referenced by model'
links_resolve() { # FILE: every `#UUID` href names a back-matter resource, and every resource is linked; every
    # related observation and related risk names an observation or a risk of the document
    "$venv/bin/python" - "$1" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
resources, hrefs = set(), set()
defined = {"observations": set(), "risks": set()}
referenced = {"observations": set(), "risks": set()}
def walk(node, key=None):
    if isinstance(node, dict):
        if key == "back-matter":
            resources.update(r["uuid"] for r in node.get("resources", []))
        if key in defined:
            defined[key].add(node["uuid"])
        if key == "related-observations":
            referenced["observations"].add(node["observation-uuid"])
        if key == "related-risks":
            referenced["risks"].add(node["risk-uuid"])
        for k, v in node.items():
            walk(v, k)
    elif isinstance(node, list):
        for v in node:
            walk(v, key)
    elif key == "href" and isinstance(node, str) and node.startswith("#"):
        hrefs.add(node[1:])
walk(doc)
dangling, unused = hrefs - resources, resources - hrefs
if dangling or unused:
    sys.exit(f"{len(dangling)} links name no resource, {len(unused)} resources are not linked")
for kind in defined:
    unknown = referenced[kind] - defined[kind]
    if unknown:
        sys.exit(f"{len(unknown)} related {kind} name none of the document's {kind}")
PY
}

failed=0
for file in "${documents[@]}"; do
    if ! output=$("$venv/bin/trestle" validate -f "$file" 2>&1); then
        echo "check-oscal: trestle refuses $file:" >&2
        echo "$output" >&2
        failed=1
    elif ! links_resolve "$file"; then
        echo "check-oscal: $file has links that do not resolve to its back matter" >&2
        failed=1
    elif grep -vE "$expected" <<<"$output" | grep -qiE "warning|not in resources|not referenced|duplicate"; then
        echo "check-oscal: trestle warns about $file:" >&2
        echo "$output" >&2
        failed=1
    else
        echo "trestle $trestle_version: $file is valid"
    fi
done
exit $failed
