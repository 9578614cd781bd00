/** Help of the program. */
export const PROGRAM_USAGE = `Usage: finops-autopilot <command> [options]

Finds waste in cloud inventories and turns it into priced recommendations,
each with the calculation behind its numbers.

Commands:
  analyze           Analyze an inventory and its metrics, print recommendations
  schedule parse    Parse a Cloud Custodian offhours tag into JSON
  serve             Run the reference server (dashboard, API, live stream)

Options:
  -h, --help        Show help (also: finops-autopilot <command> --help)
  -V, --version     Show the version

Exit codes: 0 success, 1 failure, 2 bad input (file, line, option).
`;

/** Help of `analyze`. */
export const ANALYZE_USAGE = `Usage: finops-autopilot analyze --inventory FILE --metrics FILE [options]

Reads an inventory (JSON array of resources) and metrics (long CSV), runs the
heuristic engine, and prints its recommendations. Diagnostics and a summary go
to stderr.

Input:
  -i, --inventory FILE     JSON array of resources, minimal or full (required)
  -m, --metrics FILE       CSV with header resource_id,timestamp,metric,value (required)
      --region REGION      Region of records without one (default: us-east-1)
      --now ISO            Analysis time, e.g. 2026-07-15T00:00:00Z
                           (default: latest metric timestamp + one period)

Output:
  -f, --format FORMAT      json | csv | table (default: json)
  -o, --out FILE           Write to FILE (atomically, only on success) instead of stdout
  -q, --quiet              Leave out per-resource diagnostics (default: off)

Engine:
      --percentile P       Peak statistic: p90 | p95 | p99 | p99.5 | max (default: p99.5)
      --headroom H         Spare capacity kept above the peak, 0..5 (default: 0.2)
      --lookback-days N    Days of metrics analyzed, ending at --now (default: 14)
      --min-hours N        Hours of data needed before recommending (default: 30)
      --timezone TZ        Time zone of proposed schedules, IANA or alias (default: UTC)
      --min-savings USD    Smallest monthly saving worth a resize (default: 5)
      --saturation PCT     Peak CPU % from which an upsize is proposed (default: 90)
      --rules LIST         Rules to run, comma-separated: rightsize,schedule,storage,idle
                           (default: all)
      --same-generation    Rightsize within the instance family only (default: off)
      --same-architecture  Never propose ARM (Graviton) for x86 (default: off)
      --include-production Schedule production resources too (default: off)

  -h, --help               Show this help

Rows of resources missing from the inventory are skipped with a warning.
Exit codes: 0 success, 1 failure, 2 bad input (nothing is written).
`;

/** Help of `schedule`. */
export const SCHEDULE_USAGE = `Usage: finops-autopilot schedule parse "<offhours tag>" [--default-tz TZ]

Parses a Cloud Custodian offhours tag, e.g. "off=[(M-F,19)];on=[(M-F,7)];tz=et",
and prints {"off":[{"days":[0,1,2,3,4],"hour":19}],"on":[...],"tz":"et"}
(days: 0 = Monday ... 6 = Sunday; hours in the tag's time zone).

Options:
      --default-tz TZ      Time zone of tags without tz=, alias or IANA (default: et)
  -h, --help               Show this help

Exit codes: 0 success, 2 invalid tag or option.
`;

/** Help of `serve`. */
export const SERVE_USAGE = `Usage: finops-autopilot serve [options]

Runs the reference server: the HTTP API (docs at /docs), the live WebSocket
stream (/ws) and the dashboard, with an autopilot cycling every 3 seconds.
By default everything is embedded: a PGlite database in ./.finops-data and a
simulated fleet. The first start creates the \`default\` tenant and an admin
whose password comes from FINOPS_ADMIN_PASSWORD or is generated and printed once.
Ctrl-C stops it after the current cycle; a restart keeps all data.

Options:
  -p, --port N             Port to listen on (default: $PORT or 8080; 0 picks a free one)
      --host HOST          Interface to listen on (default: $HOST or 127.0.0.1)
      --data-dir DIR       PGlite data directory (default: $FINOPS_DATA_DIR or .finops-data)
      --database-url URL   Use this PostgreSQL server instead (default: $DATABASE_URL)
  -h, --help               Show this help

Environment: FINOPS_ADMIN_PASSWORD, FINOPS_ADMIN_EMAIL, FINOPS_JWT_SECRET,
FINOPS_CORS_ORIGINS (comma-separated), NODE_ENV=production, LOG_LEVEL.
`;
