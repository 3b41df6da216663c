#!/usr/bin/env bash
# The walls the compiler cannot keep by itself. `import Foundation` re-exports
# Glibc on Linux, so "only IntakeSystem touches the C library" is checked here:
# no `import Glibc`, no errno constant and no raw C call outside
# Sources/IntakeSystem (comments aside). The test-data generator
# (IntakeFixtures, intake-gen-payments) is no part of the product and shares
# nothing with it on purpose. Then scripts/check-imports.py: every target
# imports only the targets it depends on. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
names='E(ACCES|PERM|XDEV|MLINK|LOOP|NOTDIR|INVAL|NXIO|NODEV|IO|NOENT|EXIST|NOSPC|DQUOT|ROFS|INTR|AGAIN|WOULDBLOCK|BADF|BUSY|CHILD|SRCH)'
calls='errno|usleep|nanosleep|memmove|memcmp|memcpy|isatty|getuid|getgid|geteuid|getpid|getppid|dlopen|dlsym|dlerror|sigwait|pthread_[a-z_]+|sigset_t|sigaddset|sigemptyset|clock_gettime|prctl|waitpid|fork|execve|posix_spawn[a-z_]*|kill|strerror|inotify_[a-z_]+|flock|fcntl|renameat|openat|fsync|fdatasync'
bad=$(grep -rnE --include='*.swift' "^import Glibc|\b(${names})\b|\b(${calls})\(|\bsigset_t\b" Sources \
      | grep -vE '^Sources/(IntakeSystem|CSystem|IntakeFixtures|intake-gen-payments)/' \
      | grep -vE '^[^:]+:[0-9]+:\s*//' || true)
if [ -n "$bad" ]; then
    echo "check-walls: the C library is used outside Sources/IntakeSystem (add a named call there instead):" >&2
    echo "$bad" >&2
    exit 1
fi
echo "check-walls: only IntakeSystem uses the C library"
python3 scripts/check-imports.py
