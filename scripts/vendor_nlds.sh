#!/usr/bin/env bash
# Copy the NL Design System CSS the dashboard uses into the package (web/static/nlds/), so the
# running site needs no npm and serves it from 'self'. Run again to update: bump the versions
# here, run, look at the pages, commit the copied files with NOTICE.md.
#
# Components: @utrecht/component-library-css (EUPL-1.2): the NL Design System component classes.
# Tokens: @nl-design-system-unstable/voorbeeld-design-tokens (EUPL-1.2), the neutral example
# theme. Not @utrecht/design-tokens: its LICENSE.md says those are proprietary assets of the
# Gemeente Utrecht ("the open source license does NOT apply"), i.e. Utrecht's own house style.
# The dashboard's own colours are set over the tokens in site.css (.sociale-staat-theme).
set -euo pipefail

COMPONENTS_VERSION=9.0.4
TOKENS_VERSION=7.4.1
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/src/sociale_staat/web/static/nlds"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "@utrecht/component-library-css@$COMPONENTS_VERSION" >/dev/null
npm pack --silent "@nl-design-system-unstable/voorbeeld-design-tokens@$TOKENS_VERSION" >/dev/null
mkdir components tokens
tar xzf utrecht-component-library-css-"$COMPONENTS_VERSION".tgz -C components
tar xzf nl-design-system-unstable-voorbeeld-design-tokens-"$TOKENS_VERSION".tgz -C tokens
for pkg in components tokens; do
  licence="$(node -p "require('./$pkg/package/package.json').license")"
  [ "$licence" = "EUPL-1.2" ] || { echo "$pkg: licence $licence, not EUPL-1.2" >&2; exit 1; }
done

mkdir -p "$out"
rm -f "$out"/*.css "$out"/LICENSE-*.md
cp components/package/dist/index.css "$out/utrecht-components.css"
cp components/package/dist/html.css "$out/utrecht-html.css"
cp tokens/package/dist/theme.css "$out/voorbeeld-theme.css"
cp components/package/LICENSE.md "$out/LICENSE-EUPL-1.2.md"

cat >"$out/NOTICE.md" <<NOTICE
# NL Design System CSS in this folder

Copied by \`scripts/vendor_nlds.sh\` from the npm registry; served by the dashboard from
/static/nlds/ (no npm needed at run time). Both packages are licensed under the EUPL-1.2
(\`LICENSE-EUPL-1.2.md\`).

| file | package | version | licence |
|---|---|---|---|
| utrecht-components.css | @utrecht/component-library-css (dist/index.css) | $COMPONENTS_VERSION | EUPL-1.2, © Frameless B.V., Gemeente Utrecht |
| utrecht-html.css | @utrecht/component-library-css (dist/html.css: plain HTML elements inside \`.utrecht-html\`) | $COMPONENTS_VERSION | EUPL-1.2, © Frameless B.V., Gemeente Utrecht |
| voorbeeld-theme.css | @nl-design-system-unstable/voorbeeld-design-tokens (dist/theme.css) | $TOKENS_VERSION | EUPL-1.2, © NL Design System Community |

The dashboard's own colours and sizes are set over these tokens in \`../site.css\`.
NOTICE
echo "NL Design System CSS in $out"
