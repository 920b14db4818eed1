#!/usr/bin/env python3
"""Recompute a published public-vote tally from the anonymised export (standard library only).

    python3 verify_tally.py tally-12.csv published-12.json [--receipt ABCDEFGH23]

- tally-12.csv: GET /api/vote/categories/12/tally/export.csv (one row per public vote: receipt_hash, category,
  candidate, day, status counted|invalidated, reason_code).
- published-12.json: GET /api/vote/categories/12/tally/ (the counts and the Merkle root published at the close
  of voting; the same numbers are in the audit chain, event vote.tally_published).
- --receipt: your receipt code; prints the export row of your vote.

It counts the rows with status "counted" per candidate, rebuilds the Merkle root over them and compares both
with the published numbers. Exit code 0 when everything agrees, 1 otherwise. Algorithm (docs/audit.md):

    receipt_hash = SHA256("pingxuan-receipt|<category id>|<receipt code>")       (hex)
    leaf         = SHA256(0x00 || "<receipt_hash>|<candidate id>|<day>")         (hex)
    node         = SHA256(0x01 || bytes(left) || bytes(right))                   (hex)
    leaves sorted by receipt_hash; an odd node at the end of a level goes up unchanged;
    the root of no leaves is SHA256("").
"""

import argparse
import csv
import hashlib
import json
import sys


def receipt_hash(category_id, receipt):
    return hashlib.sha256(f"pingxuan-receipt|{category_id}|{receipt}".encode()).hexdigest()


def leaf_hash(rhash, candidate, day):
    return hashlib.sha256(b"\x00" + f"{rhash}|{candidate}|{day}".encode()).hexdigest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


def merkle_root(leaves):
    if not leaves:
        return hashlib.sha256(b"").hexdigest()
    level = list(leaves)
    while len(level) > 1:
        up = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            up.append(level[-1])
        level = up
    return level[0]


def recompute(rows):
    """(counts {candidate: n}, counted, invalidated, root) from export rows."""
    counts, leaves, invalidated = {}, [], 0
    for row in sorted(rows, key=lambda r: r["receipt_hash"]):
        if row["status"] == "counted":
            counts[row["candidate"]] = counts.get(row["candidate"], 0) + 1
            leaves.append(leaf_hash(row["receipt_hash"], row["candidate"], row["day"]))
        else:
            invalidated += 1
    return counts, len(leaves), invalidated, merkle_root(leaves)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Recompute a published tally and its Merkle root from the export.")
    parser.add_argument("export", help="the anonymised export (CSV)")
    parser.add_argument("published", help="the published tally (JSON)")
    parser.add_argument("--receipt", help="your receipt code: show your vote's row")
    args = parser.parse_args(argv)
    with open(args.export, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(args.published, encoding="utf-8") as f:
        published = json.load(f)
    counts, counted, invalidated, root = recompute(rows)
    names = {str(c["id"]): c["name"] for c in published.get("candidates", [])}
    ok = True
    print(f"category {published['category']} ({published.get('category_name', '')}), version {published.get('version')}")
    for cand in sorted(set(counts) | set(published["counts"]), key=lambda c: int(c)):
        mine, theirs = counts.get(cand, 0), published["counts"].get(cand, 0)
        mark = "ok" if mine == theirs else "MISMATCH"
        ok = ok and mine == theirs
        print(f"  candidate {cand} {names.get(cand, '')}: export {mine}, published {theirs}  {mark}")
    for label, mine, theirs in (
        ("counted", counted, published["counted"]),
        ("invalidated", invalidated, published["invalidated"]),
        ("root", root, published["root"]),
    ):
        mark = "ok" if mine == theirs else "MISMATCH"
        ok = ok and mine == theirs
        print(f"  {label}: export {mine}, published {theirs}  {mark}")
    if args.receipt:
        rh = receipt_hash(published["category"], args.receipt.strip().upper())
        mine = [r for r in rows if r["receipt_hash"] == rh]
        print(f"  receipt {args.receipt}: " + (json.dumps(mine[0], ensure_ascii=False) if mine else "NOT IN THE EXPORT"))
        ok = ok and bool(mine)
    print("TALLY VERIFIED" if ok else "TALLY DOES NOT MATCH THE PUBLISHED NUMBERS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
