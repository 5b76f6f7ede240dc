#!/usr/bin/env bash
# Compares `cargo xtask api-diff`'s verdict with cargo-semver-checks' on scripted spec edits.
# For each edit: generate the crate from spec/ and from the edited copy, ask api-diff (default
# and --strict) for the bump, and run `cargo semver-checks` on the two generated crates.
# Prints a markdown table. Needs cargo-semver-checks on PATH (cargo install cargo-semver-checks
# --locked) and network access to crates.io the first time (the generated crates resolve their
# dependencies on their own). Usage: bash tests/semver/agreement.sh [work-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
export CARGO_TARGET_DIR="$work/target"
cargo build -q -p xtask
xtask="$root/target/debug/xtask"
[ -x "$xtask" ] || xtask="${CARGO_TARGET_DIR}/debug/xtask"

# name | what it does | perl substitution applied to the whole spec (-0777)
edits=(
  "add_operation|add an operation|s{  /api/v2/users/count:\n}{  /api/v2/users/ping:\n    get:\n      operationId: PingUsers\n      summary: Ping\n      responses:\n        '204': {description: ok}\n  /api/v2/users/count:\n}"
  "remove_operation|remove an operation (DeleteUser)|s{    delete:\n      operationId: DeleteUser\n}{    x-removed:\n      operationId: DeleteUser\n}"
  "add_optional_request_field|add an optional request field (UserCreate.nickname)|s{(    UserCreate:\n(?:.*\n)*?      properties:\n)}{\$1        nickname:\n          type: string\n}"
  "add_required_request_field|add a required request field (UserCreate.nickname)|s{(    UserCreate:\n(?:.*\n)*?)      required: \[name\]\n      properties:\n}{\$1      required: [name, nickname]\n      properties:\n        nickname:\n          type: string\n}"
  "add_response_field|add a response field (User.nickname, optional nullable)|s{(    User:\n(?:.*\n)*?      properties:\n)}{\$1        nickname:\n          type: string\n          nullable: true\n}"
  "add_enum_value|add an enum value (Role: owner)|s{enum: \[end-user, agent, admin\]}{enum: [end-user, agent, admin, owner]}"
  "remove_enum_value|remove an enum value (Role: admin)|s{enum: \[end-user, agent, admin\]}{enum: [end-user, agent]}"
  "change_field_type|change a field's type (UserCreate.notes: string to integer)|s{(    UserCreate:\n(?:.*\n)*?        notes:\n          description: [^\n]*\n          type: )string}{\$1integer}"
  "make_field_nullable|make a field nullable (UserCreate.notes)|s{(    UserCreate:\n(?:.*\n)*?        notes:\n          description: [^\n]*\n          type: string\n)}{\$1          nullable: true\n}"
  "rename_schema|rename a schema (TicketRestriction to AccessScope)|s{\bTicketRestriction\b}{AccessScope}g"
  "add_query_parameter|add an optional query parameter (SearchUsers sort)|s{(      operationId: SearchUsers\n(?:.*\n)*?      parameters:\n)}{\$1        - {name: sort, in: query, schema: {type: string}}\n}"
  "add_required_query_parameter|add a required query parameter (SearchUsers locale)|s{(      operationId: SearchUsers\n(?:.*\n)*?      parameters:\n)}{\$1        - {name: locale, in: query, required: true, schema: {type: string}}\n}"
)

verdict_of_bump() { case "$1" in *"bump 0.2.0"*) echo breaking ;; *"bump 0.1.1"*) echo compatible ;; *) echo none ;; esac; }

"$xtask" generate --spec spec/zendesk-users.yaml --out "$work/base" > /dev/null
echo "| edit | api-diff | api-diff --strict | cargo-semver-checks | agree (default / strict) |"
echo "|---|---|---|---|---|"
for entry in "${edits[@]}"; do
  IFS='|' read -r name what substitution <<< "$entry"
  spec="$work/$name.yaml"
  perl -0777 -pe "$substitution" spec/zendesk-users.yaml > "$spec"
  if cmp -s "$spec" spec/zendesk-users.yaml; then
    echo "| $what | edit did not apply | | | |"; continue
  fi
  if ! "$xtask" generate --spec "$spec" --out "$work/$name" > /dev/null 2> "$work/$name.err"; then
    echo "| $what | does not generate: $(head -c 120 "$work/$name.err" | tr '\n' ' ') | | | |"; continue
  fi
  default=$(verdict_of_bump "$("$xtask" api-diff --base spec/zendesk-users.yaml --spec "$spec" | head -1)")
  strict=$(verdict_of_bump "$("$xtask" api-diff --base spec/zendesk-users.yaml --spec "$spec" --strict | head -1)")
  if RUSTC_BOOTSTRAP=1 cargo semver-checks check-release --baseline-root "$work/base" --manifest-path "$work/$name/Cargo.toml" \
      > "$work/$name.semver" 2>&1; then
    checks=compatible
  elif grep -q "FAIL\|requires new" "$work/$name.semver"; then
    checks="breaking ($(grep -o '^ *--- failure [a-z_]*' "$work/$name.semver" | sed 's/.*failure //' | sort -u | tr '\n' ' ' | sed 's/ $//'))"
  else
    checks="error (see $work/$name.semver)"
  fi
  agree_default=$([ "${checks%% *}" = "$default" ] && echo yes || echo no)
  agree_strict=$([ "${checks%% *}" = "$strict" ] && echo yes || echo no)
  echo "| $what | $default | $strict | $checks | $agree_default / $agree_strict |"
done
