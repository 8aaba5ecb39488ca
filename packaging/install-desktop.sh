#!/bin/sh
# Install eqviewer's desktop integration for the current user (or into DATA_DIR): the menu entry, the icon in
# every size, the MIME type of .eqreview sessions (so a double click opens them) and the AppStream metainfo.
#
# Usage: packaging/install-desktop.sh [EXECUTABLE] [DATA_DIR]
#   EXECUTABLE  the eqviewer command the menu entry runs (default: `command -v eqviewer`, e.g. a venv's
#               bin/eqviewer or dist/eqviewer/eqviewer of the PyInstaller build)
#   DATA_DIR    where to install (default: ${XDG_DATA_HOME:-$HOME/.local/share}; /usr/local/share system-wide)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
icons="$here/../resources/icons"
app_id=org.eqviewer.eqviewer
exe=${1:-$(command -v eqviewer || true)}
data=${2:-${XDG_DATA_HOME:-$HOME/.local/share}}

if [ -z "$exe" ] || [ ! -x "$exe" ]; then
    echo "install-desktop: eqviewer executable not found ('${exe}'); pass its path as the first argument" >&2
    exit 2
fi
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
case "$exe" in
    *[[:space:]\"\'\\\$\`]*) echo "install-desktop: '$exe' has spaces or quotes; install it elsewhere" >&2; exit 2 ;;
esac

mkdir -p "$data/applications" "$data/mime/packages" "$data/metainfo" "$data/icons/hicolor/scalable/apps"
sed -e "s|^Exec=eqviewer |Exec=$exe |" -e "s|^TryExec=eqviewer\$|TryExec=$exe|" \
    "$here/$app_id.desktop" > "$data/applications/$app_id.desktop"
cp "$here/$app_id.mime.xml" "$data/mime/packages/$app_id.xml"
cp "$here/$app_id.metainfo.xml" "$data/metainfo/$app_id.metainfo.xml"
cp "$icons/eqviewer.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
for png in "$icons"/eqviewer-*.png; do
    size=${png##*-}
    size=${size%.png}
    for kind in apps mimetypes; do
        mkdir -p "$data/icons/hicolor/${size}x${size}/$kind"
    done
    cp "$png" "$data/icons/hicolor/${size}x${size}/apps/$app_id.png"
    cp "$png" "$data/icons/hicolor/${size}x${size}/mimetypes/application-x-eqviewer-session.png"
done

if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
if command -v update-desktop-database >/dev/null; then update-desktop-database "$data/applications"; fi
echo "installed eqviewer desktop integration into $data (runs $exe)"
