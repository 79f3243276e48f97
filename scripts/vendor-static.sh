#!/usr/bin/env bash
# Copies the browser files the pages need from the npm registry into service/static/vendor/.
# The copies are committed, so `make run` needs no network; run this only to change a version.
# Versions are pinned here and nowhere else (README "The clerk's pages").
set -euo pipefail

HTMX_VERSION=2.0.11         # 2.0.x: XMLHttpRequest-based, the line htmx keeps supporting (README)
BOOTSTRAP_VERSION=5.3.8     # CSS only: the pages use no Bootstrap JavaScript
SWAGGER_UI_VERSION=5.35.0   # swagger-ui-dist for an offline /docs

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/service/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "htmx.org@$HTMX_VERSION" "bootstrap@$BOOTSTRAP_VERSION" "swagger-ui-dist@$SWAGGER_UI_VERSION" >/dev/null
for tarball in *.tgz; do
    mkdir -p "${tarball%.tgz}" && tar -xzf "$tarball" -C "${tarball%.tgz}"
done

rm -rf "$vendor" && mkdir -p "$vendor/htmx" "$vendor/bootstrap" "$vendor/swagger-ui"
cp htmx.org-*/package/dist/htmx.min.js htmx.org-*/package/LICENSE "$vendor/htmx/"
cp bootstrap-*/package/dist/css/bootstrap.min.css bootstrap-*/package/LICENSE "$vendor/bootstrap/"
for file in swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js favicon-32x32.png LICENSE; do
    cp swagger-ui-dist-*/package/"$file" "$vendor/swagger-ui/"
done
# The bundle ends with a sourceMappingURL to a file we do not ship: drop it so no browser asks for it.
sed -i -e '/^\/\/# sourceMappingURL=/d' -e 's|/\*# sourceMappingURL=[^*]*\*/||' "$vendor"/*/*.js "$vendor"/*/*.css
# img-src 'self' refuses data: images: the icons of both stylesheets become files beside them.
python3 "$root/scripts/css-data-uris.py" "$vendor/swagger-ui/swagger-ui.css" "$vendor/bootstrap/bootstrap.min.css"
{
    echo "htmx.org $HTMX_VERSION"
    echo "bootstrap $BOOTSTRAP_VERSION"
    echo "swagger-ui-dist $SWAGGER_UI_VERSION"
} > "$vendor/VERSIONS"
echo "vendored into $vendor:" && cat "$vendor/VERSIONS"
