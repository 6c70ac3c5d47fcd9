# shellcheck shell=bash
# Sourced by bin/hibiki and bin/test. Sets JAVA_HOME to a JDK of version 21 or newer: the one in JAVA_HOME if it
# qualifies, else the newest under /usr/lib/jvm. Explains what to install when there is none.

hibiki_java_version() { # prints the feature version of the JDK at $1 (e.g. 21), or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

hibiki_find_java() {
  local v best="" best_version=0 dir
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(hibiki_java_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  for dir in /usr/lib/jvm/*; do
    [ -d "$dir" ] && [ ! -L "$dir" ] || continue
    v=$(hibiki_java_version "$dir")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_version" ]; then best=$dir; best_version=$v; fi
  done
  if [ -z "$best" ]; then
    echo "hibiki: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm)." >&2
    echo "hibiki: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or 'apt-get install temurin-25-jdk', or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven's bundled Guava touches sun.misc.Unsafe; JDK 24+ warns about it on every run.
  if [ "$best_version" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
