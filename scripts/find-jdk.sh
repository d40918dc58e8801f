# Sourced by ./r1j and ./test.sh: prints the home of the first JDK >= 25 found
# (JAVA_HOME, then /usr/lib/jvm and /opt, then the java on PATH). The default java on these machines is 17.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/* /opt/java/* /opt/jdk*)
  local on_path; on_path="$(command -v java 2>/dev/null || true)"
  [ -n "$on_path" ] && candidates+=("$(dirname "$(dirname "$(readlink -f "$on_path")")")")
  local home major
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major="$(java_major "$home/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then echo "$home"; return 0; fi
  done
  echo "r1j: needs a JDK >= 25 (set JAVA_HOME); none found in JAVA_HOME, /usr/lib/jvm, /opt or on PATH" >&2
  return 1
}
