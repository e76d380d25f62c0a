# The plugin's JVM under MAVEN_OPTS=-Xmx256m: the upgrade of 1,000 migrations (10-upgrade.sh's project) and the
# backup of the ~1 GB random-text database (profile default) through mvn. Met when the goal completes; the peak RSS
# of Maven's JVM (GNU time's %M) goes into a note.
source "$ROOT/bench/data.sh"
source "$ROOT/bench/workloads/10-upgrade.sh"

MEMORY_OPTS=-Xmx256m

# memory_run <name> <command...>: runs the command under MAVEN_OPTS=$MEMORY_OPTS and GNU time; keeps its peak RSS and
# whether it completed (a failure is a result here, not an error of the benchmark)
memory_run() {
  local name=$1; shift
  if MAVEN_OPTS=$MEMORY_OPTS /usr/bin/time -f %M -o "$WORK/rss.$name" "$@" >"$WORK/memory.out" 2>&1; then
    echo yes >>"$WORK/completed.$name"
  else
    echo no >>"$WORK/completed.$name"
    echo "# memory: $name failed under MAVEN_OPTS=$MEMORY_OPTS:" >&2
    tail -20 "$WORK/memory.out" >&2
  fi
  tail -1 "$WORK/rss.$name" >>"$WORK/rss-all.$name"
}

c_mvn_upgrade_1000() {
  memory_run upgrade $MVN -f "$WORK/memory-project/pom.xml" migrate:upgrade \
    -Dmigrate.url="jdbc:postgresql://127.0.0.1:$PORT/$DB" -Dmigrate.user=postgres
}
c_mvn_backup() { memory_run backup $MVN -f "$BP/pom.xml" migrate:backup -Dmigrate.env=text_default -Dmigrate.allowEmpty=true; }
prep_memory() {
  case $1 in
    c_mvn_upgrade_1000) fresh_db;;
    c_mvn_backup) rm -rf "$WORK/bk/text_default"; settle;;
  esac
}

# memory_row <contender> <name given to memory_run> <description>: completed in every run = met
memory_row() {
  local med min met=yes
  read -r med min <<<"$(stats "memory/$1")"
  if grep -q no "$WORK/completed.$2" 2>/dev/null; then met=no; fi
  echo "| $WORKLOAD_LABEL | $3 | $med | $min | - | completes with MAVEN_OPTS=$MEMORY_OPTS | $met |" >>"$WORK/table.md"
}

peak_mb() { sort -n "$WORK/rss-all.$1" | tail -1 | awk '{printf "%.0f", $1 / 1024}'; }

workload_memory() {
  ensure_db data_text
  backup_project
  make_project "$WORK/memory-project" 1000
  alternate memory prep_memory c_mvn_upgrade_1000 c_mvn_backup
  drop_dbs
  rm -rf "$WORK/bk/text_default"
  WORKLOAD_LABEL="memory, mvn with MAVEN_OPTS=$MEMORY_OPTS"
  memory_row mvn_upgrade_1000 upgrade "mvn migrate:upgrade, 1000 migrations"
  memory_row mvn_backup backup "mvn migrate:backup, random text $(mb "$(db_bytes data_text)") MB (profile default)"
  note "memory: peak RSS of Maven's JVM with MAVEN_OPTS=$MEMORY_OPTS (GNU time %M, highest of the runs):" \
    "upgrade of 1000 migrations $(peak_mb upgrade) MB, backup of the random-text database $(peak_mb backup) MB" \
    "(pg_dump runs in processes of its own; the JVM only waits for it and checksums the archive)"
}
