#!/usr/bin/env bash
# Installs the Debian packages Qt needs on a bare machine (offscreen and xcb platforms,
# a CJK font, Xvfb and screenshot tools for the GUI tests). Safe to run again.
# Called by the Makefile when a library is missing; must run as root.
set -euo pipefail

PKGS=(
  # `python3 -m venv` on Debian's own Python needs ensurepip from this package
  python3-venv
  # offscreen platform plugin (PLATFORM.md, measured on debootstrap minbase)
  libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3
  # Chinese text in the window and in PDF exports
  fonts-wqy-microhei
  # a real window under a virtual screen, and screenshots of it
  xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0
  x11-apps netpbm
)
# Nice to have: desktop-file-validate and appstreamcli for the desktop entry tests; objdump
# and strip, which PyInstaller needs for the standalone bundle (tests/packaging, make
# dist-bundle); and the shared libpython it puts in the bundle (Debian's python3 is
# static); pdftoppm, pdftotext, pdffonts and rsvg-convert, which read exported PDFs and SVGs
# outside Qt. Their tests skip cleanly without them, so a release that lacks one
# (libpython3.11 is bookworm's) does not stop the set-up. graphviz is the peer of the
# export benchmark (dot -Tsvg) and texlive-latex-base with texlive-pictures (TikZ)
# compiles the exported TikZ in a test.
# gcc and python3-dev (the C compiler and Python.h) let `make build-ext` compile the
# engine with mypyc (issue 20: ~3-4x faster); without them the engine runs as pure Python.
OPTIONAL=(desktop-file-utils appstream binutils libpython3.11 poppler-utils librsvg2-bin
  graphviz texlive-latex-base texlive-pictures gcc python3-dev)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: needs root to install: ${PKGS[*]}" >&2
  echo "install-system-deps: run 'sudo packaging/install-system-deps.sh' once, then 'make' again." >&2
  exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
extra=()
for p in "${OPTIONAL[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || extra+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ ${#extra[@]} -eq 0 ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-system-deps: installing ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for p in "${extra[@]}"; do
  apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 \
    || echo "install-system-deps: optional package $p is not available; its checks will skip"
done
