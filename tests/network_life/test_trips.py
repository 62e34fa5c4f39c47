"""Study trips: the budget's totals and gap, the dates and amounts refused (nothing saved), and
the learnings a trip needs to be capitalised, however it is moved there."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from gusp_network.exceptions import (
	EndBeforeStartError,
	LearningsMissingError,
	NegativeAmountError,
	NegativeBudgetError,
	VisitOutsideTripError,
)
from tests.factories import as_user, fake, make_network_member
from tests.network_life.factories import make_trip

TRIP = "Study Trip"
# what the desk's rich-text editor stores when nothing is written
EMPTY_EDITOR = '<div class="ql-editor read-mode"><p><br></p></div>'


def line(category: str, estimated: float, actual: float = 0, **overrides) -> dict:
	return {"category": category, "estimated_amount": estimated, "actual_amount": actual, **overrides}


def new_trip(**overrides):
	"""A trip as a user would fill it in, not saved yet."""
	start = add_days(today(), 30)
	return frappe.get_doc(
		{
			"doctype": TRIP,
			"title": f"Voyage d'étude à {fake.city()} {fake.random_int(1000, 9999)}",
			"destination": fake.city(),
			"organiser": make_network_member().name,
			"start_date": start,
			"end_date": add_days(start, 2),
			"objectives": f"<p>{fake.paragraph()}</p>",
			**overrides,
		}
	)


# ---------------------------------------------------------------- budget


def test_the_budget_totals_and_the_gap_follow_the_budget_lines_on_every_save():
	trip = make_trip(
		budget_lines=[
			line("Transport", 1200.50, 1350),
			line("Accommodation", 800, 640.25),
			line("Meals", 300),
		]
	)
	assert (trip.estimated_total, trip.actual_total, trip.budget_gap) == (2300.50, 1990.25, -310.25)
	stored = frappe.db.get_value(TRIP, trip.name, ["estimated_total", "actual_total", "budget_gap"])
	assert stored == (2300.50, 1990.25, -310.25)

	trip.budget_lines[2].actual_amount = 420
	trip.append("budget_lines", line("Fees", 0, 150))
	trip.save()
	assert (trip.estimated_total, trip.actual_total, trip.budget_gap) == (2300.50, 2560.25, 259.75)

	trip.set("budget_lines", [])
	trip.save()
	assert (trip.estimated_total, trip.actual_total, trip.budget_gap) == (0, 0, 0)


def test_a_total_typed_by_hand_is_replaced_by_the_sum_of_the_lines():
	trip = make_trip(budget_lines=[line("Transport", 500, 450)], estimated_total=99999, budget_gap=1)
	assert (trip.estimated_total, trip.actual_total, trip.budget_gap) == (500, 450, -50)


@pytest.mark.parametrize("fieldname", ["estimated_amount", "actual_amount"])
def test_a_negative_budget_amount_is_refused_with_its_line_named_and_nothing_saved(fieldname):
	trip = new_trip(budget_lines=[line("Transport", 400, 380), line("Accommodation", 200, 210)])
	trip.budget_lines[1].set(fieldname, -50)
	with pytest.raises(NegativeBudgetError) as refused:
		trip.insert()
	message = str(refused.value)
	assert "2" in message and "Accommodation" in message
	assert not frappe.db.exists(TRIP, {"title": trip.title})
	# the same family as the agreements' negative amounts
	assert issubclass(NegativeBudgetError, NegativeAmountError)

	saved = make_trip(budget_lines=[line("Meals", 100, 90)])
	saved.budget_lines[0].set(fieldname, -1)
	with pytest.raises(NegativeBudgetError):
		saved.save()
	stored = frappe.db.get_value("Study Trip Budget Line", {"parent": saved.name}, fieldname)
	assert stored == {"estimated_amount": 100, "actual_amount": 90}[fieldname]
	assert frappe.db.get_value(TRIP, saved.name, "estimated_total") == 100


# ---------------------------------------------------------------- dates


def test_a_trip_ending_before_it_starts_is_refused_and_nothing_saved():
	trip = new_trip(start_date=add_days(today(), 30), end_date=add_days(today(), 29))
	with pytest.raises(EndBeforeStartError):
		trip.insert()
	assert not frappe.db.exists(TRIP, {"title": trip.title})

	saved = make_trip()
	start = saved.start_date
	saved.end_date = add_days(start, -1)
	with pytest.raises(EndBeforeStartError):
		saved.save()
	assert getdate(frappe.db.get_value(TRIP, saved.name, "end_date")) == getdate(add_days(start, 1))


def test_a_one_day_trip_is_accepted():
	trip = make_trip(start_date=add_days(today(), 10), end_date=add_days(today(), 10))
	assert frappe.db.exists(TRIP, trip.name)


@pytest.mark.parametrize("offset", [-1, 3])
def test_a_visit_outside_the_trips_dates_is_refused_and_nothing_saved(offset):
	start = add_days(today(), 40)
	visits = [
		{"visit_date": start, "host": "Ville de Lyon", "topic": "Gestion urbaine de proximité"},
		{"visit_date": add_days(start, offset), "host": "Bailleur social", "topic": "Tri-services"},
	]
	trip = new_trip(start_date=start, end_date=add_days(start, 2), visits=visits)
	with pytest.raises(VisitOutsideTripError) as refused:
		trip.insert()
	assert "Tri-services" in str(refused.value)
	assert not frappe.db.exists(TRIP, {"title": trip.title})


def test_visits_on_the_first_and_last_days_or_undated_are_accepted():
	start = add_days(today(), 40)
	trip = make_trip(
		start_date=start,
		end_date=add_days(start, 2),
		visits=[
			{"visit_date": start, "topic": "Accueil"},
			{"visit_date": add_days(start, 2), "topic": "Bilan"},
			{"topic": "Visite à confirmer"},
		],
	)
	assert len(frappe.get_doc(TRIP, trip.name).visits) == 3

	# moving the trip leaves a visit behind: refused
	trip.reload()
	trip.start_date, trip.end_date = add_days(start, 1), add_days(start, 3)
	with pytest.raises(VisitOutsideTripError):
		trip.save()
	assert getdate(frappe.db.get_value(TRIP, trip.name, "start_date")) == getdate(start)


# ---------------------------------------------------------------- capitalisation


@pytest.mark.parametrize(
	"learnings",
	[None, "", "   ", EMPTY_EDITOR, "<p>&nbsp; </p>", "<p>\u200b</p>", "<div><br></div>\n"],
	ids=["none", "empty", "spaces", "empty-editor", "nbsp", "zero-width", "line-break"],
)
def test_a_trip_cannot_be_capitalised_through_the_workflow_without_learnings(network, learnings):
	trip = make_trip(state="Completed", learnings=learnings)
	with as_user(network.centre), pytest.raises(LearningsMissingError) as refused:
		apply_workflow(trip.as_dict(), "Capitalise")
	assert "Learnings" in str(refused.value)
	assert frappe.db.get_value(TRIP, trip.name, "workflow_state") == "Completed"


def test_a_trip_with_its_learnings_written_is_capitalised_by_the_resource_centre(network):
	trip = make_trip(state="Completed", budget_lines=[line("Transport", 600, 640)])
	with as_user(network.centre):
		doc = frappe.get_doc(TRIP, trip.name)
		doc.learnings = "<p>La tournée commune bailleur-ville-police a réduit les délais.</p>"
		doc.save()
		apply_workflow(doc.as_dict(), "Capitalise")
	assert frappe.db.get_value(TRIP, trip.name, ["workflow_state", "budget_gap"]) == ("Capitalised", 40)


def test_a_trip_saved_straight_as_capitalised_needs_its_learnings_too():
	trip = make_trip(state="Completed", learnings=EMPTY_EDITOR)
	trip.reload()
	trip.workflow_state = "Capitalised"
	with pytest.raises(LearningsMissingError):
		trip.save()
	assert frappe.db.get_value(TRIP, trip.name, "workflow_state") == "Completed"

	trip.reload()
	trip.workflow_state = "Capitalised"
	trip.learnings = "<p>Des binômes d'animation par thématique.</p>"
	trip.save()
	assert frappe.db.get_value(TRIP, trip.name, "workflow_state") == "Capitalised"


def test_the_learnings_of_a_capitalised_trip_cannot_be_emptied():
	trip = make_trip(state="Completed", learnings="<p>Un diagnostic en marchant chaque trimestre.</p>")
	trip.reload()
	trip.workflow_state = "Capitalised"
	trip.save()
	trip.learnings = EMPTY_EDITOR
	with pytest.raises(LearningsMissingError):
		trip.save()
	assert "diagnostic" in frappe.db.get_value(TRIP, trip.name, "learnings")
