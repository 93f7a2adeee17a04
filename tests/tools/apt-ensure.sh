#!/usr/bin/env bash
# apt-ensure.sh CHECK=PACKAGE ... — install each Debian PACKAGE whose CHECK fails.
# CHECK is a command name, an absolute path, lib:SONAME (a shared library) or
# py:MODULE (a module of the system python3).
# As root it installs with apt-get; otherwise it says what to install and fails.
set -euo pipefail
missing=()
for pair in "$@"; do
  check=${pair%%=*}; pkg=${pair#*=}
  case "$check" in
    /*)    [[ -e "$check" ]] ;;
    lib:*) ldconfig -p 2>/dev/null | grep -q "${check#lib:}" ;;
    py:*)  python3 -c "import ${check#py:}" 2>/dev/null ;;
    *)     command -v "$check" >/dev/null 2>&1 ;;
  esac || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another install running (unattended-upgrades, a parallel job) holds the dpkg lock:
  # wait for it, up to ten minutes, rather than fail at once.
  lock=(-o DPkg::Lock::Timeout=600)
  # apt-get update also takes /var/lib/apt/lists/lock, which that option does not wait
  # for on every apt version: try again while it is held, within the same ten minutes.
  deadline=$((SECONDS + 600))
  until out=$(apt-get "${lock[@]}" update -qq 2>&1); do
    if grep -qE "Could not get lock|Unable to lock" <<<"$out" && ((SECONDS < deadline)); then
      echo "Waiting for another apt-get to finish…"
      sleep 5
    else
      printf '%s\n' "$out" >&2
      exit 1
    fi
  done
  if [[ -n "$out" ]]; then printf '%s\n' "$out"; fi
  apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]} — install them (sudo apt-get install ${missing[*]}) or run as root." >&2
  exit 1
fi
