#!/usr/bin/env bash
# Makes the PostgreSQL server the tests use (the store's and worker's tests run on Derby and on
# PostgreSQL): Debian's package, installed where missing, its cluster started, and a role that may
# create the test databases. Prints the JDBC URL the tests take, and nothing else, on stdout.
# As root on a fresh machine.
set -euo pipefail
user=${DLVM_TEST_PG_USER:-dlvm_test}
password=${DLVM_TEST_PG_PASSWORD:-dlvm_test}
# Only the URL goes to stdout (the caller captures it): what the tools say goes to stderr. Not through
# a saved descriptor: the server started here would inherit it and the caller would wait for ever.
make_server() {
    if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
        [ "$(id -u)" = 0 ] || { echo "PostgreSQL is missing: install it as root (apt-get install postgresql)" >&2; exit 1; }
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
        pg_createcluster "$version" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -qx online; then
        pg_ctlcluster "$version" main start
    fi
    port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SQL
}
make_server >&2
echo "jdbc:postgresql://localhost:$port/postgres"
