"""Every typed error of the app, in one place.

Controllers and domain logic raise these with a translated message (`frappe.throw(msg, Error)`),
so callers and tests catch the type, not the wording. No module imports another DocType's
controller to reach an error.
"""

import frappe

# ---------------------------------------------------------------- Directory


class UserInAnotherMemberError(frappe.ValidationError):
	"""A desk user is listed as staff of two organisations."""


class DuplicateResponsibilityError(frappe.ValidationError):
	"""The same theme × territory × land status × member × role is recorded twice."""


class UnresolvedGreyZoneError(frappe.ValidationError):
	"""A grey zone is settled without the Responsibility that settles it."""


# ---------------------------------------------------------------- Workstreams


class InvalidWorkstreamNumberError(frappe.ValidationError):
	pass


class EndBeforeStartError(frappe.ValidationError):
	pass


class StepBeforeStartError(frappe.ValidationError):
	pass


class DuplicatePartnerError(frappe.ValidationError):
	pass


# ---------------------------------------------------------------- Resident Voice


class MissingLocationError(frappe.ValidationError):
	pass


class InvalidCoordinatesError(frappe.ValidationError):
	pass


class SpamSuspectedError(frappe.ValidationError):
	"""The honeypot field was filled: a bot, not a resident."""


class GuestReportsClosedError(frappe.PermissionError):
	"""Guests may not report while GUSP Settings says so."""


class InvalidPhotoError(frappe.ValidationError):
	pass


class ClosingReasonError(frappe.ValidationError):
	pass


class TooManyReportsError(frappe.RateLimitExceededError):
	"""More guest reports from one address in an hour than GUSP Settings allows."""


class ReportNotOpenError(frappe.DoesNotExistError):
	""" "Me too" on a report that is no longer open."""


class InvalidInputError(frappe.ValidationError):
	"""A value a client sent that is not a plain value of a sensible length."""


class InvalidContactError(frappe.ValidationError):
	"""A resident's email, phone or name that cannot be kept as given."""


class ReportIsDuplicateError(ReportNotOpenError):
	""" "Me too" on a report marked as a duplicate: the voice belongs to the original."""


class ObservationWithoutThemeError(frappe.ValidationError):
	pass


# ---------------------------------------------------------------- integrations


class Open311Error(Exception):
	"""An Open311 answer other than success: GeoReport's error list, with an HTTP status."""

	def __init__(self, status: int, *messages: str, headers: dict | None = None):
		super().__init__(*messages)
		self.status = status
		self.messages = messages
		self.headers = headers or {}


class NotOwnActionSheetError(frappe.PermissionError):
	"""A member's new action sheet that neither their organisation leads nor lists as partner."""


class FollowRefusedError(frappe.ValidationError):
	"""A request to be kept informed of a report that cannot be taken: no voice added from this
	address first, no consent, or the report already followed by as many as it may be."""


# ---------------------------------------------------------------- Cooperation: agreements


class NegativeAmountError(frappe.ValidationError):
	"""A party's financial contribution, or a TFPB planned or actual amount, below zero."""


class DuplicatePartyError(frappe.ValidationError):
	"""The same Network Member twice among an agreement's parties."""


class SignatureInFutureError(frappe.ValidationError):
	"""A signature dated after today."""


class InvalidTFPBCommitmentError(frappe.ValidationError):
	"""A TFPB commitment outside a QPV, or whose landlord is not a social landlord."""


class AgreementNotSignedError(frappe.ValidationError):
	"""An agreement made Active while a party has not signed or the signed file is missing."""


# ---------------------------------------------------------------- Cooperation: charters


class DuplicateCharterSignatoryError(frappe.ValidationError):
	"""The same member listed twice among a charter's signing members."""


class CharterSignatureInFutureError(frappe.ValidationError):
	"""A charter signed on a day still to come."""


class AdoptedCharterReadOnlyError(frappe.ValidationError):
	"""The content of an adopted (or revised, or archived) charter changed: a revision is a new version."""


class CharterAlreadyRevisedError(frappe.ValidationError):
	"""A second next version of the same charter."""


# ---------------------------------------------------------------- Network Life: meetings


class NotOwnMeetingError(frappe.ValidationError):
	"""A member creates a meeting or a study trip organised by another organisation."""


class CapacityBelowRegistrationsError(frappe.ValidationError):
	"""A meeting's capacity set below the number of people already registered."""


class MeetingNotStartedError(frappe.ValidationError):
	"""A meeting marked as held before it starts."""


class MinutesMissingError(frappe.ValidationError):
	"""Minutes published while none are written."""


class DuplicateParticipantError(frappe.ValidationError):
	"""The same person (account or email) listed twice among a meeting's participants."""


# ---------------------------------------------------------------- Network Life: study trips


class VisitOutsideTripError(frappe.ValidationError):
	"""A study trip's visit dated before the trip starts or after it ends."""


class NegativeBudgetError(NegativeAmountError):
	"""A study trip's budget line with an estimated or actual amount below zero."""


class LearningsMissingError(frappe.ValidationError):
	"""A study trip capitalised while its learnings are not written."""


# ---------------------------------------------------------------- Network Life: the public agenda


class RegistrationClosedError(frappe.ValidationError):
	"""A visitor registers to a meeting that is not on the public agenda, was cancelled or has started."""


class MeetingFullError(frappe.ValidationError):
	"""A visitor registers to a meeting whose seats are all taken."""


class AlreadyRegisteredError(frappe.ValidationError):
	"""An email registered twice to the same meeting from the agenda."""


class ConsentMissingError(frappe.ValidationError):
	"""A registration without the visitor's consent to the use of their email for the meeting."""


class InvalidAssigneeError(frappe.ValidationError):
	"""A meeting's decision assigned to an account that is not a desk user of the network."""


class InvalidFacilitatorError(frappe.ValidationError):
	"""A workstream's facilitation pair names someone who is not the member's agent or not of the
	resource centre."""


# ---------------------------------------------------------------- Knowledge


class ScoreOutOfRangeError(frappe.ValidationError):
	"""An evaluation's score outside 1 to 5."""


class EvaluationRequiredError(frappe.ValidationError):
	"""An action sheet completed with no validated evaluation, while GUSP Settings requires one."""


class NotOwnEvaluationError(frappe.ValidationError):
	"""A member writes an evaluation their organisation is not among the evaluators of."""


class NotOwnPracticeSheetError(frappe.ValidationError):
	"""A member writes a practice sheet whose lead is not their own organisation."""


class DuplicateCoAuthorError(frappe.ValidationError):
	"""A practice sheet lists the same organisation twice among its co-authors."""


class PracticeSheetIncompleteError(frappe.ValidationError):
	"""A practice sheet published without its summary or its content."""


class PracticeSheetSourceNotReadyError(frappe.ValidationError):
	"""A practice sheet drawn from an evaluation not validated, or a study trip not capitalised."""


class NotOwnContributionError(frappe.ValidationError):
	"""A member proposes a newsletter contribution for another organisation than its own."""


class LinkedRecordMissingError(frappe.ValidationError):
	"""A newsletter contribution half linked: a kind of record without the record, or the reverse."""


class NoSelectedContributionError(frappe.ValidationError):
	"""A newsletter edition built while no contribution is selected."""


class ContributionNotSelectedError(frappe.ValidationError):
	"""A newsletter edition built from contributions that are not all selected."""


class InvalidSharedAddressError(frappe.ValidationError):
	"""A line of GUSP Settings' shared addresses that is neither an address nor a network."""
