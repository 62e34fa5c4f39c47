"""The raw SQL statements the benchmark compares the Script Reports with (see report_baselines.py):
one statement each, constant text with `%(name)s` parameters, read as Administrator (no row rule).
A NULL parameter is a filter not set."""

TFPB_REVIEW = """
SELECT c.landlord, c.territory, c.axis, c.year,
	SUM(c.planned_amount) AS planned_amount, SUM(c.actual_amount) AS actual_amount
FROM `tabTFPB Commitment` c
JOIN `tabCooperation Agreement` a ON a.name = c.parent
WHERE c.parenttype = 'Cooperation Agreement' AND c.parentfield = 'tfpb_commitments'
	AND a.agreement_type = 'TFPB Abatement Programme'
	AND (%(from_date)s IS NULL OR a.end_date IS NULL OR a.end_date >= %(from_date)s)
	AND (%(to_date)s IS NULL OR a.start_date IS NULL OR a.start_date <= %(to_date)s)
GROUP BY c.landlord, c.territory, c.axis, c.year
"""

AGREEMENTS_AND_CONTRIBUTIONS = """
SELECT COUNT(DISTINCT a.name) AS agreements,
	COUNT(DISTINCT NULLIF(p.network_member, '')) AS members,
	COALESCE(SUM(p.contribution_amount), 0) AS contributions,
	COUNT(DISTINCT CASE WHEN a.end_date BETWEEN %(today)s AND %(soon)s THEN a.name END) AS ending_soon,
	COUNT(a.name) AS table_rows
FROM `tabCooperation Agreement` a
LEFT JOIN `tabCooperation Agreement Party` p
	ON p.parent = a.name AND p.parenttype = 'Cooperation Agreement' AND p.parentfield = 'parties'
WHERE (%(from_date)s IS NULL OR a.end_date IS NULL OR a.end_date >= %(from_date)s)
	AND (%(to_date)s IS NULL OR a.start_date IS NULL OR a.start_date <= %(to_date)s)
"""

# a cell is covered on a land status when a validated Lead rule for the theme or one of its parents,
# on the territory or one of its parents, names that land status or "Any"
COMPETENCE_MAP = """
WITH rule AS (
	SELECT r.theme, r.territory, r.land_status FROM `tabResponsibility` r
	WHERE r.role = 'Lead' AND (r.status IS NULL OR r.status != 'Proposed')
), place AS (
	SELECT t.name, t.lft, t.rgt FROM `tabGUSP Territory` t WHERE t.territory_type = %(territory_type)s
), theme_up AS (
	SELECT th.name AS theme, up.name AS ancestor FROM `tabGUSP Theme` th
	JOIN `tabGUSP Theme` up ON up.lft <= th.lft AND th.rgt <= up.rgt
), place_up AS (
	SELECT pl.name AS territory, up.name AS ancestor FROM place pl
	JOIN `tabGUSP Territory` up ON up.lft <= pl.lft AND pl.rgt <= up.rgt
), cell AS (
	SELECT tu.theme, pu.territory,
		CASE WHEN MAX(rule.land_status = 'Any') = 1 THEN %(land_count)s
		ELSE COUNT(DISTINCT CASE WHEN rule.land_status IN %(lands)s THEN rule.land_status END) END AS lands
	FROM rule
	JOIN theme_up tu ON tu.ancestor = rule.theme
	JOIN place_up pu ON pu.ancestor = rule.territory
	GROUP BY tu.theme, pu.territory
)
SELECT (SELECT COUNT(*) FROM `tabGUSP Theme`) * (SELECT COUNT(*) FROM place) AS cells,
	COALESCE(SUM(cell.lands = %(land_count)s), 0) AS covered,
	COALESCE(SUM(cell.lands > 0 AND cell.lands < %(land_count)s), 0) AS partly_covered,
	(SELECT COUNT(*) FROM `tabGrey Zone` z
		JOIN place ON place.name = z.territory JOIN `tabGUSP Theme` zt ON zt.name = z.theme
		WHERE z.status IS NULL OR z.status != 'Settled') AS open_grey_zones
FROM cell
"""

WORKSTREAM_PROGRESS = """
SELECT w.name AS workstream, COALESCE(sh.sheets, 0) AS sheets, sh.states,
	COALESCE(st.steps, 0) AS steps, COALESCE(st.steps_due, 0) AS steps_due,
	COALESCE(st.steps_done, 0) AS steps_done, COALESCE(st.late_steps, 0) AS late_steps,
	COALESCE(ind.indicators, 0) AS indicators, COALESCE(ind.reached, 0) AS indicators_reached
FROM `tabWorkstream` w
LEFT JOIN (
	SELECT g.workstream, SUM(g.n) AS sheets, JSON_OBJECTAGG(g.state, g.n) AS states
	FROM (
		SELECT s.workstream, IFNULL(s.workflow_state, '') AS state, COUNT(*) AS n
		FROM `tabAction Sheet` s
		WHERE (%(from_date)s IS NULL OR s.end_date IS NULL OR s.end_date >= %(from_date)s)
			AND (%(to_date)s IS NULL OR s.start_date IS NULL OR s.start_date <= %(to_date)s)
		GROUP BY s.workstream, state
	) g
	GROUP BY g.workstream
) sh ON sh.workstream = w.name
LEFT JOIN (
	SELECT s.workstream, COUNT(*) AS steps,
		SUM(st.due_date <= %(today)s) AS steps_due,
		SUM(st.done = 1) AS steps_done,
		SUM(st.done = 0 AND st.due_date < %(today)s
			AND s.workflow_state NOT IN ('Completed', 'Abandoned')) AS late_steps
	FROM `tabAction Sheet Step` st JOIN `tabAction Sheet` s ON s.name = st.parent
	WHERE st.parenttype = 'Action Sheet' AND st.parentfield = 'steps'
		AND (%(from_date)s IS NULL OR s.end_date IS NULL OR s.end_date >= %(from_date)s)
		AND (%(to_date)s IS NULL OR s.start_date IS NULL OR s.start_date <= %(to_date)s)
	GROUP BY s.workstream
) st ON st.workstream = w.name
LEFT JOIN (
	SELECT s.workstream, COUNT(*) AS indicators,
		SUM((i.target > i.baseline AND i.actual >= i.target)
			OR (i.target < i.baseline AND i.actual > 0 AND i.actual <= i.target)) AS reached
	FROM `tabAction Sheet Indicator` i JOIN `tabAction Sheet` s ON s.name = i.parent
	WHERE i.parenttype = 'Action Sheet' AND i.parentfield = 'indicators' AND i.target != i.baseline
		AND (%(from_date)s IS NULL OR s.end_date IS NULL OR s.end_date >= %(from_date)s)
		AND (%(to_date)s IS NULL OR s.start_date IS NULL OR s.start_date <= %(to_date)s)
	GROUP BY s.workstream
) ind ON ind.workstream = w.name
"""

# a date or datetime in the period: from_date ≤ value < the day after to_date; the reports are grouped
# on IFNULL(member, ''), read in one pass rather than along the member index (as the report does)
MEMBER_ENGAGEMENT = """
SELECT m.name AS member,
	COALESCE(led.n, 0) AS sheets_led, COALESCE(partnered.n, 0) AS sheets_partnered,
	COALESCE(rep.received, 0) AS reports_received, COALESCE(rep.resolved, 0) AS reports_resolved,
	COALESCE(rep.on_time, 0) AS reports_resolved_on_time, COALESCE(needs.n, 0) AS needs_answered,
	COALESCE(agr.n, 0) AS agreements, COALESCE(con.proposed, 0) AS contributions_proposed,
	COALESCE(con.published, 0) AS contributions_published,
	COALESCE(meet.n, 0) AS meetings_attended, COALESCE(ev.n, 0) AS evaluations
FROM `tabNetwork Member` m
LEFT JOIN (
	SELECT s.lead_member AS member, COUNT(*) AS n FROM `tabAction Sheet` s
	WHERE s.lead_member IS NOT NULL
		AND (%(from_date)s IS NULL OR s.end_date IS NULL OR s.end_date >= %(from_date)s)
		AND (%(to_date)s IS NULL OR s.start_date IS NULL OR s.start_date <= %(to_date)s)
	GROUP BY s.lead_member
) led ON led.member = m.name
LEFT JOIN (
	SELECT p.network_member AS member, COUNT(DISTINCT s.name) AS n
	FROM `tabAction Sheet Partner` p JOIN `tabAction Sheet` s ON s.name = p.parent
	WHERE p.parenttype = 'Action Sheet' AND p.parentfield = 'partners'
		AND (%(from_date)s IS NULL OR s.end_date IS NULL OR s.end_date >= %(from_date)s)
		AND (%(to_date)s IS NULL OR s.start_date IS NULL OR s.start_date <= %(to_date)s)
	GROUP BY p.network_member
) partnered ON partnered.member = m.name
LEFT JOIN (
	SELECT IFNULL(r.responsible_member, '') AS member, COUNT(*) AS received,
		SUM(r.public_status = 'Closed') AS resolved,
		SUM(r.public_status = 'Closed' AND r.closed_on <= r.due_date) AS on_time
	FROM `tabResident Report` r
	WHERE (r.public_status != 'Closed' OR IFNULL(r.closing_reason, '') != 'Duplicate')
		AND (%(from_date)s IS NULL OR r.creation >= %(from_date)s)
		AND (%(to_end)s IS NULL OR r.creation < %(to_end)s)
	GROUP BY member
) rep ON rep.member = m.name
LEFT JOIN (
	SELECT c.member, COUNT(DISTINCT n.name) AS n
	FROM `tabResident Need` n
	JOIN (
		SELECT s.name AS sheet, s.lead_member AS member FROM `tabAction Sheet` s
		UNION
		SELECT p.parent, p.network_member FROM `tabAction Sheet Partner` p
		WHERE p.parenttype = 'Action Sheet' AND p.parentfield = 'partners'
	) c ON c.sheet = n.action_sheet
	WHERE (%(from_date)s IS NULL OR n.creation >= %(from_date)s)
		AND (%(to_end)s IS NULL OR n.creation < %(to_end)s)
	GROUP BY c.member
) needs ON needs.member = m.name
LEFT JOIN (
	SELECT p.network_member AS member, COUNT(DISTINCT a.name) AS n
	FROM `tabCooperation Agreement Party` p JOIN `tabCooperation Agreement` a ON a.name = p.parent
	WHERE p.parenttype = 'Cooperation Agreement' AND p.parentfield = 'parties'
		AND (%(from_date)s IS NULL OR a.end_date IS NULL OR a.end_date >= %(from_date)s)
		AND (%(to_date)s IS NULL OR a.start_date IS NULL OR a.start_date <= %(to_date)s)
	GROUP BY p.network_member
) agr ON agr.member = m.name
LEFT JOIN (
	SELECT c.contributor AS member, COUNT(*) AS proposed,
		SUM(c.workflow_state = 'Published') AS published
	FROM `tabNewsletter Contribution` c
	WHERE c.contributor IS NOT NULL
		AND (%(from_date)s IS NULL OR c.creation >= %(from_date)s)
		AND (%(to_end)s IS NULL OR c.creation < %(to_end)s)
	GROUP BY c.contributor
) con ON con.member = m.name
LEFT JOIN (
	SELECT p.network_member AS member, COUNT(DISTINCT g.name) AS n
	FROM `tabNetwork Meeting Participant` p JOIN `tabNetwork Meeting` g ON g.name = p.parent
	WHERE p.parenttype = 'Network Meeting' AND p.parentfield = 'participants' AND p.attended = 1
		AND (%(from_date)s IS NULL OR g.starts_on >= %(from_date)s)
		AND (%(to_end)s IS NULL OR g.starts_on < %(to_end)s)
	GROUP BY p.network_member
) meet ON meet.member = m.name
LEFT JOIN (
	SELECT p.network_member AS member, COUNT(DISTINCT e.name) AS n
	FROM `tabEvaluation Evaluator` p JOIN `tabEvaluation` e ON e.name = p.parent
	WHERE p.parenttype = 'Evaluation' AND p.parentfield = 'evaluators'
		AND (%(from_date)s IS NULL OR e.evaluation_date >= %(from_date)s)
		AND (%(to_end)s IS NULL OR e.evaluation_date < %(to_end)s)
	GROUP BY p.network_member
) ev ON ev.member = m.name
"""

# The reports counted per group and per number of days to resolve (`hist`: one pass over the
# reports), each count's rank among its group's resolved reports and among all of them (window sums
# over those few thousand rows), then per group (WITH ROLLUP: the whole selection, whose group is NULL;
# a report with no group has '' here) the sums and the continuous percentiles, read at the ranks
# fraction * (n - 1) as PERCENTILE_CONT does: lower + (rank - floor) * (upper - lower).
SERVICE_LEVELS = """
SELECT w.group_value, SUM(w.received) AS received, SUM(w.open_reports) AS open_reports,
	SUM(w.past_due) AS past_due, SUM(w.resolved) AS resolved,
	MAX(w.m_lo) + MAX(w.m_frac) * (MAX(w.m_hi) - MAX(w.m_lo)) AS median_days,
	MAX(w.p_lo) + MAX(w.p_frac) * (MAX(w.p_hi) - MAX(w.p_lo)) AS p90_days,
	SUM(w.closed_on_time) AS closed_on_time, SUM(w.resolved_with_due_date) AS resolved_with_due_date,
	SUM(w.me_too_voices) AS me_too_voices, SUM(w.reopened) AS reopened, SUM(w.closed_once) AS closed_once,
	MAX(w.n_lo) + MAX(w.n_frac) * (MAX(w.n_hi) - MAX(w.n_lo)) AS network_median_days
FROM (
	SELECT r.*,
		CASE WHEN r.g_below <= FLOOR(0.5 * r.g_last) AND FLOOR(0.5 * r.g_last) < r.g_below + r.timed
			THEN r.days END AS m_lo,
		CASE WHEN r.g_below <= CEIL(0.5 * r.g_last) AND CEIL(0.5 * r.g_last) < r.g_below + r.timed
			THEN r.days END AS m_hi,
		0.5 * r.g_last - FLOOR(0.5 * r.g_last) AS m_frac,
		CASE WHEN r.g_below <= FLOOR(0.9 * r.g_last) AND FLOOR(0.9 * r.g_last) < r.g_below + r.timed
			THEN r.days END AS p_lo,
		CASE WHEN r.g_below <= CEIL(0.9 * r.g_last) AND CEIL(0.9 * r.g_last) < r.g_below + r.timed
			THEN r.days END AS p_hi,
		0.9 * r.g_last - FLOOR(0.9 * r.g_last) AS p_frac,
		CASE WHEN r.n_below <= FLOOR(0.5 * r.n_last) AND FLOOR(0.5 * r.n_last) < r.n_below + r.n_day
			THEN r.days END AS n_lo,
		CASE WHEN r.n_below <= CEIL(0.5 * r.n_last) AND CEIL(0.5 * r.n_last) < r.n_below + r.n_day
			THEN r.days END AS n_hi,
		0.5 * r.n_last - FLOOR(0.5 * r.n_last) AS n_frac
	FROM (
		SELECT hist.*,
			SUM(hist.timed) OVER (PARTITION BY hist.group_value ORDER BY hist.days) - hist.timed AS g_below,
			SUM(hist.timed) OVER (PARTITION BY hist.group_value) - 1 AS g_last,
			SUM(hist.timed) OVER (ORDER BY hist.days) - SUM(hist.timed) OVER (PARTITION BY hist.days) AS n_below,
			SUM(hist.timed) OVER (PARTITION BY hist.days) AS n_day,
			SUM(hist.timed) OVER () - 1 AS n_last
		FROM (
			SELECT IFNULL(CASE %(group_by)s WHEN 'territory' THEN r.territory WHEN 'theme' THEN r.theme
					ELSE r.responsible_member END, '') AS group_value,
				CASE WHEN r.public_status = 'Closed' THEN DATEDIFF(r.closed_on, DATE(r.creation)) END AS days,
				COUNT(CASE WHEN r.public_status = 'Closed' THEN DATEDIFF(r.closed_on, DATE(r.creation)) END)
					AS timed,
				COUNT(*) AS received,
				SUM(r.public_status = 'Open') AS open_reports,
				SUM(r.public_status = 'Open' AND r.due_date < %(today)s) AS past_due,
				SUM(r.public_status = 'Closed') AS resolved,
				SUM(r.public_status = 'Closed' AND r.closed_on <= r.due_date) AS closed_on_time,
				SUM(r.public_status = 'Closed' AND r.due_date IS NOT NULL) AS resolved_with_due_date,
				SUM(IFNULL(r.me_too_count, 0)) AS me_too_voices,
				SUM(IFNULL(r.reopen_count, 0) > 0) AS reopened,
				SUM(r.public_status = 'Closed' OR IFNULL(r.reopen_count, 0) > 0) AS closed_once
			FROM `tabResident Report` r
			WHERE (r.public_status != 'Closed' OR IFNULL(r.closing_reason, '') != 'Duplicate')
				AND (%(from_date)s IS NULL OR r.creation >= %(from_date)s)
				AND (%(to_end)s IS NULL OR r.creation < %(to_end)s)
			GROUP BY group_value, days
		) hist
	) r
) w
GROUP BY w.group_value WITH ROLLUP
"""

DECISIONS_FOLLOW_UP = """
SELECT COUNT(*) AS decisions,
	COALESCE(SUM(d.decision_status = 'Open' AND d.due_date < %(today)s), 0) AS overdue,
	COUNT(DISTINCT NULLIF(d.owner_member, '')) AS owner_members
FROM `tabNetwork Meeting Decision` d JOIN `tabNetwork Meeting` m ON m.name = d.parent
WHERE d.parenttype = 'Network Meeting' AND d.parentfield = 'decisions'
	AND (%(decision_status)s IS NULL OR d.decision_status = %(decision_status)s)
"""

# the workstream of an evaluation is the evaluated record's (agreements have none)
EVALUATION_SUMMARY = """
WITH evaluation AS (
	SELECT e.name, e.reference_doctype AS kind, e.average_score,
		CASE e.reference_doctype
			WHEN 'Action Sheet' THEN (SELECT s.workstream FROM `tabAction Sheet` s
				WHERE s.name = e.reference_name)
			WHEN 'Network Meeting' THEN (SELECT m.workstream FROM `tabNetwork Meeting` m
				WHERE m.name = e.reference_name)
			WHEN 'Study Trip' THEN (SELECT t.workstream FROM `tabStudy Trip` t
				WHERE t.name = e.reference_name)
		END AS workstream
	FROM `tabEvaluation` e
	WHERE (%(workflow_state)s IS NULL OR e.workflow_state = %(workflow_state)s)
		AND (%(from_date)s IS NULL OR e.evaluation_date >= %(from_date)s)
		AND (%(to_date)s IS NULL OR e.evaluation_date <= %(to_date)s)
), scored AS (
	SELECT s.criterion, ev.name, ev.kind, ev.workstream, s.score
	FROM evaluation ev JOIN `tabEvaluation Score` s
		ON s.parent = ev.name AND s.parenttype = 'Evaluation' AND s.parentfield = 'scores'
	WHERE s.score > 0 AND s.criterion IS NOT NULL
)
SELECT 0 AS indent, criterion, NULL AS kind, NULL AS workstream, COUNT(DISTINCT name) AS evaluations,
	COUNT(*) AS scores, SUM(score) AS score_sum, MIN(score) AS lowest, MAX(score) AS highest
FROM scored GROUP BY criterion
UNION ALL
SELECT 1, criterion, kind, workstream, COUNT(DISTINCT name), COUNT(*), SUM(score), MIN(score), MAX(score)
FROM scored GROUP BY criterion, kind, workstream
UNION ALL
SELECT 2, NULL, NULL, NULL, COUNT(*), SUM(IFNULL(average_score, 0) != 0), SUM(average_score), NULL, NULL
FROM evaluation
"""
