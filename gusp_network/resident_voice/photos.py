"""A report's photo, the only file a resident may send.

Frappe's upload endpoint (`frappe.handler.upload_file`) either refuses guests or, with the
site-wide "Allow Guests to Upload Files", accepts any file of an allowed name for any document,
trusting the extension, keeping the EXIF (a phone's GPS position, its owner's name) and
letting the caller name a whitelisted method to run. The app keeps that setting off and answers
uploads by guests and residents (website users) itself: only the photo of a report, only JPEG,
PNG or WebP as read from the content, measured after reading, re-encoded without metadata, private
and named at random. Desk users keep Frappe's own upload.

A photo given on a report must be a file its sender uploaded and that no other document uses.
"""

import io
import secrets

import frappe
from frappe import _
from frappe.handler import upload_file as frappe_upload_file
from frappe.rate_limiter import rate_limit
from frappe.utils import add_to_date, cint, now_datetime
from PIL import Image, ImageOps

from gusp_network.exceptions import InvalidPhotoError
from gusp_network.resident_voice.contacts import resident_account
from gusp_network.resident_voice.intake import check_guest_may_report
from gusp_network.settings import get_settings

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_SIDE = 2560  # pixels kept on the longest side
MAX_PIXELS = 50_000_000  # larger images are refused before decoding (decompression bombs)
UNUSED_PHOTO_HOURS = 24  # a photo sent with no report is refused, then deleted, after this
PHOTO_NAME = "signalement-{token}.{extension}"


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=3600)
def upload_file():
	"""Frappe's `upload_file` (wired in hooks.py): residents' photos here, desk users to Frappe."""
	user = frappe.session.user
	if user != "Guest" and frappe.get_cached_value("User", user, "user_type") == "System User":
		return frappe_upload_file()
	return save_resident_photo()


def save_resident_photo():
	form = frappe.form_dict
	# web forms send no doctype (their Attach control has no form): whatever they name, the file
	# can only become a report's photo
	if (
		form.doctype not in (None, "", "Resident Report")
		or form.fieldname not in (None, "", "photo")
		or "file" not in frappe.request.files
		or form.method
		or form.file_url
		or form.get("library_file_name")
	):
		frappe.throw(_("Only the photo of a report may be sent."), frappe.PermissionError)
	check_guest_may_report()
	content = read_upload(frappe.request.files["file"])
	image_bytes, extension = clean_image(content)
	return frappe.get_doc(
		{
			"doctype": "File",
			# an unguessable name: until the report is saved, the file belongs to nothing but its URL
			"file_name": PHOTO_NAME.format(token=secrets.token_hex(12), extension=extension),
			"is_private": 1,
			"content": image_bytes,
		}
	).insert(ignore_permissions=True)


def unused_photo_cutoff():
	return add_to_date(now_datetime(), hours=-UNUSED_PHOTO_HOURS)


def delete_unused_photos() -> None:
	"""Daily (hooks.py `scheduler_events`): photos residents sent but never used in a report.

	Each is a private file of someone who may have given up, or a stranger filling the disk; after
	`UNUSED_PHOTO_HOURS` no report may take it any more (`check_photo`)."""
	unused = frappe.get_all(
		"File",
		filters={
			"file_name": ("like", PHOTO_NAME.format(token="%", extension="%")),
			"attached_to_name": ("is", "not set"),
			"is_folder": 0,
			"creation": ("<", unused_photo_cutoff()),
		},
		pluck="name",
	)
	for name in unused:
		frappe.delete_doc("File", name, ignore_permissions=True, delete_permanently=True)


def max_bytes() -> int:
	return (cint(get_settings().max_photo_size_mb) or 5) * 1024 * 1024


def read_upload(upload) -> bytes:
	"""The upload's bytes, measured as read (never trusting a declared size)."""
	content = upload.stream.read(max_bytes() + 1)
	if len(content) > max_bytes():
		frappe.throw(
			_("The photo is larger than {0} MB.").format(cint(get_settings().max_photo_size_mb) or 5),
			InvalidPhotoError,
		)
	return content


def clean_image(content: bytes) -> tuple[bytes, str]:
	"""The image re-encoded in its own format, turned upright, reduced, with no metadata."""
	try:
		with Image.open(io.BytesIO(content)) as probe:
			image_format = probe.format
			if probe.width * probe.height > MAX_PIXELS:
				raise ValueError("too many pixels")
			probe.verify()
		if image_format not in FORMATS:
			raise ValueError(image_format)
		image = ImageOps.exif_transpose(Image.open(io.BytesIO(content)))
		image.thumbnail((MAX_SIDE, MAX_SIDE))
		if image_format == "JPEG" and image.mode not in ("RGB", "L"):
			image = image.convert("RGB")
		output = io.BytesIO()
		# a new image carries no EXIF, XMP or text chunk unless given one
		image.save(output, format=image_format, quality=85)
	except Exception:
		frappe.throw(_("The photo must be an image (JPEG, PNG or WebP)."), InvalidPhotoError)
	return output.getvalue(), FORMATS[image_format]


def check_photo(doc) -> None:
	"""The photo of a report: an image file its sender uploaded, used by no other document."""
	file = frappe.db.get_value(
		"File",
		{"file_url": doc.photo},
		["name", "owner", "creation", "file_size", "attached_to_doctype", "attached_to_name"],
		as_dict=True,
		order_by="creation desc",
	)
	if not file:
		frappe.throw(_("The photo must be an image (JPEG, PNG or WebP)."), InvalidPhotoError)
	if file.attached_to_name and (file.attached_to_doctype, file.attached_to_name) != (doc.doctype, doc.name):
		frappe.throw(_("This photo belongs to another document."), InvalidPhotoError)
	if not file.attached_to_name and file.owner != (resident_account() or frappe.session.user):
		frappe.throw(_("This photo belongs to another document."), InvalidPhotoError)
	if not file.attached_to_name and file.creation < unused_photo_cutoff():
		frappe.throw(_("This photo was sent too long ago: please send it again."), InvalidPhotoError)
	if cint(file.file_size) > max_bytes():
		frappe.throw(
			_("The photo is larger than {0} MB.").format(cint(get_settings().max_photo_size_mb) or 5),
			InvalidPhotoError,
		)
	content = frappe.get_doc("File", file.name).get_content()
	try:
		with Image.open(io.BytesIO(content if isinstance(content, bytes) else content.encode())) as image:
			if image.format not in FORMATS:
				raise ValueError(image.format)
			image.verify()
	except Exception:
		frappe.throw(_("The photo must be an image (JPEG, PNG or WebP)."), InvalidPhotoError)
