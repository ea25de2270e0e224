#!/bin/sh
# Put VMA Studio in the application menu and make double-clicking a .vmas file open it.
#
#   install-desktop.sh [--exec PROGRAM] [--prefix DATADIR] [--uninstall]
#
# Copies the desktop entry, the icons, the AppStream metainfo and the MIME type for
# .vmas (application/x-vmastudio-scenario) into DATADIR (default: the user's
# ${XDG_DATA_HOME:-~/.local/share}; use /usr/local/share as root for everybody), with the
# entry's Exec= pointing at PROGRAM, then refreshes the desktop, MIME and icon caches
# when those tools are installed. PROGRAM defaults to the `vmastudio` next to this script
# (the standalone bundle), else the one on PATH (a pip or pipx install).
# Works from the standalone folder (dist/vmastudio/) and from a source checkout.
set -eu

APP_ID=org.vmastudio.VMAStudio
here=$(cd "$(dirname "$0")" && pwd)
prefix=${XDG_DATA_HOME:-$HOME/.local/share}
program=
uninstall=0

while [ $# -gt 0 ]; do
  case $1 in
    --exec) program=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-desktop: unknown argument: $1" >&2; exit 2 ;;
  esac
done

# Where the files are: share/ in the bundle, resources/ in a source checkout.
if [ -d "$here/share/applications" ]; then
  desktop_src=$here/share/applications/$APP_ID.desktop
  metainfo_src=$here/share/metainfo/$APP_ID.metainfo.xml
  mime_src=$here/share/mime/packages/vmastudio-mime.xml
  icons_src=$here/share/icons/hicolor
  svg_src=$here/share/icons/hicolor/scalable/apps/vmastudio.svg
elif [ -d "$here/../resources/desktop" ]; then
  res=$(cd "$here/../resources" && pwd)
  desktop_src=$res/desktop/$APP_ID.desktop
  metainfo_src=$res/desktop/$APP_ID.metainfo.xml
  mime_src=$res/desktop/vmastudio-mime.xml
  icons_src=$res/icons/hicolor
  svg_src=$res/icons/vmastudio.svg
else
  echo "install-desktop: cannot find the desktop files next to $0" >&2
  exit 1
fi

refresh() {
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$prefix/mime" >/dev/null 2>&1 || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$prefix/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$prefix/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$prefix/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

if [ $uninstall -eq 1 ]; then
  rm -f "$prefix/applications/$APP_ID.desktop" "$prefix/metainfo/$APP_ID.metainfo.xml" \
        "$prefix/mime/packages/vmastudio-mime.xml" \
        "$prefix/icons/hicolor/scalable/apps/vmastudio.svg"
  for png in "$icons_src"/*/apps/vmastudio.png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    rm -f "$prefix/icons/hicolor/$size/apps/vmastudio.png"
  done
  refresh
  echo "install-desktop: removed VMA Studio's menu entry and file type from $prefix"
  exit 0
fi

if [ -z "$program" ]; then
  if [ -x "$here/vmastudio" ]; then
    program=$here/vmastudio
  elif command -v vmastudio >/dev/null 2>&1; then
    program=$(command -v vmastudio)
  else
    echo "install-desktop: no vmastudio program found; pass --exec /path/to/vmastudio" >&2
    exit 1
  fi
fi
case $program in
  /*) ;;
  *) program=$(cd "$(dirname "$program")" && pwd)/$(basename "$program") ;;
esac

mkdir -p "$prefix/applications" "$prefix/metainfo" "$prefix/mime/packages" \
         "$prefix/icons/hicolor/scalable/apps"
# Exec= with the program's absolute path, quoted as the desktop entry spec says.
quoted=$(printf '%s' "$program" | sed 's/[\\"`$]/\\\\&/g')
sed -e "s|^Exec=vmastudio |Exec=\"$quoted\" |" -e "s|^TryExec=vmastudio\$|TryExec=$program|" \
    "$desktop_src" > "$prefix/applications/$APP_ID.desktop"
cp "$metainfo_src" "$prefix/metainfo/"
cp "$mime_src" "$prefix/mime/packages/"
cp "$svg_src" "$prefix/icons/hicolor/scalable/apps/vmastudio.svg"
for png in "$icons_src"/*/apps/vmastudio.png; do
  size=$(basename "$(dirname "$(dirname "$png")")")
  mkdir -p "$prefix/icons/hicolor/$size/apps"
  cp "$png" "$prefix/icons/hicolor/$size/apps/vmastudio.png"
done
refresh
echo "install-desktop: VMA Studio ($program) added to the menu and .vmas files in $prefix"
