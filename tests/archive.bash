# tests/archive.bash: the archive a test runs on — crm.db in $CRM_HOME, or,
# with CRM_TEST_DB set to a PostgreSQL URL (tests/check's server run), a
# schema of the test's own in that database.  One suite for both backends:
# a test that is about SQLite's file itself has the tag sqlite, and the
# server run leaves it out (bats --filter-tags '!sqlite').
#
# archive_setup (after CRM_HOME is set): CRM_DB, and DB, the name messages
# give the archive; sql QUERY asks it directly (rows as a|b, NULL empty).
archive_setup() {
	if [ -n "${CRM_TEST_DB:-}" ]; then
		ARCHIVE_SCHEMA=t${BATS_ROOT_PID:-$$}_${BATS_SUITE_TEST_NUMBER}
		psql -qX -v ON_ERROR_STOP=1 "$CRM_TEST_DB" -c "SET client_min_messages = warning" \
			-c "DROP SCHEMA IF EXISTS $ARCHIVE_SCHEMA CASCADE" \
			-c "CREATE SCHEMA $ARCHIVE_SCHEMA" >/dev/null || return 1
		export CRM_DB="$CRM_TEST_DB&options=-csearch_path%3D$ARCHIVE_SCHEMA"
		DB=$CRM_DB
	else
		unset CRM_DB
		DB=$CRM_HOME/crm.db
	fi
}

sql() {
	if [ -n "${CRM_TEST_DB:-}" ]; then
		psql -qAtX -v ON_ERROR_STOP=1 "$CRM_DB" -c "$1"
	else
		sqlite3 "$DB" "$1"
	fi
}
