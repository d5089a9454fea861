#!/usr/bin/env bash
# Installs the system libraries brief needs, through apt-get, when they are missing:
# Pango and HarfBuzz for WeasyPrint, GNU gettext (msgfmt) for catalog checks,
# poppler-utils (pdftoppm) to look at pages, libgs-common for its CMYK ICC
# profile (the press edition's output intent); and for the tests, the tools
# that judge brief's output from outside: Ghostscript (a second renderer of
# the press pictures), a Java runtime (veraPDF, at ../shared/tools/verapdf),
# Debian's Chromium (driven by Playwright, never a downloaded browser) and
# npm (which installs axe-core). Run by `make` on first use.
set -euo pipefail
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0'          || need+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0'       || need+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0'    || need+=(libharfbuzz-subset0)
[ -f /usr/share/color/icc/ghostscript/default_cmyk.icc ] || need+=(libgs-common)
command -v msgfmt   >/dev/null 2>&1   || need+=(gettext)
command -v pdftoppm >/dev/null 2>&1   || need+=(poppler-utils)
command -v qpdf     >/dev/null 2>&1   || need+=(qpdf)
command -v gs       >/dev/null 2>&1   || need+=(ghostscript)
command -v java     >/dev/null 2>&1   || need+=(default-jre-headless)
command -v chromium >/dev/null 2>&1   || need+=(chromium)
command -v npm      >/dev/null 2>&1   || need+=(npm)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
[ ${#need[@]} -eq 0 ] && exit 0
echo "brief: installing system packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
