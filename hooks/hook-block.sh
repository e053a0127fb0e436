# qmoi-hooks: added by "qmoi-hooks install", removed by "qmoi-hooks uninstall"
case $0 in */*) qmoi_hook=${0%/*}/_/qmoi-hook ;; *) qmoi_hook=_/qmoi-hook ;; esac; if [ -x "$qmoi_hook" ]; then "$qmoi_hook" @HOOK@ "$@" || exit $?; else echo "qmoi-hooks: hook runner missing; run: npx qmoi-hooks doctor --fix" >&2; fi
