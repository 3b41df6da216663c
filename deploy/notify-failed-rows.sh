#!/bin/sh
# Example on_job_end hook: mails a summary when a job ended with failed rows,
# or when its document failed or was refused. Install it executable and name
# it in intake.json:
#   "on_job_end": ["/usr/local/bin/intake-notify-failed-rows", "ops@example.com"]
# Intake runs it without a shell's help (no PATH lookup for the program, no
# stdin), with INTAKE_JOB_ID, INTAKE_WORKSPACE, INTAKE_TYPE, INTAKE_STATUS,
# INTAKE_RESULT, INTAKE_TOTAL and INTAKE_FAILED set; what it prints is logged
# as event=hook_output; it is killed after hook_timeout_seconds.
set -eu
recipient="${1:?usage: $0 RECIPIENT}"
sendmail="${SENDMAIL:-/usr/sbin/sendmail}"

case "$INTAKE_STATUS" in
    DONE) [ "$INTAKE_FAILED" -gt 0 ] || exit 0 ;;
    FAILED|REJECTED) ;;
    *) exit 0 ;;
esac

outbox=$(dirname "$INTAKE_RESULT")
report="$outbox/$INTAKE_JOB_ID.report.html"
{
    printf 'To: %s\n' "$recipient"
    printf 'Subject: [intake] %s %s: %s, %s of %s rows failed\n' \
        "$INTAKE_WORKSPACE" "${INTAKE_TYPE:-?}" "$INTAKE_STATUS" "$INTAKE_FAILED" "$INTAKE_TOTAL"
    printf 'Content-Type: text/plain; charset=utf-8\n\n'
    printf 'Job %s of workspace %s (%s) ended %s.\n' "$INTAKE_JOB_ID" "$INTAKE_WORKSPACE" "${INTAKE_TYPE:-no type}" "$INTAKE_STATUS"
    printf '%s of %s rows failed.\n\n' "$INTAKE_FAILED" "$INTAKE_TOTAL"
    printf 'Report:  %s\nResult:  %s\n' "$report" "$INTAKE_RESULT"
    [ -f "$outbox/$INTAKE_JOB_ID.errors.csv" ] && printf 'Errors:  %s\n' "$outbox/$INTAKE_JOB_ID.errors.csv"
    for rejected in "$outbox/$INTAKE_JOB_ID".rejected.*; do
        [ -f "$rejected" ] && printf 'Only the failed rows, to fix and drop again: %s\n' "$rejected"
    done
    printf '\nFirst errors:\n'
    # Skip the BOM and header; show the first 10 error lines.
    [ -f "$outbox/$INTAKE_JOB_ID.errors.csv" ] && sed '1d' "$outbox/$INTAKE_JOB_ID.errors.csv" | head -n 10
    true
} | "$sendmail" -t
echo "mailed $recipient about $INTAKE_JOB_ID ($INTAKE_STATUS, $INTAKE_FAILED failed)"
