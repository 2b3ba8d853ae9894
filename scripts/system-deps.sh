#!/usr/bin/env bash
# Debian packages gongkai needs: CJK fonts for PDF letters and reports, libmagic for upload type
# checks, poppler-utils to inspect generated PDFs in tests, libharfbuzz-subset0 so WeasyPrint
# subsets fonts fast (about 0.2 s a PDF instead of 10 s), postgresql-client for gongkai backup/restore
# (pg_dump, pg_restore), libgl1 and libglib2.0-0 for OpenCV (opencv-python, which rapidocr-onnxruntime
# uses to read scanned reports). Installs only what is missing.
set -euo pipefail
packages=(fonts-noto-cjk libharfbuzz-subset0 libmagic1 poppler-utils postgresql-client libgl1 libglib2.0-0)
# `system-deps.sh test`: also what the test suite needs: Debian's chromium for the browser tests,
# LibreOffice to prove that DOCX and XLSX exports open in an office suite
if [ "${1:-}" = "test" ]; then packages+=(chromium libreoffice-writer-nogui libreoffice-calc-nogui); fi
# `system-deps.sh bench`: also what `make bench` needs: wrk, the load generator of bench/portal.py
if [ "${1:-}" = "bench" ]; then packages+=(wrk); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "安装系统软件包：${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "需要 root 权限安装：${missing[*]}（请手动执行 apt-get install ${missing[*]}）" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
