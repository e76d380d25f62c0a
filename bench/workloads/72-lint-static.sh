# Static lint of 1,000 migrations (issue 16's target: under 2 s): `migrate lint` (CLI) reads every migration once,
# splits and tokenizes it, and runs every static rule over it, the rules that look back at earlier migrations (the
# column types for table-rewrite, the validated checks for set-not-null) included. No database: the trace is off.
# The migrations are typical ones: tables created, nullable columns added under a lock timeout, indexes built
# CONCURRENTLY alone, foreign keys NOT VALID then validated, NOT NULL through a validated check, widened types,
# batched updates, each with its undo script.

# lint_migrations <dir> <n>: n migrations and their undo scripts, in cycles of ten kinds (deterministic)
lint_migrations() {
  local dir=$1 n=$2
  mkdir -p "$dir"
  awk -v dir="$dir" -v n="$n" 'BEGIN {
    for (v = 1; v <= n; v++) {
      t = "t_" int((v - 1) / 10); k = (v - 1) % 10
      if (k == 0) { slug = "create_" t
        sql = "CREATE TABLE " t " (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name varchar(50) NOT NULL,\n" \
              "  status text NOT NULL DEFAULT '\''new'\'',\n  owner_id bigint,\n  total numeric(10, 2),\n" \
              "  created_at timestamptz NOT NULL DEFAULT now()\n);\nCOMMENT ON TABLE " t " IS '\''table " v "'\'';"
        undo = "DROP TABLE " t ";" }
      else if (k == 1) { slug = "add_note_to_" t
        sql = "SET LOCAL lock_timeout = '\''5s'\'';\nALTER TABLE " t " ADD COLUMN note text;\nALTER TABLE " t " ADD COLUMN seen_at timestamptz DEFAULT now();"
        undo = "ALTER TABLE " t " DROP COLUMN seen_at;\nALTER TABLE " t " DROP COLUMN note;" }
      else if (k == 2) { slug = "index_" t "_owner"
        sql = "CREATE INDEX CONCURRENTLY IF NOT EXISTS " t "_owner_idx ON " t " (owner_id);"
        undo = "DROP INDEX CONCURRENTLY IF EXISTS " t "_owner_idx;" }
      else if (k == 3) { slug = "add_" t "_owner_fk"
        sql = "SET LOCAL lock_timeout = '\''5s'\'';\nALTER TABLE " t " ADD CONSTRAINT " t "_owner_fk FOREIGN KEY (owner_id) REFERENCES " t " (id) NOT VALID;\n" \
              "ALTER TABLE " t " ADD CONSTRAINT " t "_note_check CHECK (note IS NOT NULL) NOT VALID;"
        undo = "ALTER TABLE " t " DROP CONSTRAINT " t "_note_check;\nALTER TABLE " t " DROP CONSTRAINT " t "_owner_fk;" }
      else if (k == 4) { slug = "validate_" t "_constraints"
        sql = "ALTER TABLE " t " VALIDATE CONSTRAINT " t "_owner_fk;\nALTER TABLE " t " VALIDATE CONSTRAINT " t "_note_check;"
        undo = "SELECT 1;" }
      else if (k == 5) { slug = "require_" t "_note"
        sql = "SET LOCAL lock_timeout = '\''5s'\'';\nALTER TABLE " t " ALTER COLUMN note SET NOT NULL;\nALTER TABLE " t " DROP CONSTRAINT " t "_note_check;"
        undo = "ALTER TABLE " t " ALTER COLUMN note DROP NOT NULL;" }
      else if (k == 6) { slug = "widen_" t "_name"
        sql = "SET LOCAL lock_timeout = '\''5s'\'';\nALTER TABLE " t " ALTER COLUMN name TYPE varchar(100), ALTER COLUMN total TYPE numeric(12, 2);"
        undo = "ALTER TABLE " t " ALTER COLUMN name TYPE varchar(50), ALTER COLUMN total TYPE numeric(10, 2);" }
      else if (k == 7) { slug = "backfill_" t "_status"
        sql = "UPDATE " t " SET status = '\''active'\''\n WHERE id IN (SELECT id FROM " t " WHERE status = '\''new'\'' LIMIT 10000);"
        undo = "SELECT 1;" }
      else if (k == 8) { slug = "create_" t "_view"
        sql = "CREATE OR REPLACE VIEW " t "_active AS\n  SELECT id, name, note FROM " t " WHERE status = '\''active'\'';"
        undo = "DROP VIEW " t "_active;" }
      else { slug = "create_" t "_audit"
        sql = "CREATE TABLE " t "_audit (id bigint PRIMARY KEY, row_id bigint NOT NULL REFERENCES " t " (id), at timestamptz NOT NULL);\n" \
              "CREATE INDEX " t "_audit_row_idx ON " t "_audit (row_id);"
        undo = "DROP TABLE " t "_audit;" }
      printf "-- migration %d\n%s\n", v, sql > (dir "/V" v "__" slug ".sql")
      printf "%s\n", undo > (dir "/U" v "__" slug ".sql")
      close(dir "/V" v "__" slug ".sql"); close(dir "/U" v "__" slug ".sql")
    }
  }'
}

workload_lint-static() {
  local P=$WORK/lint-project N=$BENCH_N
  rm -rf "$P"
  mkdir -p "$P"
  lint_migrations "$P/migrations" "$N"
  c_lint() { java -jar "$CLI" lint --locations "filesystem:$P/migrations" --lint.failOn never --project-dir "$P"; }
  # untimed: the migrations lint clean, so the run measures the rules, not the reporting of findings
  c_lint >"$WORK/prepare.txt" 2>&1 || { tail -40 "$WORK/prepare.txt" >&2; exit 1; }
  # one large migration too (a baseline, or what autogenerate writes from an empty project): the statements of the
  # same migrations in one file, so a rule that looks at the whole migration once per statement shows here
  mkdir -p "$P/large"
  for f in $(ls "$P/migrations"/V*.sql | sort -V); do grep -v -i concurrently "$f"; done >"$P/large/V1__create_all.sql"
  echo "select 1;" >"$P/large/U1__create_all.sql"
  c_large() { java -jar "$CLI" lint --locations "filesystem:$P/large" --lint.failOn never --project-dir "$P"; }
  c_large >"$WORK/prepare-large.txt" 2>&1 || { tail -40 "$WORK/prepare-large.txt" >&2; exit 1; }
  alternate lint_static - c_lint c_large
  WORKLOAD_LABEL="static lint, $N migrations"
  row lint_static lint "migrate lint (CLI): every static rule over $N migrations and their undo scripts" - time "< 2"
  row lint_static large "migrate lint (CLI): the same statements in one migration of $(wc -l <"$P/large/V1__create_all.sql") lines" - time "-"
  note "lint_static: $(grep -c . "$WORK/prepare.txt") lines of lint output on the $N typical migrations"
  rm -rf "$P"
}
