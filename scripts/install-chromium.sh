#!/usr/bin/env bash
# Installs Debian's Chromium for the portal's browser tests (services/portal, playwright-core),
# with its translations (Dutch date fields in the screenshots), only when missing.
# Non-interactive; needs root (CI and the developers' machines are root) or sudo.
set -euo pipefail
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"

if [ -x "$CHROMIUM_BIN" ] && [ -f /usr/lib/chromium/locales/nl.pak ]; then
  echo "[inkijk] chromium present: $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" chromium chromium chromium-l10n fonts-dejavu-core
[ -x "$CHROMIUM_BIN" ] || { echo "[inkijk] chromium was installed but $CHROMIUM_BIN is not there" >&2; exit 1; }
echo "[inkijk] chromium installed: $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"
