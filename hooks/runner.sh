#!/bin/sh
# qmoi-hooks hook runner, written by "qmoi-hooks install" for this machine (git-ignored: "npm install" or
# "qmoi-hooks doctor --fix" writes it again). It calls the installed CLI with the node that ran install:
# no npx, and it works from GUI clients and nvm/fnm/volta shells whose PATH lacks node.
[ "${QMOI_HOOKS-}" = "0" ] && exit 0
hook=$1
shift
node=@NODE@
cli=@CLI@
pkg=@PKG@
chain=@CHAIN@
recorded=$node
if [ ! -x "$node" ]; then node=$(command -v node 2>/dev/null) || node=; fi
if [ -z "$node" ]; then
  echo "qmoi-hooks: skipped the $hook hook: node is not at $recorded and not on PATH." >&2
  echo "qmoi-hooks: fix: run \"npx qmoi-hooks install\" from a shell where node works (it records that node)." >&2
  exit 0
fi
# A hook file without our lines (or a missing husky stub) makes git skip that hook silently: say so once per
# commit (post-commit speaks only for a missing pre-commit) and per push. Shell built-ins only: no extra processes.
here=${0%/*}
lost=
for h in pre-commit post-commit pre-push; do
  found=
  if [ -x "$here/$h" ] && [ -f "$here/../$h" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in *'# qmoi-hooks: added by'*) found=1; break ;; esac
    done <"$here/../$h"
  fi
  [ -n "$found" ] || lost="$lost $h"
done
if [ -n "$lost" ] && { [ "$hook" != post-commit ] || case "$lost" in *pre-commit*) true ;; *) false ;; esac; }; then
  echo "qmoi-hooks: the${lost} hook(s) will not run qmoi-hooks (hook file or husky stub missing); going ahead. Fix: npx qmoi-hooks doctor --fix" >&2
fi
if [ ! -f "$cli" ]; then
  echo "qmoi-hooks: skipped the $hook hook: $cli is missing; run \"npm install\", then \"npx qmoi-hooks doctor --fix\"." >&2
  exit 0
fi
input=
if [ "$hook" = pre-push ] && [ -n "$chain" ] && [ -x "$chain/$hook" ]; then
  # Both our check and the chained hook read the refs being pushed from stdin.
  input=$(mktemp) || exit 1
  cat >"$input"
fi
case $hook in
  post-commit)
    # Read with shell built-ins (no grep process): the commit waits for this script.
    mode=
    if [ -r "$pkg/config/qmoi.json" ]; then
      while IFS= read -r line || [ -n "$line" ]; do
        case $line in *'"mode": "foreground"'* | *'"mode":"foreground"'* | *'"mode" : "foreground"'*) mode=foreground; break ;; esac
      done <"$pkg/config/qmoi.json"
    fi
    if [ "$mode" = foreground ]; then
      "$node" "$cli" run post-commit --package "$pkg" "$@"
    else
      # Detached and at low priority: the commit returns at once and the user's next command keeps the CPU;
      # the push reports to the logs and notifications.
      nice=
      command -v nice >/dev/null 2>&1 && nice="nice -n 10"
      ($nice "$node" "$cli" run post-commit --package "$pkg" --background "$@" </dev/null >/dev/null 2>&1 &)
    fi
    ;;
  *)
    if [ -n "$input" ]; then
      "$node" "$cli" run "$hook" --package "$pkg" -- "$@" <"$input"
    else
      "$node" "$cli" run "$hook" --package "$pkg" -- "$@"
    fi
    code=$?
    # Exit 1 means the user's files are broken: block. Anything else is qmoi-hooks' own failure: go ahead.
    if [ $code -eq 1 ]; then
      [ -n "$input" ] && rm -f "$input"
      exit 1
    fi
    if [ $code -ne 0 ]; then
      echo "qmoi-hooks: the $hook hook failed on its own (exit $code), not because of your files; going ahead. Fix: npx qmoi-hooks doctor --fix" >&2
    fi
    ;;
esac
if [ -n "$chain" ] && [ -x "$chain/$hook" ]; then
  if [ -n "$input" ]; then
    "$chain/$hook" "$@" <"$input"
    code=$?
    rm -f "$input"
    exit $code
  fi
  exec "$chain/$hook" "$@"
fi
exit 0
