#!/usr/bin/env bash
# Runs every test (Maven Surefire) with a JDK >= 25 found the same way the r1j launcher finds it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/scripts/find-jdk.sh"
export JAVA_HOME="$(find_jdk)"
cd "$here"
exec mvn -B verify "$@"
