#!/bin/sh
# make-pr-sample.sh DIR — builds the repository a pull request check sees
# after `actions/checkout` with fetch-depth: 0: origin/main holds the clean
# demo documents, HEAD (branch docs/us-102) changes one story so that it has
# findings. With `action-check.sh --event-name pull_request --event
# testdata/action/pull_request.json --sample DIR`, the Action's since input
# defaults to origin/main and only the changed story is reported.
set -eu
dir=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$dir"
mkdir -p "$dir"
cp -R "$here/testdata/demo/." "$dir/"
cd "$dir"
g() { git -c user.name=sample -c user.email=sample@example.invalid -c commit.gpgsign=false "$@"; }
g init -q -b main
g add -A
g commit -q -m "demo documents"
g update-ref refs/remotes/origin/main HEAD
g checkout -q -b docs/us-102
printf '\nA note added on the branch: the amount may be edited.\n' >>backlog/stories/US-102-edit-prefill.md
g commit -q -am "US-102: note"
