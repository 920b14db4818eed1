"""一诺双评创十星 on PostgreSQL: the whole period in one INSERT … SELECT, inside the database.

The same definitions as `compute.calculate` (see its docstring) written as SQL, so that 1,000,000 ratings, 25,800
commitments and 20,000 leader scores never travel to Python: the grouped ratings per window, the 回头看 rates and the
leader means are joined to the windows, the people on duty and their party organisations, combined with the
configured weights, rounded (四舍五入 to 0.01, as `compute.round2`), given a level by the configured thresholds and
a rank within their kind (score descending, then organisation and member: the board's order), and the rows are
written to the run directly. `compute.calculate` stays the reference (SQLite, tests).
"""

from django.db import connection

SQL = """
WITH r AS (
    SELECT window_id, count(*) AS n, sum(score) AS s, count(*) FILTER (WHERE option = ANY(%(numerator)s)) AS good
    FROM stars_rating
    WHERE programme_id = %(programme)s AND is_valid AND day BETWEEN %(start)s AND %(end)s
    GROUP BY window_id
),
reviews AS (
    SELECT c.member_id, c.organisation_id, cr.fulfilled
    FROM stars_commitmentreview cr JOIN stars_commitment c ON c.id = cr.commitment_id
    WHERE c.programme_id = %(programme)s AND cr.period = %(period)s
),
rv_member AS (
    SELECT member_id AS id, 100.0::float8 * count(*) FILTER (WHERE fulfilled) / count(*) AS rate
    FROM reviews WHERE member_id IS NOT NULL GROUP BY member_id
),
rv_org AS (
    SELECT organisation_id AS id, 100.0::float8 * count(*) FILTER (WHERE fulfilled) / count(*) AS rate
    FROM reviews WHERE member_id IS NULL GROUP BY organisation_id
),
leader AS (
    SELECT member_id, organisation_id, score
    FROM stars_leaderscore WHERE programme_id = %(programme)s AND period = %(period)s
),
ld_member AS (
    SELECT member_id AS id, 100.0::float8 * avg(score) / %(scale)s AS mean
    FROM leader WHERE member_id IS NOT NULL GROUP BY member_id
),
ld_org AS (
    SELECT organisation_id AS id, 100.0::float8 * avg(score) / %(scale)s AS mean
    FROM leader WHERE member_id IS NULL GROUP BY organisation_id
),
members AS (
    SELECT id, name, window_id, party_org_id FROM stars_dutymember WHERE programme_id = %(programme)s AND active
),
party AS (
    SELECT pw.party_org_id AS id, sum(r.n) AS n, sum(r.s) AS s, sum(r.good) AS good
    FROM (SELECT DISTINCT party_org_id, window_id FROM members WHERE party_org_id IS NOT NULL) pw
    LEFT JOIN r ON r.window_id = pw.window_id
    GROUP BY pw.party_org_id
),
parts AS (
    SELECT 2 AS sort, 'window' AS kind, o.id AS org, NULL::bigint AS member, o.name, r.n, r.s, r.good,
           rv.rate, ld.mean
    FROM orgs_organisation o
    LEFT JOIN r ON r.window_id = o.id LEFT JOIN rv_org rv ON rv.id = o.id LEFT JOIN ld_org ld ON ld.id = o.id
    WHERE o.path LIKE %(owner_path)s AND o.kind = 'window' AND o.is_active
    UNION ALL
    SELECT 0, 'member', m.window_id, m.id, m.name, r.n, r.s, r.good, rv.rate, ld.mean
    FROM members m
    LEFT JOIN r ON r.window_id = m.window_id LEFT JOIN rv_member rv ON rv.id = m.id
    LEFT JOIN ld_member ld ON ld.id = m.id
    UNION ALL
    SELECT 1, 'party_org', o.id, NULL, o.name, p.n, p.s, p.good, rv.rate, ld.mean
    FROM party p JOIN orgs_organisation o ON o.id = p.id
    LEFT JOIN rv_org rv ON rv.id = o.id LEFT JOIN ld_org ld ON ld.id = o.id
),
scored AS (
    SELECT sort, kind, org, member, name, coalesce(n, 0) AS n, good,
           coalesce(rate, 0.0::float8) AS c,
           CASE WHEN coalesce(n, 0) > 0 THEN s / n ELSE 0.0::float8 END AS p,
           coalesce(mean, 0.0::float8) AS l
    FROM parts
)
INSERT INTO stars_starlevel (run_id, subject_kind, organisation_id, member_id, name, commitment, public, leader,
                             satisfaction, ratings, score, level, rank)
SELECT %(run)s, kind, org, member, name, round(c::numeric, 2), round(p::numeric, 2), round(l::numeric, 2),
       CASE WHEN n > 0 THEN round((100.0::float8 * good / n)::numeric, 2) END, n, score, {level},
       row_number() OVER (PARTITION BY kind ORDER BY score DESC, org, member)
FROM (
    SELECT *, round(((%(w_commitment)s * c + %(w_public)s * p + %(w_leader)s * l) / 100.0::float8)::numeric, 2) AS score
    FROM scored
) t
ORDER BY sort, org, member
"""


def level_case(thresholds):
    """CASE … END giving the highest level whose min_score ≤ score (0 below the first), as `compute.level_for`."""
    ordered = sorted(thresholds, key=lambda t: t["level"], reverse=True)
    whens = " ".join(f"WHEN score >= {float(t['min_score'])!r}::numeric THEN {int(t['level'])}" for t in ordered)
    return f"CASE {whens} ELSE 0 END"


def params(run, programme, period):
    cfg = programme.config
    weights = cfg["weights"]
    return {
        "run": run.pk,
        "programme": programme.pk,
        "period": period["code"],
        "start": period["start"],
        "end": period["end"],
        "numerator": list(cfg["evaluation"]["public"]["satisfaction_numerator"]),
        "scale": float(cfg["evaluation"]["leader"]["scale_max"]),
        "owner_path": programme.owner.path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
        "w_commitment": float(weights["commitment"]),
        "w_public": float(weights["public"]),
        "w_leader": float(weights["leader"]),
    }


def write_run(run, programme, period):
    """Compute the period's star levels into `run`; returns the number of rows written."""
    sql = SQL.replace("{level}", level_case(programme.config["star_levels"]["thresholds"]))
    with connection.cursor() as cursor:
        # The planner's guess for this one statement is far above its real cost; JIT compiling it would take
        # seconds (measured: 7.5 s of 11.5 s on a loaded machine) for a query that runs in well under one.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params(run, programme, period))
        return cursor.rowcount
