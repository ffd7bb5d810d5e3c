#!/usr/bin/env bash
# Installs what a fresh machine needs for the uniffi binding's tests; idempotent (skips what is
# present). Python: pytest. Kotlin: kotlinc from the npm package kotlin-compiler (Debian's
# kotlin 1.3 is too old for uniffi's generated code), a JDK and JNA from Debian; zip and LLVM's
# binary tools for the mobile packages.
set -euo pipefail
cd "$(dirname "$0")"
KOTLIN_VERSION=2.4.20
PYTEST_VERSION=9.2.0

need_apt=()
command -v javac >/dev/null 2>&1 || need_apt+=(default-jdk-headless)
[ -f /usr/share/java/jna.jar ] || need_apt+=(libjna-java)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# The mobile packages (scripts/mobile-*): zip for the AAR, LLVM's strip/nm/lipo/readelf.
command -v zip >/dev/null 2>&1 || need_apt+=(zip)
command -v llvm-nm >/dev/null 2>&1 || need_apt+=(llvm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c 'import pytest' >/dev/null 2>&1; then
  echo "pip install pytest==$PYTEST_VERSION"
  python3 -m pip install -q "pytest==$PYTEST_VERSION"
fi

KOTLINC=tests/kotlin/node_modules/kotlin-compiler/bin/kotlinc
if [ ! -x "$KOTLINC" ] || ! grep -q "\"version\": \"$KOTLIN_VERSION\"" tests/kotlin/node_modules/kotlin-compiler/package.json; then
  echo "npm install kotlin-compiler@$KOTLIN_VERSION"
  npm install --prefix tests/kotlin --no-save --no-audit --no-fund "kotlin-compiler@$KOTLIN_VERSION" >/dev/null
fi
echo "uniffi binding tools: java $(java -version 2>&1 | head -1), jna, pytest, kotlinc $KOTLIN_VERSION"
