#!/usr/bin/env bash
# Copy front-end assets and the Chinese fonts from node_modules into the places the product serves and uses.
set -euo pipefail
cd "$(dirname "$0")/.."
V=src/pingxuan/web/static/vendor
F=${PINGXUAN_FONT_DIR:-var/fonts}
mkdir -p "$V/bootstrap" "$V/bootstrap-icons/fonts" "$V/htmx" "$V/alpinejs" "$V/echarts" "$V/axe-core" "$F"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$V/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$V/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$V/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff* "$V/bootstrap-icons/fonts/"
cp node_modules/htmx.org/dist/htmx.min.js "$V/htmx/"
cp node_modules/alpinejs/dist/cdn.min.js "$V/alpinejs/alpine.min.js"
cp node_modules/echarts/dist/echarts.min.js "$V/echarts/"
cp node_modules/axe-core/axe.min.js "$V/axe-core/"
cp node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf "$F/"
cp node_modules/@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf "$F/"
cp node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf "$F/"
cp node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf "$F/"
# A project-local fontconfig: the system fonts plus ours, with the usual Chinese font names mapped to them.
cat > "$F/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$(cd "$F" && pwd)</dir>
  <cachedir>$(cd "$F" && pwd)/cache</cachedir>
  <alias><family>宋体</family><prefer><family>Noto Serif SC</family></prefer></alias>
  <alias><family>SimSun</family><prefer><family>Noto Serif SC</family></prefer></alias>
  <alias><family>仿宋</family><prefer><family>Noto Serif SC</family></prefer></alias>
  <alias><family>FangSong</family><prefer><family>Noto Serif SC</family></prefer></alias>
  <alias><family>黑体</family><prefer><family>Noto Sans SC</family></prefer></alias>
  <alias><family>SimHei</family><prefer><family>Noto Sans SC</family></prefer></alias>
  <alias><family>Microsoft YaHei</family><prefer><family>Noto Sans SC</family></prefer></alias>
  <alias><family>sans-serif</family><prefer><family>Noto Sans SC</family></prefer></alias>
  <alias><family>serif</family><prefer><family>Noto Serif SC</family></prefer></alias>
</fontconfig>
CONF
