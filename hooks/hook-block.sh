# qmoi-hooks: added by "qmoi-hooks install", removed by "qmoi-hooks uninstall"
if [ -x "$(dirname -- "$0")/_/qmoi-hook" ]; then "$(dirname -- "$0")/_/qmoi-hook" @HOOK@ "$@" || exit $?; else echo "qmoi-hooks: hook runner missing; run: npx qmoi-hooks doctor --fix" >&2; fi
