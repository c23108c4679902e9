"""The example scripts run, and print figures that a plain reading of the data confirms."""

import csv
import subprocess
import sys
from pathlib import Path

import dronetally as dt

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "af_daily_sample.csv"


def plain_unexplained(month: str, scope_channel: str) -> tuple[int, int]:
    """Launched and unexplained for one month and channel, from the CSV alone."""
    launched = unexplained = 0
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["time_start"].startswith(month) or not row["source"].startswith(scope_channel):
                continue
            if not row["launched"]:
                continue
            total = int(float(row["launched"]))
            parts = sum(int(float(row[c])) for c in ("destroyed", "not_reach_goal", "still_attacking") if row[c])
            crossings = row["border_crossing"].strip("{}")
            parts += sum(int(float(v.split(":")[1])) for v in crossings.split(",") if ":" in v)
            launched += total
            unexplained += max(total - parts, 0) if parts <= total else 0
    return launched, unexplained


def test_af_monthly_on_the_sample() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "af_monthly.py"), str(SAMPLE)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["month", "scope", "reports", "launched", "unexplained", "share"]
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in lines[2:] if line[:1].isdigit()}
    launched, unexplained = plain_unexplained("2024-12", "kpszsu")
    _, printed_launched, printed_unexplained, share = rows[("2024-12", "Ukraine")]
    assert (int(printed_launched), int(printed_unexplained)) == (launched, unexplained)
    assert share == f"{100 * unexplained / launched:.1f}%"
    over = lines[lines.index("Over-accounted:") + 1:]
    assert len(over) == 1 and "10 more than launched 16" in over[0]


def test_af_monthly_explains_itself_without_an_argument() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "af_monthly.py")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Per month and scope" in done.stderr


def test_af_shares_on_the_sample() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "af_shares.py"), str(SAMPLE), "2020-01-01",
                           "2030-01-01"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["month", "nights", "claimed", "if", "all", "night", "to", "night", "95%", "Wilson",
                                "95%", "wider"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    # March 2026, worked out by hand from the sample's national Shahed reports of that month
    national = [r for r in dt.load(SAMPLE).where(weapon="Shahed", scope="Ukraine")
                if (r.window_end or r.window_start or "")[:7] == "2026-03"]  # months by the window's end
    shot = sum(r.figures["shot_down"].lo for r in national)
    launched = sum(r.figures["launched"].lo for r in national)
    nights, claimed, *_, wider = rows["2026-03"]
    assert (int(nights), claimed) == (len(national), f"{100 * shot / launched:.1f}%")
    assert float(wider.rstrip("x")) > 1.0  # nights vary more than independent drones would
    assert rows["2025-07"][-1] == "-"  # one night: no night-to-night interval


def test_af_shares_explains_itself_without_an_argument() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "af_shares.py")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and "monthly shot-down share" in done.stderr
