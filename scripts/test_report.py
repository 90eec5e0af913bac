"""Summarise a `make test` run: pytest's JUnit file and Odoo's logs.

Prints the closing line "N passed, N failed" and exits 1 when anything is wrong:
a failed or erroneous test, a skipped Odoo test (Odoo skips tours when Chromium or
websocket-client is missing and counts them as passed), no Odoo test at all, an
ERROR/CRITICAL log line, a WARNING that names the addon, a term of the addon without its
French translation in i18n/fr.po, or a failed uninstall.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$"
)
SUMMARY = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
SKIPPED = re.compile(r"^skipped (.*)")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as file:
        return file.read()


def pytest_counts(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        print(f"pure tests: no report ({exc})")
        return 0, 1
    suites = [root] if root.tag == "testsuite" else list(root)
    total = sum(int(s.get("tests", 0)) for s in suites)
    bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    if skipped:
        print(f"pure tests: {skipped} skipped test(s) count as failed")
    return total - bad - skipped, bad + skipped


def bad_lines(path, addon):
    problems = []
    for line in read(path).splitlines():
        match = LINE.match(line)
        if not match:
            continue
        level, logger, msg = match["level"], match["logger"], match["msg"]
        error = level in ("ERROR", "CRITICAL") and not SUMMARY.search(msg)
        about_addon = level == "WARNING" and (addon in logger or addon in msg)
        if error or about_addon:
            problems.append(line)
    return problems


def odoo_counts(path, addon):
    text = read(path)
    summary = SUMMARY.findall(text)
    skipped = [
        m["msg"]
        for m in map(LINE.match, text.splitlines())
        if m and SKIPPED.match(m["msg"])
    ]
    if not summary:
        print("Odoo tests: no summary line (the install or the run crashed)")
        return 0, 1, skipped
    failed, errors, total = map(int, summary[-1])
    if total == 0:
        print("Odoo tests: no test ran")
        return 0, 1, skipped
    passed = total - failed - errors - len(skipped)
    return passed, failed + errors + len(skipped), skipped


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addon", required=True)
    parser.add_argument("--pytest-junit", required=True)
    parser.add_argument("--odoo-log", required=True, action="append")
    parser.add_argument(
        "--odoo-core-log",
        required=True,
        help="Odoo's own tests of what the addon touches, the addon installed",
    )
    parser.add_argument("--uninstall-log", required=True)
    parser.add_argument("--i18n-log", required=True)
    parser.add_argument(
        "--websocket-log", required=True, help="the multi-worker websocket check"
    )
    args = parser.parse_args()

    pure_passed, pure_failed = pytest_counts(args.pytest_junit)
    odoo_passed, odoo_failed, skipped, problems = 0, 0, [], []
    for log in args.odoo_log:
        passed, failed, skipped_here = odoo_counts(log, args.addon)
        odoo_passed, odoo_failed = odoo_passed + passed, odoo_failed + failed
        skipped += skipped_here
        problems += bad_lines(log, args.addon)
    core_passed, core_failed, core_skipped = odoo_counts(args.odoo_core_log, args.addon)
    skipped += core_skipped
    problems += bad_lines(args.odoo_core_log, args.addon)
    uninstall = read(args.uninstall_log)
    uninstall_problems = bad_lines(args.uninstall_log, args.addon)
    if "UNINSTALL-STATE uninstalled" not in uninstall:
        uninstall_problems.append(
            "the addon was not uninstalled (see the uninstall log)"
        )

    problems += bad_lines(args.websocket_log, args.addon)
    if "WEBSOCKET-OK" not in read(args.websocket_log):
        problems.append(
            "the websocket of a multi-worker Odoo did not answer "
            f"({args.websocket_log})"
        )

    i18n = read(args.i18n_log)
    problems += bad_lines(args.i18n_log, args.addon)
    if not i18n.rstrip().endswith("exit code 0"):
        problems.append(f"French translations missing or export failed:\n{i18n}")

    print(f"pure tests: {pure_passed} passed, {pure_failed} failed")
    logs = ", ".join(args.odoo_log)
    print(f"Odoo tests: {odoo_passed} passed, {odoo_failed} failed ({logs})")
    print(
        f"Odoo's own tests with the addon installed: {core_passed} passed, "
        f"{core_failed} failed ({args.odoo_core_log})"
    )
    for msg in skipped:
        print(f"  skipped Odoo test (counts as failed): {msg}")
    for line in problems:
        print(f"  log: {line}")
    for line in uninstall_problems:
        print(f"  uninstall: {line}")
    if problems or uninstall_problems:
        print("log or uninstall problems above count as one failure")
    failed = (
        pure_failed + odoo_failed + core_failed + bool(problems or uninstall_problems)
    )
    passed = pure_passed + odoo_passed + core_passed
    print(
        f"{passed} passed, {failed} failed "
        f"(of which Odoo's own tests: {core_passed} passed, {core_failed} failed)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
