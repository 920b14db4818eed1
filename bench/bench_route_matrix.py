"""Role × route matrix: how long asking every page and API route as every role takes (the test asserts the answers).

Runs the two matrix tests under pytest with their durations reported, and prints one line per half.

    .venv/bin/python bench/bench_route_matrix.py
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    env = {**os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE": "true", "PINGXUAN_TEST": "1"}
    files = {"route_matrix_pages": "pages/test_route_matrix.py", "route_matrix_api": "api/test_route_matrix_api.py"}
    for name, file in files.items():
        out = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "--durations=1", f"tests/security/{file}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        seconds = re.search(r"^([\d.]+)s call ", out, re.M)
        print(f"{name}: {float(seconds.group(1)):.1f} s")


if __name__ == "__main__":
    main()
