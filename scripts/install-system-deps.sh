#!/usr/bin/env bash
# Installs the shared libraries that Qt (window, sound, voice) and OpenCV need and a fresh
# Debian/Ubuntu machine may lack, and a font with Chinese glyphs when there is none (the window
# speaks Simplified Chinese: without one its text shows as empty boxes); as root it uses apt-get,
# otherwise it says what to install.
set -euo pipefail

# library file -> Debian package that ships it
declare -A PACKAGES=(
  [libGL.so.1]=libgl1
  [libEGL.so.1]=libegl1
  [libglib-2.0.so.0]=libglib2.0-0
  [libfontconfig.so.1]=libfontconfig1
  [libdbus-1.so.3]=libdbus-1-3
  [libxkbcommon.so.0]=libxkbcommon0
  [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libxcb-cursor.so.0]=libxcb-cursor0
  [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-image.so.0]=libxcb-image0
  [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-randr.so.0]=libxcb-randr0
  [libxcb-render-util.so.0]=libxcb-render-util0
  [libxcb-shape.so.0]=libxcb-shape0
  [libxcb-xinerama.so.0]=libxcb-xinerama0
  [libxcb-xkb.so.1]=libxcb-xkb1
  [libpulse.so.0]=libpulse0
)

[ "$(uname -s)" = Linux ] || exit 0
command -v ldconfig >/dev/null || exit 0
have=$(ldconfig -p)
missing=()
for lib in "${!PACKAGES[@]}"; do
  grep -q "/$lib\$" <<<"$have" || missing+=("${PACKAGES[$lib]}")
done
# fontconfig's list of fonts that cover Chinese (fc-list comes with fontconfig; none: no font)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh)" ]; then
  missing+=(fonts-noto-cjk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages for Qt, OpenCV and Chinese text: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Fitness Coach needs these system packages for Qt, OpenCV and Chinese text: ${missing[*]}" >&2
  echo "Install them, e.g.: sudo apt-get install ${missing[*]}" >&2
  # Without a Chinese font only Chinese text suffers (boxes): the app still installs and runs.
  [ "${missing[*]}" = fonts-noto-cjk ] || exit 1
fi
