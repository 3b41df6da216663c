#!/usr/bin/env python3
"""Intake's payments import into PostgreSQL against psql's \\copy (issue 16).

Run from the project root:  python3 bench/postgres.py [--rounds 3] [--rows 1000000]
                            [--database URL] [--intake PATH] [--skip-100k] [--floor-only]

1. Generates (once, cached in ~/.cache/intake-bench, as bench/bench.py does)
   the payments file with ../shared/bench/gen_payments.py --seed 1
   --error-rate 0.02 (or the project's own intake-gen-payments).
2. Starts a throwaway PostgreSQL cluster unless --database URL is given: the
   highest /usr/lib/postgresql/*/bin, data and socket in a temporary folder,
   127.0.0.1 on a free port, `initdb -U intake --auth=trust -E UTF8
   --locale=C`, PostgreSQL's default settings otherwise (fsync on: both sides
   pay the same commit). Run as root, the server runs as `postgres` (or a
   system user `intake-pg`, created when neither exists). The cluster is
   stopped and deleted at the end, also after Ctrl-C or an error. With
   --database URL the server is yours: the user needs CREATEDB, and the
   databases made for the rounds are dropped.
3. Builds Intake in release mode (unless --intake PATH).
4. Checks the output before timing anything: `intake import` into a fresh
   database, then records, entries, failed entries and per-code failure
   counts must equal the generator's; and the floor's tables hold what it was
   asked to write.
5. Alternates A B A B, each side in a fresh database after a CHECKPOINT:
   A: `intake init ROOT --workspace bench --database URL`, then the timed
      `intake import ROOT --workspace bench --type payments FILE`;
   B: the floor, one timed `psql` session: BEGIN; `\\copy` of the file into a
      temporary staging table of text columns; INSERT … SELECT … ON CONFLICT
      (payment_id) DO NOTHING into the same `payments` table (amount in minor
      units, no validation); one `entries` row per record; COMMIT.
   Prints median wall time, median peak RSS (/usr/bin/time -v; Intake's and
   psql's, never the server's), rows/s and the ratio Intake / floor per pair.
6. Memory: runs Intake once more on the 100k-row file (unless --skip-100k)
   and prints both peak RSS values: flat means they are about equal.

--floor-only runs steps 1, 2, the floor's check and the floor's rounds alone
(no Intake needed): for trying the cluster and the floor on their own.
Python 3.11 standard library only; the server is reached through `psql`.
"""
import argparse
import csv
import glob
import json
import os
import pwd
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (generate(), timed(), CODE_OF: the SQLite benchmark's own)

PROJECT = bench.PROJECT
WORKSPACE = "bench"
SCHEMA = f'"ws_{WORKSPACE}"'
NUMERIC = r"^-?[0-9]+(\.[0-9]+)?$"
SHOWN_SETTINGS = ["fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers",
                  "max_wal_size", "checkpoint_timeout", "work_mem", "maintenance_work_mem", "temp_buffers"]

# Mirrors Intake's PostgreSQL store (Sources/IntakeKit/Store/PostgreSQL): the tables of
# workspace "bench" as Intake creates them. Only the floor uses it (Intake creates its
# own); if Intake's DDL differs, this is the one place to change.
STORE_DDL = f"""
CREATE SCHEMA {SCHEMA};
SET search_path TO {SCHEMA};
CREATE TABLE applied_jobs (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, job_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE entries (id BIGINT PRIMARY KEY, line BIGINT, record_id TEXT, failed INTEGER NOT NULL, issues TEXT);
CREATE TABLE payments (payment_id TEXT PRIMARY KEY NOT NULL, amount_minor BIGINT NOT NULL, currency TEXT NOT NULL,
    due_date TEXT NOT NULL, beneficiary_name TEXT NOT NULL, beneficiary_iban TEXT NOT NULL,
    beneficiary_bic TEXT NOT NULL, beneficiary_country TEXT NOT NULL, reference TEXT, supplier_id TEXT,
    company_registration TEXT, debtor_iban TEXT, debtor_name TEXT, end_to_end_id TEXT, job_seq BIGINT NOT NULL);
"""
PAYMENTS_COLUMNS = ["payment_id", "amount_minor", "currency", "due_date", "beneficiary_name", "beneficiary_iban",
                    "beneficiary_bic", "beneficiary_country", "reference", "supplier_id", "company_registration",
                    "debtor_iban", "debtor_name", "end_to_end_id", "job_seq"]
NOT_NULL = {"payment_id", "currency", "due_date", "beneficiary_name", "beneficiary_iban", "beneficiary_bic",
            "beneficiary_country"}


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def without_password(url):
    """The URL without its password, which goes to PGPASSWORD instead: no password on a
    command line, in an intake.json or in what is printed (libpq reads PGPASSWORD)."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    os.environ["PGPASSWORD"] = urllib.parse.unquote(parts.password)
    netloc = parts.netloc.replace(":" + parts.password + "@", "@", 1)
    print("the URL's password is given to psql and intake as PGPASSWORD")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


class Server:
    """A PostgreSQL server reached through psql: fresh databases per round."""

    def __init__(self, url, psql):
        self.url = url
        self.psql = psql
        self.made = set()

    def url_for(self, database):
        return urllib.parse.urlunsplit(urllib.parse.urlsplit(self.url)._replace(path="/" + database))

    def sql(self, text, database=None, separator=None):
        """Runs SQL (several statements allowed) in one psql session; returns its unaligned output."""
        cmd = [self.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
               "-d", self.url_for(database) if database else self.url]
        if separator == "\0":
            cmd.append("-0")
        proc = subprocess.run(cmd, input=text.encode(), capture_output=True)
        if proc.returncode != 0:
            sys.exit(f"psql failed ({proc.returncode}) on: {text.strip()[:200]}\n{proc.stderr.decode()[-2000:]}")
        return proc.stdout.decode()

    def fresh(self, name):
        self.drop(name)
        self.sql(f"CREATE DATABASE {ident(name)}")
        self.made.add(name)
        return name

    def drop(self, name):
        self.sql(f"DROP DATABASE IF EXISTS {ident(name)}")
        self.made.discard(name)

    def checkpoint(self):
        """A CHECKPOINT before each timed run, so no run pays for the last one's dirty pages.
        Needs superuser or pg_checkpoint: skipped quietly on a server that refuses it."""
        subprocess.run([self.psql, "-X", "-q", "-d", self.url, "-c", "CHECKPOINT"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def describe(self):
        version = self.sql("SHOW server_version").strip()
        names = ", ".join(f"'{n}'" for n in SHOWN_SETTINGS)
        rows = self.sql(f"SELECT name, current_setting(name), source FROM pg_settings "
                        f"WHERE name IN ({names}) ORDER BY name")
        print(f"server: PostgreSQL {version} at {self.url}")
        print("settings: " + ", ".join(f"{n}={s}" + ("" if src == "default" else f" ({src})")
                                        for n, s, src in (line.split("|") for line in rows.splitlines())))


class Cluster:
    """A throwaway cluster: initdb into a temporary folder, postgres on 127.0.0.1."""

    def __init__(self):
        self.folder = None
        self.proc = None

    @staticmethod
    def bin_dir():
        dirs = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.exists(os.path.join(d, "postgres"))]
        if not dirs:
            sys.exit("no PostgreSQL server in /usr/lib/postgresql/*/bin: apt-get install -y postgresql "
                     "(or give --database URL)")
        return max(dirs, key=lambda d: [int(x) for x in re.findall(r"\d+", d.split("/")[-2])])

    @staticmethod
    def server_user():
        """None when not root; else `postgres`, or the system user `intake-pg` (created if missing)."""
        if os.geteuid() != 0:
            return None
        for name in ("postgres", "intake-pg"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                pass
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", "intake-pg"], check=True)
        print("created the system user intake-pg to run the server (postgres cannot run as root)")
        return pwd.getpwnam("intake-pg")

    def start(self):
        bindir = self.bin_dir()
        user = self.server_user()
        self.folder = tempfile.mkdtemp(prefix="intake-pgbench-")
        data, sockets = os.path.join(self.folder, "data"), os.path.join(self.folder, "sockets")
        os.mkdir(sockets)
        as_user = {}
        if user is not None:
            for path in (self.folder, sockets):
                os.chown(path, user.pw_uid, user.pw_gid)
            as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        log_path = os.path.join(self.folder, "server.log")
        with open(log_path, "wb") as log:
            proc = subprocess.run([os.path.join(bindir, "initdb"), "-D", data, "-U", "intake", "--auth=trust",
                                   "-E", "UTF8", "--locale=C"], stdout=log, stderr=subprocess.STDOUT,
                                  cwd=self.folder, **as_user)
        if proc.returncode != 0:
            sys.exit(f"initdb failed ({proc.returncode}):\n{open(log_path).read()[-2000:]}")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with open(log_path, "ab") as log:
            self.proc = subprocess.Popen([os.path.join(bindir, "postgres"), "-D", data,
                                          "-c", "listen_addresses=127.0.0.1", "-c", f"port={port}",
                                          "-c", f"unix_socket_directories={sockets}"],
                                         stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                                         start_new_session=True, **as_user)  # Ctrl-C reaches us, not it
        deadline = time.monotonic() + 60
        while subprocess.run([os.path.join(bindir, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the server did not start:\n{open(log_path).read()[-2000:]}")
            time.sleep(0.1)
        who = user.pw_name if user else pwd.getpwuid(os.geteuid()).pw_name
        print(f"cluster: {bindir}, data in {data}, 127.0.0.1:{port}, server runs as {who}")
        return f"postgresql://intake@127.0.0.1:{port}/postgres", os.path.join(bindir, "psql")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            print(f"cluster stopped and {self.folder} deleted")


def header_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    for needed in ("payment_id", "amount"):
        if needed not in header:
            sys.exit(f"{path}: no {needed} column in the header")
    if "'" in path:
        sys.exit(f"{path}: the floor's \\copy cannot name a file with a ' in its path")
    return header


def floor_script(path, header):
    """The floor: one transaction, psql's \\copy into a staging table of text columns, then
    INSERT … SELECT into payments (duplicates skipped, amount in minor units, rows whose
    amount is not a plain decimal left out: the floor validates nothing else) and one
    entries row per record. An unquoted empty CSV field reads as NULL: a NOT NULL column
    gets '' instead. The staging table is TEMP (no WAL, local buffers): on this machine
    0.6 s faster per 1M rows than an UNLOGGED one, so the floor is the faster of the two."""
    def source(column):
        if column == "amount_minor":
            return "(amount::numeric * 100)::bigint"
        if column == "job_seq":
            return "1"
        if column not in header:
            return "''" if column in NOT_NULL else "NULL"
        return f"coalesce({ident(column)}, '')" if column in NOT_NULL else ident(column)
    staging = ", ".join(f"{ident(c)} text" for c in header)
    return f"""BEGIN;
CREATE TEMP TABLE staging ({staging}) ON COMMIT DROP;
\\copy staging FROM '{path}' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
INSERT INTO {SCHEMA}.payments ({", ".join(PAYMENTS_COLUMNS)})
SELECT {", ".join(source(c) for c in PAYMENTS_COLUMNS)}
FROM staging WHERE amount ~ '{NUMERIC}'
ON CONFLICT (payment_id) DO NOTHING;
INSERT INTO {SCHEMA}.entries (id, line, record_id, failed, issues)
SELECT (1::bigint << 32) | n, n + 1, payment_id, 0, NULL
FROM (SELECT row_number() OVER () AS n, payment_id FROM staging) s;
COMMIT;
"""


class Bench:
    def __init__(self, server, base, intake):
        self.server = server
        self.base = base
        self.intake = intake
        self.rounds = 0

    def database(self):
        self.rounds += 1
        return self.server.fresh(f"intake_bench_{os.getpid()}_{self.rounds}")

    def run_intake(self, path, check=None):
        database = self.database()
        root = os.path.join(self.base, "root")
        shutil.rmtree(root, ignore_errors=True)
        init = subprocess.run([self.intake, "init", root, "--workspace", WORKSPACE,
                               "--database", self.server.url_for(database)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        if init.returncode != 0:
            sys.exit(f"intake init failed ({init.returncode}); does {self.intake} have PostgreSQL mode?\n"
                     f"{init.stderr.decode()[-2000:]}")
        self.server.checkpoint()
        result = bench.timed([self.intake, "import", root, "--workspace", WORKSPACE, "--type", "payments", path])
        if check:
            check(database)
        self.server.drop(database)
        return result

    def run_floor(self, path, header, check=None):
        database = self.database()
        self.server.sql(STORE_DDL, database)
        script = os.path.join(self.base, "floor.sql")
        with open(script, "w") as f:
            f.write(floor_script(path, header))
        self.server.checkpoint()
        result = bench.timed([self.server.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                              "-d", self.server.url_for(database), "-f", script])
        if check:
            check(database)
        self.server.drop(database)
        return result

    def check_intake(self, rows, counts):
        def check(database):
            q = lambda text, **kw: self.server.sql(text, database, **kw)  # noqa: E731
            invalid = sum(counts.values())
            records = int(q(f"SELECT count(*) FROM {SCHEMA}.payments"))
            entries, failed = (int(x) for x in q(f"SELECT count(*), coalesce(sum(failed), 0) "
                                                  f"FROM {SCHEMA}.entries").strip().split("|"))
            found = {}
            for issues in q(f"SELECT issues FROM {SCHEMA}.entries WHERE failed <> 0", separator="\0").split("\0"):
                if issues.strip():
                    for issue in json.loads(issues):
                        found[issue["code"]] = found.get(issue["code"], 0) + 1
            expected = {bench.CODE_OF[k]: v for k, v in counts.items() if v}
            ok = records == rows - invalid and entries == rows and failed == invalid and found == expected
            print(f"check intake {rows} rows: records={records} (want {rows - invalid}) entries={entries} "
                  f"(want {rows}) failed={failed} (want {invalid}) "
                  f"codes={'equal' if found == expected else f'DIFFER {found} vs {expected}'}")
            if not ok:
                sys.exit("Intake's output in PostgreSQL is wrong: not timing it")
        return check

    def check_floor(self, path, rows):
        ids, pattern = set(), re.compile(NUMERIC)
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if pattern.match(row["amount"]):
                    ids.add(row["payment_id"])

        def check(database):
            records = int(self.server.sql(f"SELECT count(*) FROM {SCHEMA}.payments", database))
            entries = int(self.server.sql(f"SELECT count(*) FROM {SCHEMA}.entries", database))
            print(f"check floor {rows} rows: records={records} (want {len(ids)}: distinct ids with a decimal amount) "
                  f"entries={entries} (want {rows})")
            if records != len(ids) or entries != rows:
                sys.exit("the floor did not write what it should: not timing it")
        return check


def table(rows, path, rounds, results):
    how = "A B alternating" if "intake" in results else "floor only"
    print(f"\n{rows:,} rows, {os.path.getsize(path) / 2**20:.1f} MiB, {rounds} rounds ({how})")
    print(f"{'':8} {'median wall s':>14} {'median peak RSS MiB':>20} {'rows/s':>12}")
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        rss = statistics.median(r[1] for r in runs)
        print(f"{name:8} {wall:14.3f} {rss:20.1f} {rows / wall:12,.0f}")
    if "intake" in results:
        ratios = [a[0] / b[0] for a, b in zip(results["intake"], results["floor"])]
        print("ratio intake/floor per pair: " + " ".join(f"{r:.2f}" for r in ratios)
              + f"   median {statistics.median(ratios):.2f}   (issue 16: at most 1.5, goal 1.0)")


def run(args, server, base):
    big, source, counts = bench.generate(args.rows)
    print(f"generator: {source}; file {big}")
    header = header_of(big)
    b = Bench(server, base, args.intake)
    if not args.floor_only:
        b.run_intake(big, check=b.check_intake(args.rows, counts))  # also the warm-up
    b.run_floor(big, header, check=b.check_floor(big, args.rows))  # also the warm-up
    results = {"floor": []} if args.floor_only else {"intake": [], "floor": []}
    for i in range(args.rounds):
        line = f"round {i + 1}:"
        if not args.floor_only:
            results["intake"].append(b.run_intake(big))
            line += " intake {:.2f} s {:.1f} MiB;".format(*results["intake"][-1])
        results["floor"].append(b.run_floor(big, header))
        print(line + " floor {:.2f} s {:.1f} MiB".format(*results["floor"][-1]), flush=True)
    table(args.rows, big, args.rounds, results)
    if not args.floor_only and not args.skip_100k:
        small_rows = args.rows // 10
        small, _, small_counts = bench.generate(small_rows)
        wall, rss = b.run_intake(small, check=b.check_intake(small_rows, small_counts))
        rss_big = statistics.median(r[1] for r in results["intake"])
        print(f"\nintake on {small_rows:,} rows: {wall:.3f} s, peak RSS {rss:.1f} MiB")
        print(f"peak RSS intake {args.rows:,} rows / {small_rows:,} rows: {rss_big:.1f} / {rss:.1f} MiB "
              f"= {rss_big / rss:.2f} (flat: about 1)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--rounds", type=int, default=3, help="A B pairs timed (default 3)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the payments file (default 1000000)")
    parser.add_argument("--database", metavar="URL", help="an existing server (its user needs CREATEDB) "
                        "instead of a throwaway cluster")
    parser.add_argument("--intake", metavar="PATH", help="the intake binary (default: build release, use "
                        ".build/release/intake)")
    parser.add_argument("--skip-100k", action="store_true", help="no Intake run on the 1/10 file")
    parser.add_argument("--floor-only", action="store_true", help="the cluster and the floor alone, no Intake")
    args = parser.parse_args()
    if shutil.which("time", path="/usr/bin") is None:
        sys.exit("peak RSS needs /usr/bin/time: apt-get install -y time")
    if os.environ.pop("INTAKE_DATABASE_URL", None) is not None:
        print("INTAKE_DATABASE_URL ignored: each round's intake.json names its own database")
    own_generator = not os.path.exists(bench.SHARED_GEN)
    if (not args.floor_only and args.intake is None) or own_generator:
        bench.sh(["bash", os.path.join(PROJECT, "scripts", "setup.sh")])
        bench.sh(["swift", "build", "-c", "release", "--package-path", PROJECT], stdout=subprocess.DEVNULL)
    if not args.floor_only:
        args.intake = os.path.abspath(args.intake or os.path.join(PROJECT, ".build", "release", "intake"))
        print(f"intake: {args.intake}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # cleans up like Ctrl-C
    cluster = None if args.database else Cluster()
    server = None
    try:
        if cluster:
            url, psql = cluster.start()
        else:
            url, psql = without_password(args.database), shutil.which("psql") or "/usr/bin/psql"
        server = Server(url, psql)
        server.describe()
        with tempfile.TemporaryDirectory(prefix="intake-pgbench-roots-") as base:
            run(args, server, base)
    finally:
        if server is not None and not cluster:
            for name in list(server.made):  # best effort: the run's own databases on your server
                subprocess.run([server.psql, "-X", "-q", "-d", server.url, "-c", f"DROP DATABASE IF EXISTS {ident(name)}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
